"""Plain words for the pages: service messages in the reader's language, next steps, times.

The service speaks English to developers (its exceptions and roll errors name fields and
states). A page shows the reader a catalogue sentence instead: each known service message
has a pattern here and a catalogue key; an unknown one gets a general sentence, with the
original kept for the "technical details" disclosure.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from markupsafe import Markup

from suffrage.service.model import Election, Phase, RollRowError, Turnout

__all__ = [
    "ACTIONS",
    "Action",
    "Plain",
    "PlainRollError",
    "allowed_actions",
    "plain_roll_error",
    "plain_service_error",
    "when",
]

Gettext = Callable[..., str]

# Roll errors of service/roll.py: (pattern, catalogue key). Named groups fill the key.
_ROLL: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), k)
    for p, k in (
        (r"the file is larger than (?P<n>\d+) bytes", "roll_err_too_large"),
        (r"the file is empty", "roll_err_empty"),
        (r"unreadable CSV: (?P<detail>.*)", "roll_err_unreadable"),
        (r"missing column\(s\): (?P<cols>.*)", "roll_err_missing_columns"),
        (r"unknown column\(s\): (?P<cols>.*)", "roll_err_unknown_columns"),
        (r"a column appears twice", "roll_err_column_twice"),
        (r"more than (?P<n>\d+) rows", "roll_err_too_many_rows"),
        (r"the roll has no voters", "roll_err_no_voters"),
        (r"expected (?P<want>\d+) fields, found (?P<got>\d+)", "roll_err_field_count"),
        (r"required, at most 128 printable characters", "roll_err_voter_id"),
        (r"required, at most 200 characters", "roll_err_name"),
        (r"not an e-mail address: (?P<value>.*)", "roll_err_email"),
        (r"(?P<value>.*) is not one of: (?P<styles>.*)", "roll_err_style"),
        (r"an integer 1\.\.(?P<max>\d+), not (?P<value>.*)", "roll_err_weight"),
        (r"voter_id (?P<value>.*) already on row (?P<row>\d+)", "roll_err_duplicate_id"),
        (r"e-mail (?P<value>.*) already on row (?P<row>\d+)", "roll_err_duplicate_email"),
    )
)

# Messages of the service's Conflict and InvalidInput errors an administrator meets.
_SERVICE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), k)
    for p, k in (
        (r"the key ceremony is not finished.*", "svc_no_joint_key"),
        (r"the election has no joint key yet", "svc_no_joint_key"),
        (r"the roll is empty", "svc_roll_empty"),
        (r"(?P<n>\d+) voter\(s\) have not been invited yet", "svc_not_invited"),
        (
            r"(?P<failed>\d+) of (?P<total>\d+) invitation\(s\) could not be sent.*",
            "svc_mail_failed",
        ),
        (r"the election is (?P<phase>[a-z]+), not [a-z]+", "svc_wrong_state"),
        (r"invitations have been sent: the roll can no longer be replaced", "svc_roll_locked"),
        (r"an election with id .* already exists", "svc_exists"),
        (r"a [a-z-]+ ballot needs at least two options", "svc_options_needed"),
        (r"a keep-or-strike ballot names exactly one candidate", "svc_keep_strike"),
        (r"manifest\.threshold: -?\d+ is outside 1\.\.(?P<n>\d+)", "svc_threshold"),
        (r"manifest\.trustees\[\d+\]\.name: .*", "svc_trustee_name"),
        (r"a list election needs at least one seat", "seats_invalid"),
        (r"manifest\.contests\[\d+\]\.outcome\.seats: .*", "seats_invalid"),
        (r"a double majority needs 2 to \d+ named units", "svc_units"),
        (r"each unit is named once", "svc_units"),
        (r"a unit's name is at most 200 characters", "svc_units"),
        (r"manifest\.styles\[\d+\]\.title: .*", "svc_units"),
        (r".*: units are for a plebiscite with a double majority", "svc_units_preset"),
        (r"the ranked contests are not all decrypted: .*", "svc_ranked_pending"),
        (
            r"voter of style .* has weight \d+: a ranked contest needs weight 1.*",
            "svc_ranked_weight",
        ),
    )
)


@dataclass(frozen=True, slots=True)
class Plain:
    """A sentence for the reader, and the service's own words when they differ."""

    text: str
    detail: str | None = None


@dataclass(frozen=True, slots=True)
class PlainRollError:
    row: int
    field: str
    text: str


def _match(
    table: tuple[tuple[re.Pattern[str], str], ...], message: str
) -> tuple[str, dict[str, str]] | None:
    for pattern, key in table:
        found = pattern.fullmatch(message)
        if found:
            return key, found.groupdict()
    return None


def plain_roll_error(t: Gettext, error: RollRowError) -> PlainRollError:
    """A roll error in the reader's language (field name and problem)."""
    found = _match(_ROLL, error.message)
    key, values = found or ("roll_err_other", {"detail": error.message})
    text = t(key, **values)
    return PlainRollError(error.row, t(f"roll_field_{error.field}"), text)


def plain_service_error(t: Gettext, message: str) -> Plain:
    """A service error in the reader's language; the original kept as the detail."""
    found = _match(_SERVICE, message)
    if found is None:
        return Plain(t("svc_unknown"), message)
    key, values = found
    if "phase" in values:
        values["phase"] = t(f"phase_{values['phase']}")
    return Plain(t(key, **values), None)


@dataclass(frozen=True, slots=True)
class Action:
    name: str
    irreversible: bool


ACTIONS: Mapping[str, bool] = {  # action -> whether it cannot be undone
    "joint-key": True,
    "invite": False,
    "resend": False,
    "open": True,
    "close": True,
    "publish": True,
}


def allowed_actions(
    t: Gettext,
    election: Election,
    turnout: Turnout,
    ceremony: Mapping[str, int],
) -> tuple[list[Action], list[str]]:
    """The actions the election's state allows now, and what it is waiting for otherwise."""
    names: list[str] = []
    waiting: list[str] = []
    trustees = len(election.manifest["trustees"])
    threshold = int(election.manifest["threshold"])
    if election.phase is Phase.KEYS:
        if election.public_key is None:
            if ceremony["trustee_commitment"] >= trustees:
                names.append("joint-key")
            else:
                have = ceremony["trustee_commitment"]
                waiting.append(t("waiting_commitments", have=have, n=trustees))
        if turnout.eligible == 0:
            waiting.append(t("waiting_roll"))
        elif turnout.invited < turnout.eligible:
            names.append("invite")
        elif election.public_key is not None:
            names.append("open")
    elif election.phase is Phase.OPEN:
        names.append("close")
    elif election.phase is Phase.TALLIED:
        if ceremony["decryption_share"] >= threshold:
            names.append("publish")
        else:
            have = ceremony["decryption_share"]
            waiting.append(t("waiting_shares", have=have, t=threshold))
    elif election.phase is Phase.PUBLISHED:
        waiting.append(t("waiting_none"))
    return [Action(n, ACTIONS[n]) for n in names], waiting


def when(t: Gettext, moment: Any, *, seconds: bool = False) -> Markup:
    """A time in UTC in the reader's words (``1 May 2026, 12:00 UTC``; catalogue keys
    ``date_format``, ``month_1``..``month_12`` and ``time_utc``) inside a ``<time>``
    element whose ``datetime`` is ISO 8601; a dash when there is no time."""
    if not isinstance(moment, datetime):
        return Markup("—")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    day = t("date_format", day=moment.day, month=t(f"month_{moment.month}"), year=moment.year)
    clock = moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    shown = t("time_utc", time=f"{day}, {clock}")
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return Markup('<time datetime="{}">{}</time>').format(stamp, shown)
