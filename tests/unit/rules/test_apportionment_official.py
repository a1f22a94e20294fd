"""Seat allocations of real elections, reproduced from the published vote figures."""

from __future__ import annotations

from fractions import Fraction

from suffrage.rules import Tally
from suffrage.rules.apportionment import dhondt, sainte_lague


def test_new_zealand_2020_sainte_lague_with_threshold_or_electorate() -> None:
    """New Zealand general election, 17 October 2020, official party votes.

    Source: Electoral Commission, "2020 General Election official results" (6 November
    2020): Labour 65, National 33, Green 10, ACT 10, Māori Party 2 of 120 seats. Rule:
    Electoral Act 1993 ss. 191-193: Sainte-Laguë among parties with at least 5% of the
    party votes or at least one electorate seat (the Māori Party won Waiariki). Parties
    not listed polled below NZ First and won no electorate; they cannot change the
    outcome.
    """
    votes = Tally(
        ("Labour", "National", "Green", "ACT", "Māori Party", "NZ First"),
        (1_443_545, 738_275, 226_757, 219_031, 33_630, 75_020),
    )
    result = sainte_lague(
        votes, seats=120, threshold=Fraction(5, 100), wins={"Māori Party": 1}, wins_needed=1
    )
    assert result.seats == {
        "Labour": 65, "National": 33, "Green": 10, "ACT": 10, "Māori Party": 2, "NZ First": 0,
    }  # fmt: skip
    assert "Māori Party qualifies with 1 constituency wins" in result.rounds[0].events
    without_electorate = sainte_lague(votes, seats=120, threshold=Fraction(5, 100))
    assert without_electorate.seats is not None
    assert without_electorate.seats["Māori Party"] == 0


def test_poland_2023_sejm_constituency_20_dhondt() -> None:
    """Sejm election, 15 October 2023, constituency no. 20 (Warsaw environs), 12 seats.

    Source: Państwowa Komisja Wyborcza results as reported by TVN24 Warszawa (October
    2023): KO 257,470, PiS 231,905, Trzecia Droga 110,086, Konfederacja 51,573,
    Lewica 51,556; seats KO 4, PiS 4, TD 2, Konfederacja 1, Lewica 1. Lists below the
    national 5% threshold (Electoral Code art. 196) take no part in the allocation
    (art. 232, D'Hondt). The last seat went to Lewica by 62 votes.
    """
    parties = ("KO", "PiS", "Trzecia Droga", "Konfederacja", "Lewica")
    votes = (257_470, 231_905, 110_086, 51_573, 51_556)
    result = dhondt(Tally(parties, votes), seats=12)
    assert result.seats == {"KO": 4, "PiS": 4, "Trzecia Droga": 2, "Konfederacja": 1, "Lewica": 1}
    assert result.rounds[1].events[-1] == "seat 12: Lewica (51556)"
    # 63 fewer votes for Lewica and KO's fifth quotient (51,494) would have won.
    fewer = dhondt(Tally(parties, (*votes[:4], 51_556 - 63)), seats=12)
    assert fewer.seats is not None
    assert (fewer.seats["KO"], fewer.seats["Lewica"]) == (5, 0)
