from __future__ import annotations

import pytest

from suffrage.crypto import ORDER, Element, Scalar
from suffrage.errors import InvalidEncoding


def test_generator_encoding_is_rfc9496_base_point() -> None:
    assert Element.generator().hex() == (
        "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76"
    )


def test_scalar_rejects_values_at_or_above_order() -> None:
    with pytest.raises(InvalidEncoding, match="non-canonical"):
        Scalar.from_bytes(ORDER.to_bytes(32, "little"))


def test_identity_rejected_unless_allowed() -> None:
    with pytest.raises(InvalidEncoding, match="identity"):
        Element.from_bytes(bytes(32))
    assert Element.from_bytes(bytes(32), allow_identity=True).is_identity()


def test_zero_times_element_is_identity() -> None:
    assert (Element.generator() * Scalar.zero()).is_identity()
