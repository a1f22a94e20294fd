"""Lagrange interpolation at zero: combining ``t`` decryption shares into ``x*alpha``.

Trustee ``i`` holds ``x_i = f(i)`` for a secret polynomial ``f`` of degree ``t - 1`` with
``f(0) = x``. For a set ``S`` of ``t`` indices, ``x = sum_{i in S} lambda_i * x_i`` with
``lambda_i = prod_{j in S, j != i} j / (j - i)`` (mod ``L``); the same coefficients
combine decryption shares ``d_i = x_i * alpha`` into ``x * alpha``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from suffrage.crypto.group import Element, Scalar
from suffrage.errors import DecryptionError, ThresholdError

if TYPE_CHECKING:
    from suffrage.crypto.elgamal import Ciphertext

__all__ = ["combine_shares", "decrypt_with_shares", "lagrange_coefficient"]


def _check_indices(indices: tuple[int, ...]) -> None:
    for j in indices:
        if not isinstance(j, int) or isinstance(j, bool) or j < 1:
            raise ThresholdError(f"trustee indices are positive integers, got {j!r}")
    if len(set(indices)) != len(indices):
        raise ThresholdError(f"duplicate trustee index in {sorted(indices)}")


def lagrange_coefficient(i: int, indices: Iterable[int]) -> Scalar:
    """``lambda_i`` for interpolation at 0 over ``indices`` (which must contain ``i``)."""
    idx = tuple(indices)
    _check_indices(idx)
    if i not in idx:
        raise ThresholdError(f"trustee {i} is not among the indices {sorted(idx)}")
    num, den = 1, 1
    for j in idx:
        if j != i:
            num *= j
            den *= j - i
    return Scalar.from_int(num) * Scalar.from_int(den).invert()


def combine_shares(shares: Mapping[int, Element], threshold: int) -> Element:
    """``x * alpha`` from at least ``threshold`` shares ``{i: x_i * alpha}``.

    Exactly ``threshold`` shares are used (the lowest indices) so that the cost does not
    grow with extra shares. Raises :class:`DecryptionError` when there are too few.
    """
    if not isinstance(threshold, int) or threshold < 1:
        raise ThresholdError(f"the threshold is a positive integer, got {threshold!r}")
    if len(shares) < threshold:
        raise DecryptionError(
            f"{len(shares)} decryption share(s) given, at least {threshold} are needed"
        )
    used = tuple(sorted(shares)[:threshold])
    _check_indices(used)
    total = Element.identity()
    for i in used:
        total = total + shares[i] * lagrange_coefficient(i, used)
    return total


def decrypt_with_shares(ct: Ciphertext, shares: Mapping[int, Element], threshold: int) -> Element:
    """``m*G = beta - sum lambda_i * d_i`` from at least ``threshold`` (checked) shares.

    The caller verifies each share's proof first (``verify_decryption_share``) and then
    solves ``m`` with a :class:`~suffrage.crypto.dlog.DlogTable`.
    """
    return ct.beta - combine_shares(shares, threshold)
