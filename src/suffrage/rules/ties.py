"""The explicit tie policy: earlier rounds first, then a lot drawn from a published seed.

A lot is reproducible: each tied name gets the key SHA-256(seed || purpose || name) and
the order of keys decides. Publishing the seed before the count lets anyone redo it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from suffrage.rules.result import Number, TieBreak

__all__ = ["DEFAULT_SEED", "TiePolicy"]

DEFAULT_SEED = b"suffrage-default-tie-seed"


@dataclass(frozen=True, slots=True)
class TiePolicy:
    """How ties are broken. ``use_earlier_rounds`` follows the backwards tie-break."""

    seed: bytes = DEFAULT_SEED
    use_earlier_rounds: bool = True

    def pick(
        self,
        tied: Sequence[str],
        *,
        purpose: str,
        prefer: str,
        history: Sequence[Mapping[str, Number]] = (),
    ) -> tuple[str, TieBreak | None]:
        """Choose one of ``tied``.

        ``prefer`` is ``"highest"`` (e.g. to elect) or ``"lowest"`` (e.g. to exclude):
        the candidate with the highest (lowest) total at the latest earlier round where
        the tied totals differ is chosen; failing that, a lot. ``history`` lists the
        totals of earlier rounds, oldest first. A single candidate is returned as is.
        """
        if prefer not in ("highest", "lowest"):
            raise ValueError("prefer must be 'highest' or 'lowest'")
        names = list(tied)
        if len(names) == 1:
            return names[0], None
        if self.use_earlier_rounds:
            for back, totals in enumerate(reversed(history)):
                values = {n: totals.get(n, 0) for n in names}
                best = max(values.values()) if prefer == "highest" else min(values.values())
                leaders = [n for n in names if values[n] == best]
                if len(leaders) < len(names):
                    names = leaders
                    if len(names) == 1:
                        round_no = len(history) - back
                        return names[0], TieBreak(
                            purpose, tuple(tied), names[0], f"earlier round {round_no}"
                        )
        chosen = self.lot(names, purpose)
        return chosen, TieBreak(purpose, tuple(tied), chosen, f"lot (seed {self.seed.hex()})")

    def lot(self, names: Sequence[str], purpose: str) -> str:
        """The name whose key SHA-256(seed || 0 || purpose || 0 || name) is smallest."""
        return min(names, key=lambda n: self._key(purpose, n))

    def lot_order(self, names: Sequence[str], purpose: str) -> list[str]:
        """All names in lot order (first drawn first)."""
        return sorted(names, key=lambda n: self._key(purpose, n))

    def _key(self, purpose: str, name: str) -> bytes:
        data = self.seed + b"\x00" + purpose.encode() + b"\x00" + name.encode()
        return hashlib.sha256(data).digest()
