"""Mail adapter: plain-text messages through an SMTP relay."""

from suffrage.adapters.mail.smtp import SmtpMailer

__all__ = ["SmtpMailer"]
