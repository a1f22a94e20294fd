"""Voter credentials, made by a credential authority separate from the board (7.6).

The authority draws one secret credential code per voter, hands each code to its voter
only, and publishes nothing but the public credentials ``S = s*G``. It keeps no secret
after issuing: :func:`issue_credentials` returns the codes for delivery and the public
list for the voter list, and the caller forgets the codes once delivered.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from suffrage.crypto.group import Element, RandomSource, Scalar
from suffrage.errors import InvalidEncoding

__all__ = [
    "CREDENTIAL_LABEL",
    "Credential",
    "IssuedCredentials",
    "credential_from_code",
    "issue_credentials",
    "new_credential",
]

CREDENTIAL_LABEL: Final = b"suffrage/1/credential"
_CODE = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Credential:
    """A voter's secret code, the secret scalar derived from it and the public credential."""

    code: str
    secret: Scalar
    public: Element

    def __repr__(self) -> str:  # never print the secret
        return f"Credential(public={self.public!r})"


def _derive(code: str) -> Scalar:
    return Scalar.from_wide_bytes(hashlib.sha512(bytes.fromhex(code) + CREDENTIAL_LABEL).digest())


def credential_from_code(code: str) -> Credential:
    """Rebuild a credential from the 64-hex-character code the voter received."""
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise InvalidEncoding("a credential code is 64 lowercase hex characters")
    secret = _derive(code)
    if secret.is_zero():
        raise InvalidEncoding("this credential code derives the zero scalar")
    return Credential(code, secret, Element.base_times(secret))


def new_credential(rng: RandomSource) -> Credential:
    """A fresh uniform credential."""
    while True:
        code = rng(32).hex()
        if not _derive(code).is_zero():  # probability 2^-252; loop for exactness
            return credential_from_code(code)


@dataclass(frozen=True, slots=True)
class IssuedCredentials:
    """What the authority hands out: secret codes per voter id, and the public credentials."""

    codes: dict[str, str]
    public: dict[str, Element]


def issue_credentials(voter_ids: Sequence[str], rng: RandomSource) -> IssuedCredentials:
    """One fresh credential per voter id (ids must be distinct)."""
    if len(set(voter_ids)) != len(voter_ids):
        raise ValueError("voter ids must be distinct")
    codes: dict[str, str] = {}
    public: dict[str, Element] = {}
    for vid in voter_ids:
        cred = new_credential(rng)
        codes[vid] = cred.code
        public[vid] = cred.public
    return IssuedCredentials(codes, public)
