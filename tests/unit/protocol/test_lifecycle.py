from __future__ import annotations

import pytest

from suffrage.errors import IllegalTransition
from suffrage.protocol.lifecycle import EVENT_TYPES, TRANSITIONS, Phase, next_phase

HAPPY_PATH = [
    ("setup", Phase.KEYS),
    ("trustee_commitment", Phase.KEYS),
    ("joint_key", Phase.KEYS),
    ("voter_list", Phase.KEYS),
    ("open", Phase.OPEN),
    ("ballot", Phase.OPEN),
    ("audit", Phase.OPEN),
    ("close", Phase.CLOSED),
    ("tally", Phase.TALLIED),
    ("decryption_share", Phase.TALLIED),
    ("result", Phase.PUBLISHED),
]


def test_happy_path_walks_every_phase_in_order() -> None:
    phase = Phase.DRAFT
    seen = [phase]
    for event, expected in HAPPY_PATH:
        phase = next_phase(phase, event)
        assert phase is expected
        if phase is not seen[-1]:
            seen.append(phase)
    assert seen == list(Phase)


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("event", sorted(EVENT_TYPES))
def test_every_pair_outside_the_table_is_illegal(phase: Phase, event: str) -> None:
    if (phase, event) in TRANSITIONS:
        assert next_phase(phase, event) is TRANSITIONS[(phase, event)]
    else:
        with pytest.raises(IllegalTransition, match=f"'{event}' is not allowed"):
            next_phase(phase, event)


def test_nothing_follows_the_result_and_unknown_events_are_named() -> None:
    with pytest.raises(IllegalTransition, match=r"allowed: nothing"):
        next_phase(Phase.PUBLISHED, "ballot")
    with pytest.raises(IllegalTransition, match="unknown event type 'vote'"):
        next_phase(Phase.OPEN, "vote")
