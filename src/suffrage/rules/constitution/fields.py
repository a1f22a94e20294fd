"""Reading a parsed TOML table field by field, with the field's path in every error.

A :class:`Fields` wraps one table and the dotted path that leads to it
(``constitution.representation.city``). Each accessor checks the type and range of one
value and raises the configured error (``ConstitutionError`` for constitutions, the
service's ``ScenarioError`` for scenarios) with a message such as
``constitution.representation.city.per: must be a positive integer``. :meth:`Fields.done`
rejects keys nobody read, so that a misspelt field is an error rather than a silent default.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, TypeVar

__all__ = ["Fields"]

T = TypeVar("T")
_MISSING: Any = object()


class Fields:
    """One TOML table under a dotted ``path``; errors are raised as ``error(message)``."""

    def __init__(self, data: object, path: str, error: type[Exception]) -> None:
        if not isinstance(data, Mapping):
            raise error(f"{path}: must be a table")
        self._data: Mapping[str, Any] = data
        self.path = path
        self._error = error
        self._read: set[str] = set()

    # -- errors -------------------------------------------------------------------------

    def fail(self, key: str | None, problem: str) -> Exception:
        """The error for ``problem`` at ``key`` (or at this table when ``key`` is None)."""
        where = self.path if key is None else f"{self.path}.{key}"
        return self._error(f"{where}: {problem}")

    def has(self, key: str) -> bool:
        return key in self._data

    def keys(self) -> list[str]:
        return list(self._data)

    def done(self) -> None:
        """Reject the keys that no accessor read (misspelt or unsupported fields)."""
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            close = difflib.get_close_matches(unknown[0], sorted(self._read), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            known = ", ".join(sorted(self._read))
            raise self.fail(unknown[0], f"unknown field{hint}; fields here: {known}")

    # -- scalars ------------------------------------------------------------------------

    def _get(self, key: str, default: Any) -> Any:
        self._read.add(key)
        if key in self._data:
            return self._data[key]
        if default is _MISSING:
            close = difflib.get_close_matches(key, [k for k in self._data if k not in self._read])
            hint = f" (is {close[0]!r} a misspelling of it?)" if close else ""
            raise self.fail(key, f"is required{hint}")
        return default

    def text(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "must be a non-empty string")
        return value

    def integer(self, key: str, default: Any = _MISSING, *, minimum: int = 0) -> Any:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            what = "a positive integer" if minimum == 1 else f"an integer >= {minimum}"
            raise self.fail(key, f"must be {what}")
        return value

    def flag(self, key: str, default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def choice(self, key: str, options: Sequence[str], default: Any = _MISSING) -> Any:
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if value not in options:
            raise self.fail(key, f"must be one of {', '.join(options)}")
        return value

    def share(self, key: str, default: Any = _MISSING) -> Any:
        """A share between 0 and 1: ``0.5``, ``"1/2"``, ``"50%"`` or ``1``."""
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        share = parse_share(value)
        if share is None:
            raise self.fail(key, "must be a share between 0 and 1 (0.5, '1/2' or '50%')")
        return share

    def names(self, key: str, default: Any = _MISSING) -> Any:
        """A list of distinct non-empty strings."""
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, "must be a list of non-empty strings")
        if len(set(value)) != len(value):
            raise self.fail(key, "must not repeat a name")
        return tuple(value)

    def weights(self, key: str, default: Any = _MISSING) -> Any:
        """A table of name -> non-negative number (a distribution, not necessarily summing to 1)."""
        value = self._get(key, default)
        if value is default and default is not _MISSING:
            return value
        if not isinstance(value, Mapping) or not value:
            raise self.fail(key, "must be a non-empty table of name = weight")
        out: dict[str, Fraction] = {}
        for name, weight in value.items():
            share = _number(weight)
            if share is None or share < 0:
                raise self.fail(f"{key}.{name}", "must be a non-negative number")
            out[str(name)] = share
        if sum(out.values()) <= 0:
            raise self.fail(key, "needs at least one positive weight")
        return out

    # -- tables -------------------------------------------------------------------------

    def table(self, key: str, *, required: bool = True) -> Fields | None:
        value = self._get(key, _MISSING if required else None)
        if value is None:
            return None
        return Fields(value, f"{self.path}.{key}", self._error)

    def tables(self, key: str, *, required: bool = False) -> list[Fields]:
        """An array of tables (``[[key]]``); each element's path carries its index."""
        value = self._get(key, _MISSING if required else [])
        if not isinstance(value, list):
            raise self.fail(key, "must be an array of tables")
        return [Fields(v, f"{self.path}.{key}[{i}]", self._error) for i, v in enumerate(value)]

    def named_tables(self, key: str, *, required: bool = False) -> dict[str, Fields]:
        """A table of tables keyed by name (``[key.city]``, ``[key.village]``)."""
        value = self._get(key, _MISSING if required else {})
        if not isinstance(value, Mapping):
            raise self.fail(key, "must be a table of named tables")
        return {str(k): Fields(v, f"{self.path}.{key}.{k}", self._error) for k, v in value.items()}


def parse_share(value: object) -> Fraction | None:
    """``value`` as a share in [0, 1], or None when it is not one."""
    share = _number(value)
    if share is None or not 0 <= share <= 1:
        return None
    return share


def _number(value: object) -> Fraction | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(str(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.endswith("%"):
                return Fraction(text[:-1].strip()) / 100
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            return None
    return None
