"""An SMTP :class:`~suffrage.service.ports.Mailer` (one connection per message)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

__all__ = ["SmtpMailer"]


class SmtpMailer:
    def __init__(self, host: str, port: int, sender: str, timeout: float = 30.0) -> None:
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
            smtp.send_message(message)
