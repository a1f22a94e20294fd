"""The SMTP mailer against a local relay (aiosmtpd on 127.0.0.1): headers, errors, login."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from suffrage.adapters.mail import SmtpMailer
from suffrage.errors import InvalidInput
from suffrage.service.model import Mail
from suffrage.service.ports import MailError

MAIL = Mail("ada@example.org", "Your ballot: Council", "Dear Ada,\n", "<abc123@example.org>")


class Relay:
    """Keeps every message; refuses the recipient ``nobody@example.org``."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.logins: list[bytes] = []

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == "nobody@example.org":
            return "550 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and data.password == b"s3cret"
        if ok:
            self.logins.append(data.login)
        return AuthResult(success=ok)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def relay() -> Iterator[tuple[Relay, int]]:
    handler = Relay()
    port = _port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=handler.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()


def test_messages_carry_date_and_the_queued_message_id(relay: tuple[Relay, int]) -> None:
    handler, port = relay
    SmtpMailer("127.0.0.1", port, "elections@example.org").send(MAIL)
    (message,) = handler.messages
    assert message["Message-ID"] == "<abc123@example.org>"
    assert email.utils.parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert message["From"] == "elections@example.org" and message["To"] == MAIL.to


def test_a_refused_recipient_is_a_bounce(relay: tuple[Relay, int]) -> None:
    _, port = relay
    mailer = SmtpMailer("127.0.0.1", port, "elections@example.org")
    with pytest.raises(MailError) as caught:
        mailer.send(Mail("nobody@example.org", "s", "b", "<x@example.org>"))
    assert caught.value.bounced and caught.value.permanent and "550" in caught.value.reason


def test_starttls_is_required_when_configured(relay: tuple[Relay, int]) -> None:
    handler, port = relay
    mailer = SmtpMailer("127.0.0.1", port, "elections@example.org", security="starttls")
    with pytest.raises(MailError, match="does not support") as caught:
        mailer.send(MAIL)
    assert caught.value.permanent and handler.messages == []  # never sent in the clear


def test_login(relay: tuple[Relay, int]) -> None:
    handler, port = relay
    good = SmtpMailer(
        "127.0.0.1", port, "e@example.org", username="clerk", password="s3cret",
        allow_plain_auth=True,
    )  # fmt: skip
    good.send(MAIL)
    assert handler.logins == [b"clerk"] and len(handler.messages) == 1


def test_a_password_is_never_sent_without_tls_unless_allowed() -> None:
    with pytest.raises(ValueError, match="without TLS"):
        SmtpMailer("127.0.0.1", 25, "e@example.org", username="clerk", password="x")


def test_no_header_value_may_carry_a_line_break(relay: tuple[Relay, int]) -> None:
    handler, port = relay
    mailer = SmtpMailer("127.0.0.1", port, "elections@example.org")
    with pytest.raises(InvalidInput, match="line breaks"):
        mailer.send(Mail("ada@example.org", "Vote\r\nBcc: all@example.org", "b", "<x@y>"))
    with pytest.raises(InvalidInput, match="line breaks"):
        SmtpMailer("127.0.0.1", port, "e@example.org\nBcc: all@example.org")
    assert handler.messages == []
