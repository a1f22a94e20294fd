"""The lab's voter model: pressure under open ballots, second preferences, strike or abstain."""

from __future__ import annotations

from fractions import Fraction

from suffrage.service.scenario.electorate import Leaning, choose
from suffrage.service.scenario.model import VoterModel

ONE = Fraction(1)
PARTY_OF: dict[str, str | None] = {"Ann": "ruling", "Bob": "other"}


def _votes(
    model: VoterModel,
    secrecy: str,
    kind: str,
    options: tuple[str, ...],
    second: str | None = None,
) -> list[tuple[str, ...] | None]:
    out = []
    for n in range(200):
        leaning = Leaning(f"v{n}", {"other": ONE}, ONE, 1, second, model)
        out.append(
            choose(
                leaning,
                seed="model",
                contest="c",
                kind=kind,
                options=options,
                party_of=PARTY_OF,
                strike_all="(struck)",
                secrecy=secrecy,
            )
        )
    return out


def test_pressure_moves_dissenters_only_under_an_open_ballot() -> None:
    half = VoterModel(ruling="ruling", pressure=Fraction(1, 2))
    open_votes = _votes(half, "open", "choose-one", ("Ann", "Bob"))
    conformed = open_votes.count(("Ann",))
    assert 70 < conformed < 130 and conformed + open_votes.count(("Bob",)) == 200
    secret_votes = _votes(half, "secret", "choose-one", ("Ann", "Bob"))
    assert secret_votes.count(("Bob",)) == 200  # nobody sees a secret ballot
    always = _votes(VoterModel("ruling", ONE), "open", "choose-one", ("Ann", "Bob"))
    assert always.count(("Ann",)) == 200


def test_a_missing_favourite_sends_the_voter_to_her_second_or_home() -> None:
    model = VoterModel(ruling="ruling", pressure=Fraction(0))
    assert set(_votes(model, "secret", "choose-one", ("Ann",), second="ruling")) == {("Ann",)}
    assert set(_votes(model, "secret", "choose-one", ("Ann",))) == {None}


def test_a_single_name_ballot_is_struck_or_abstained_from() -> None:
    strike_all = VoterModel(ruling="ruling", strike=ONE)
    assert set(_votes(strike_all, "secret", "keep-strike", ("Ann",))) == {("(struck)",)}
    stay_home = VoterModel(ruling="ruling", strike=Fraction(0))
    assert set(_votes(stay_home, "secret", "keep-strike", ("Ann",))) == {None}
    some = _votes(
        VoterModel(ruling="ruling", strike=Fraction(1, 2)), "secret", "keep-strike", ("Ann",)
    )
    assert 70 < some.count(("(struck)",)) < 130 and some.count(None) == 200 - some.count(
        ("(struck)",)
    )
    # under an open ballot, pressure first: with pressure 1 every dissenter keeps the name
    watched = _votes(VoterModel("ruling", ONE, Fraction(1, 2)), "open", "keep-strike", ("Ann",))
    assert set(watched) == {("Ann",)}
