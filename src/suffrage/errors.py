"""The exception tree of suffrage.

Every error the project raises on purpose derives from :class:`SuffrageError`.
Each package has one root below it; callers that expect a builtin can still catch it,
because leaves also subclass the builtin they stand for::

    SuffrageError
    ├── CryptoError                      suffrage.crypto
    │   ├── InvalidEncoding (ValueError)     not a canonical element, scalar or object
    │   ├── InvalidProof                     a proof or signature that fails
    │   ├── DecryptionError                  a plaintext outside the searched range, too few shares
    │   └── ThresholdError                   bad DKG parameters, shares or complaints
    ├── RulesError                       suffrage.rules
    │   ├── BallotFormatError (ValueError)   unreadable ballot file: names file, line and problem
    │   ├── UnknownMethod (KeyError)         no counting method with that id
    │   ├── CountError                       a method cannot count this input
    │   └── ConstitutionError (ValueError)   an invalid constitution: names the field
    ├── ProtocolError                    suffrage.protocol
    │   ├── ManifestError (ValueError)       an invalid election manifest
    │   ├── IllegalTransition                a lifecycle step out of order
    │   └── BoardError                       a bulletin board append that breaks the chain
    ├── VerificationError                suffrage.verify: a record fails a named check
    │   └── RecordFormatError (ValueError)   a record file that cannot be read at all
    └── ServiceError                     suffrage.service
        ├── NotFound (LookupError)
        ├── PermissionDenied
        ├── Conflict
        ├── RateLimited                      too many requests of one caller (429)
        ├── InvalidInput (ValueError)        a request the service rejects; carries per-item details
        └── ScenarioError (ValueError)       an invalid scenario or a run that cannot proceed

Packages import their classes from here so that the tree has one home.
"""

from __future__ import annotations

__all__ = [
    "BallotFormatError",
    "BoardError",
    "Conflict",
    "ConstitutionError",
    "CountError",
    "CryptoError",
    "DecryptionError",
    "IllegalTransition",
    "InvalidEncoding",
    "InvalidInput",
    "InvalidProof",
    "ManifestError",
    "NotFound",
    "PermissionDenied",
    "ProtocolError",
    "RateLimited",
    "RecordFormatError",
    "RulesError",
    "ScenarioError",
    "ServiceError",
    "SuffrageError",
    "ThresholdError",
    "UnknownMethod",
    "VerificationError",
]


class SuffrageError(Exception):
    """Root of every error suffrage raises on purpose."""


class CryptoError(SuffrageError):
    """Root of the errors of ``suffrage.crypto``."""


class InvalidEncoding(CryptoError, ValueError):
    """Bytes or text that are not the canonical encoding of the expected object."""


class InvalidProof(CryptoError):
    """A proof or signature that does not verify; the message names the failed equation."""


class DecryptionError(CryptoError):
    """Decryption cannot complete: too few shares, or a plaintext outside the searched range."""


class ThresholdError(CryptoError):
    """Invalid threshold parameters, a bad share, or a disqualified dealer."""


class RulesError(SuffrageError):
    """Root of the errors of ``suffrage.rules``."""


class BallotFormatError(RulesError, ValueError):
    """A ballot file that cannot be read; the message names the file, line and problem."""


class UnknownMethod(RulesError, KeyError):
    """No counting or apportionment method is registered under that id."""

    def __str__(self) -> str:  # KeyError quotes its argument; keep the message readable
        return str(self.args[0]) if self.args else "unknown method"


class CountError(RulesError):
    """A method cannot count this input (too few candidates, seats out of range, ...)."""


class ConstitutionError(RulesError, ValueError):
    """A constitution (rule set) that is not valid; the message names the field path."""


class ProtocolError(SuffrageError):
    """Root of the errors of ``suffrage.protocol``."""


class ManifestError(ProtocolError, ValueError):
    """An election manifest that is not valid."""


class IllegalTransition(ProtocolError):
    """A lifecycle step attempted from a state that does not allow it."""


class BoardError(ProtocolError):
    """An append that would break the bulletin board's hash chain or ordering."""


class VerificationError(SuffrageError):
    """A published record fails a named check."""


class RecordFormatError(VerificationError, ValueError):
    """A record file that cannot be parsed at all (malformed, oversized, missing)."""


class ServiceError(SuffrageError):
    """Root of the errors of ``suffrage.service``."""


class NotFound(ServiceError, LookupError):
    """The requested object does not exist."""


class PermissionDenied(ServiceError):
    """The caller is not allowed to do this."""


class Conflict(ServiceError):
    """The request conflicts with the current state."""


class RateLimited(ServiceError):
    """Too many requests of one caller (a credential, an address) in a short time."""


class InvalidInput(ServiceError, ValueError):
    """Input the service rejects; ``details`` lists each problem (row, field, message)."""

    def __init__(self, message: str, details: list[dict[str, object]] | None = None) -> None:
        super().__init__(message)
        self.details: list[dict[str, object]] = list(details or [])


class ScenarioError(ServiceError, ValueError):
    """A scenario that is not valid (the message names the field), or a run that cannot go on."""
