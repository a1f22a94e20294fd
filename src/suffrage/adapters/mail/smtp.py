"""An SMTP :class:`~suffrage.service.ports.Mailer` (one connection per message).

Security is ``none`` (plain SMTP, for a relay on the same host), ``starttls`` (upgrade
after EHLO, refusing a server that does not offer it) or ``tls`` (TLS from the first
byte, usually port 465); certificates are checked against the system's trust store.
With a username the mailer authenticates (only over TLS unless ``allow_plain_auth``).
Every message gets ``Date`` and the queued ``Message-ID``; no header value may carry
a line break.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import Literal

from suffrage.service.delivery import check_header
from suffrage.service.model import Mail
from suffrage.service.ports import MailError

__all__ = ["SmtpMailer", "SmtpSecurity"]

SmtpSecurity = Literal["none", "starttls", "tls"]


@dataclass(frozen=True)
class SmtpMailer:
    host: str
    port: int
    sender: str
    timeout: float = 30.0
    security: SmtpSecurity = "none"
    username: str | None = None
    password: str | None = None
    allow_plain_auth: bool = False

    def __post_init__(self) -> None:
        check_header("sender", self.sender)
        if self.username and self.security == "none" and not self.allow_plain_auth:
            raise ValueError("SMTP authentication without TLS: set security to starttls or tls")

    def message(self, mail: Mail) -> EmailMessage:
        message = EmailMessage()
        headers = {
            "From": self.sender,
            "To": mail.to,
            "Subject": mail.subject,
            "Date": formatdate(usegmt=True),
            "Message-ID": mail.message_id,
        }
        for name, value in headers.items():
            message[name] = check_header(name, value)
        message.set_content(mail.body)
        return message

    def send(self, mail: Mail) -> None:
        message = self.message(mail)
        try:
            with self._connect() as smtp:
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            reasons = "; ".join(f"{code} {text!r}" for code, text in exc.recipients.values())
            raise MailError(f"recipient refused: {reasons}", bounced=True) from None
        except smtplib.SMTPResponseException as exc:
            reason = f"{exc.smtp_code} {exc.smtp_error!r}"
            raise MailError(reason, permanent=500 <= exc.smtp_code < 600) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise MailError(f"the relay does not support this: {exc}", permanent=True) from None

    def _connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        if self.security == "tls":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            try:
                smtp.starttls(context=context)
            except BaseException:
                smtp.close()
                raise
        return smtp
