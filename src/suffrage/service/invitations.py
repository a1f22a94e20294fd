"""Invitations: issue each voter's credential and queue her mail in one transaction.

The code travels only in the mail. It is queued with the credential, so a crash cannot
leave a voter with a credential and no message on its way: the sending worker
(:mod:`suffrage.service.delivery`) resumes the queue after a restart. Once the relay has
accepted a message, its text (and so the code) is cleared from the queue.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from suffrage.crypto.group import RandomSource
from suffrage.errors import Conflict, NotFound
from suffrage.protocol.credentials import new_credential
from suffrage.service.delivery import compose, message_id
from suffrage.service.model import Delivery, DeliveryProgress, Election, Phase, RollEntry
from suffrage.service.ports import Clock, UnitOfWork, UnitOfWorkFactory

__all__ = ["Invitations", "MailText", "english_invitation"]

#: ``(name, election title, personal link, credential code) -> (subject, body)``
MailText = Callable[[str, str, str, str], tuple[str, str]]


def english_invitation(name: str, title: str, link: str, code: str) -> tuple[str, str]:
    body = (
        f"Dear {name},\n\nyou are invited to vote in: {title}\n\n"
        f"Your personal voting link (keep it secret, it is your credential):\n{link}\n\n"
        f"Credential code: {code}\n"
    )
    return f"Your ballot: {title}", body


def _nothing() -> None:
    return None


@dataclass
class Invitations:
    """Queue, resend and follow the invitations of an election (server-generated credentials)."""

    uow: UnitOfWorkFactory
    clock: Clock
    rng: RandomSource
    base_url: str = "http://127.0.0.1:8000"
    mail_text: MailText = english_invitation
    mail_domain: str = "localhost"
    #: called after messages were queued (wakes the sending worker)
    wake: Callable[[], None] = _nothing

    def invite(self, election_id: str) -> int:
        """Issue a credential to every voter who has none and queue her mail; return how many."""
        with self.uow() as uow:
            election = _keys_phase(uow, election_id)
            queued = 0
            for entry in uow.roll.list(election_id):
                if entry.credential is None:
                    self.issue(uow, election, entry)
                    queued += 1
            uow.commit()
        self.wake()
        return queued

    def resend(self, election_id: str, voter_id: str | None = None) -> int:
        """Send again: to one voter, or (``None``) every message not yet accepted.

        A voter whose message was sent gets a new credential (the old code stops
        working) while the roll is not yet published; after opening, only unsent
        messages can be sent again.
        """
        with self.uow() as uow:
            election = _election(uow, election_id, lock=True)
            now = self.clock.now()
            if voter_id is None:
                count = uow.deliveries.requeue(election_id, None, now)
            else:
                count = self._resend_one(uow, election, voter_id)
            uow.commit()
        self.wake()
        return count

    def _resend_one(self, uow: UnitOfWork, election: Election, voter_id: str) -> int:
        entry = next((e for e in uow.roll.list(election.id) if e.voter_id == voter_id), None)
        if entry is None:
            raise NotFound(f"no voter {voter_id!r} on the roll")
        delivery = uow.deliveries.get(election.id, voter_id)
        if delivery is not None and delivery.mail is not None:
            return uow.deliveries.requeue(election.id, [voter_id], self.clock.now())
        if election.phase is not Phase.KEYS:
            raise Conflict(
                "the invitation was sent and the voter list is published: "
                "the credential cannot be reissued"
            )
        self.issue(uow, election, entry)
        return 1

    def issue(self, uow: UnitOfWork, election: Election, entry: RollEntry) -> None:
        """A new credential for the voter and her mail queued, in ``uow``'s transaction."""
        now = self.clock.now()
        cred = new_credential(self.rng)
        public = cred.public.hex()
        uow.roll.set_credential(election.id, entry.voter_id, public, now)
        link = f"{self.base_url.rstrip('/')}/booth/{election.id}#{cred.code}"
        subject, body = self.mail_text(entry.name, election.title, link, cred.code)
        msg_id = message_id(self.mail_domain, election.id, entry.voter_id, public)
        uow.deliveries.enqueue(
            election.id, entry.voter_id, compose(entry.email, subject, body, msg_id), now
        )

    def progress(self, election_id: str) -> tuple[DeliveryProgress, Sequence[Delivery]]:
        """Counts per state and each voter's delivery (without the message text)."""
        with self.uow() as uow:
            _election(uow, election_id, lock=False)
            return uow.deliveries.progress(election_id), uow.deliveries.list(election_id)


def _election(uow: UnitOfWork, election_id: str, *, lock: bool) -> Election:
    get = uow.elections.get_for_update if lock else uow.elections.get
    election = get(election_id)
    if election is None:
        raise NotFound(f"no election {election_id!r}")
    return election


def _keys_phase(uow: UnitOfWork, election_id: str) -> Election:
    election = _election(uow, election_id, lock=True)
    if election.phase is not Phase.KEYS:
        raise Conflict(f"the election is {election.phase.value}, not {Phase.KEYS.value}")
    return election
