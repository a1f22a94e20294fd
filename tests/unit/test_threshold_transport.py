"""Sealed shares: only the recipient's ``a_j0`` opens them, bound to dealer, recipient, context."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from suffrage.crypto.group import Element, Scalar
from suffrage.crypto.threshold import SEALED_SHARE_SIZE, open_share, seal_share
from suffrage.errors import InvalidEncoding


def test_sealed_share_opens_only_for_its_recipient(rng: Callable[[int], bytes]) -> None:
    a0, other, value = Scalar.random(rng), Scalar.random(rng), Scalar.random(rng)
    sealed = seal_share(Element.base_times(a0), value, 2, 5, b"ctx", rng)
    assert len(sealed) == SEALED_SHARE_SIZE
    assert value.to_bytes() not in sealed
    assert open_share(a0, sealed, 2, 5, b"ctx") == value
    for secret, dealer, recipient, ctx in (
        (other, 2, 5, b"ctx"),
        (a0, 3, 5, b"ctx"),
        (a0, 2, 4, b"ctx"),
        (a0, 2, 5, b"other"),
    ):
        with pytest.raises(InvalidEncoding, match="does not open"):
            open_share(secret, sealed, dealer, recipient, ctx)
    for k in (0, 40, 80):
        bad = bytearray(sealed)
        bad[k] ^= 1
        with pytest.raises(InvalidEncoding):
            open_share(a0, bytes(bad), 2, 5, b"ctx")
    with pytest.raises(InvalidEncoding, match="96 bytes"):
        open_share(a0, sealed[:-1], 2, 5, b"ctx")


def test_sealing_is_randomized(rng: Callable[[int], bytes]) -> None:
    key, value = Element.base_times(Scalar.random(rng)), Scalar.random(rng)
    assert seal_share(key, value, 1, 2, b"", rng) != seal_share(key, value, 1, 2, b"", rng)
