from __future__ import annotations

import pytest

from suffrage.crypto import DlogTable, Element, Scalar, dlog
from suffrage.errors import DecryptionError


def _g(m: int) -> Element:
    return Element.base_times(Scalar.from_int(m))


def test_small_bounds_every_value() -> None:
    for bound in (0, 1, 2, 3, 10, 17):
        table = DlogTable(bound)
        assert table.baby_steps * table.baby_steps > bound
        for m in range(bound + 1):
            assert table.solve(_g(m)) == m
        with pytest.raises(DecryptionError):
            table.solve(_g(bound + 1))


def test_block_edges_and_custom_baby_steps() -> None:
    table = DlogTable(10_000, baby_steps=37)
    assert len(table) == 37
    for m in (0, 36, 37, 38, 9_989, 9_999, 10_000):
        assert table.solve(_g(m)) == m
    for m in (10_001, 10_036, -1):
        with pytest.raises(DecryptionError, match=r"0\.\.10000"):
            table.solve(_g(m))


def test_narrower_bound_on_solve() -> None:
    table = DlogTable(1000)
    assert table.solve(_g(500), bound=500) == 500
    with pytest.raises(DecryptionError):
        table.solve(_g(501), bound=500)
    with pytest.raises(ValueError, match="outside"):
        table.solve(_g(1), bound=1001)


def test_large_bound_table() -> None:
    table = DlogTable(10**7)
    assert len(table) == 3163
    for m in (0, 3162, 3163, 123_456, 10**7):
        assert table.solve(_g(m)) == m


def test_one_off_helper_and_bad_parameters() -> None:
    assert dlog(_g(12), 20) == 12
    with pytest.raises(DecryptionError):
        dlog(Element.from_uniform_bytes(b"\x07" * 64), 100)
    for bad in (-1, 2**41, 1.5, True):
        with pytest.raises(ValueError):
            DlogTable(bad)  # type: ignore[arg-type]
    for steps in (0, 12):
        with pytest.raises(ValueError):
            DlogTable(10, baby_steps=steps)
