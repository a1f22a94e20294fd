"""Verification commands, and the record sources that read a record from disk.

The sources (and through them the verifier) are loaded on first use, so that registering
the commands costs no more than Typer itself (see :mod:`suffrage.adapters.cli.app`).
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["ArchiveLimits", "DirectorySource", "TarSource", "ZipSource", "commands", "open_record"]


def __getattr__(name: str) -> Any:
    if name == "commands":
        return importlib.import_module(f"{__name__}.commands")
    if name in __all__:
        return getattr(importlib.import_module(f"{__name__}.sources"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
