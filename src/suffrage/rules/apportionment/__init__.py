"""Apportionment methods: seats to parties (or to states) from vote (or population) totals.

Every method takes a :class:`~suffrage.rules.ballots.Tally` and ``seats``, and accepts
``threshold`` (a share, as a Fraction), ``wins`` and ``wins_needed`` (the constituency
alternative to the threshold), and ``minimum`` seats per unit (divisor methods).
"""

from __future__ import annotations

from collections.abc import Callable

from suffrage.rules.apportionment.divisor import (
    adams,
    dhondt,
    divisor_method,
    huntington_hill,
    imperiali,
    modified_sainte_lague,
    sainte_lague,
)
from suffrage.rules.apportionment.remainder import droop, hare, largest_remainder
from suffrage.rules.registry import MethodInfo
from suffrage.rules.result import Result

__all__ = [
    "METHODS",
    "adams",
    "dhondt",
    "divisor_method",
    "droop",
    "hare",
    "huntington_hill",
    "imperiali",
    "largest_remainder",
    "modified_sainte_lague",
    "sainte_lague",
]


def _info(id_: str, name: str, citation: str, count: Callable[..., Result]) -> MethodInfo:
    return MethodInfo(id_, name, "apportionment", "party-votes", citation, count, multi_seat=True)


METHODS: tuple[MethodInfo, ...] = (
    _info(
        "dhondt",
        "D'Hondt (Jefferson) highest averages",
        "V. D'Hondt, Système pratique et raisonné de représentation proportionnelle (1882)",
        dhondt,
    ),
    _info(
        "sainte-lague",
        "Sainte-Laguë (Webster) highest averages",
        "A. Sainte-Laguë, Comptes rendus 151 (1910) 377-378; German BWahlG s. 6",
        sainte_lague,
    ),
    _info(
        "modified-sainte-lague",
        "Modified Sainte-Laguë (first divisor 1.4)",
        "Norway, Representation of the People Act 2002, s. 11-4",
        modified_sainte_lague,
    ),
    _info(
        "hare",
        "Largest remainder, Hare quota (Hare-Niemeyer, Hamilton)",
        "T. Hare, The Election of Representatives (1859); A. Hamilton (1792)",
        hare,
    ),
    _info(
        "droop",
        "Largest remainder, Droop quota",
        "H. R. Droop, J. Statistical Society of London 44 (1881) 141-202",
        droop,
    ),
    _info(
        "huntington-hill",
        "Huntington-Hill (equal proportions)",
        "US Code, 2 U.S.C. s. 2a (Apportionment Act of 1941)",
        huntington_hill,
    ),
    _info(
        "adams",
        "Adams (smallest divisors)",
        "M. L. Balinski and H. P. Young, Fair Representation (1982)",
        adams,
    ),
    _info(
        "imperiali",
        "Imperiali highest averages (divisors 2, 3, 4, ...)",
        "Belgian municipal elections; M. Gallagher, Electoral Studies 10 (1991) 33-51",
        imperiali,
    ),
)
