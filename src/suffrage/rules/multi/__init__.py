"""multi methods."""

from __future__ import annotations

from suffrage.rules.registry import MethodInfo

__all__ = ["METHODS"]

METHODS: tuple[MethodInfo, ...] = ()
