"""Independent verifier of a published election record, written from docs/protocol.md.

It imports only :mod:`suffrage.crypto` primitives and :mod:`suffrage.protocol.encoding`, and
reads a record through a :class:`RecordSource` (the adapters open directories and archives)::

    report = verify_record(source)
    report.valid          # every check passed
    report.failed         # the failed checks, each naming the failed items
"""

from suffrage.verify.api import ProgressCallback, verify_extends, verify_record
from suffrage.verify.report import Check, CheckStatus, Failure, VerificationReport
from suffrage.verify.source import Limits, MemorySource, RecordSource

__all__ = [
    "Check",
    "CheckStatus",
    "Failure",
    "Limits",
    "MemorySource",
    "ProgressCallback",
    "RecordSource",
    "VerificationReport",
    "verify_extends",
    "verify_record",
]
