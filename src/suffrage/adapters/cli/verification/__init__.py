"""Verification commands, and the record sources that read a record from disk."""

from suffrage.adapters.cli.verification import commands
from suffrage.adapters.cli.verification.sources import (
    ArchiveLimits,
    DirectorySource,
    TarSource,
    ZipSource,
    open_record,
)

__all__ = ["ArchiveLimits", "DirectorySource", "TarSource", "ZipSource", "commands", "open_record"]
