"""Identical lines of a large file counted with numpy, without a Python object per line.

A file of a million ballots over a few thousand distinct rankings is mostly repeats.
Splitting it into a million ``bytes`` objects and hashing them in a ``Counter`` costs
about 0.2 s; here the lines stay in the file's buffer:

1. the newlines are found with one comparison over the bytes;
2. every line, zero-padded to a multiple of 8 bytes, is read as 64-bit words into
   columns (strided reads of the buffer when all lines have the same length);
3. each row, read as 64-bit words, is hashed to one 64-bit integer, and the rows are
   ordered by the top 32 bits of it with two passes of numpy's 16-bit radix sort
   (stable, so the first row of each group is its first line);
4. every row is compared with its neighbour in that order when their keys are equal, so
   that the result never rests on the hash: on any collision (for a few thousand
   distinct lines, about one file in a few hundred) the caller falls back to its exact
   path.

A NUL byte never occurs in the lines (the caller has checked), so zero padding is
unambiguous: two lines are equal exactly when their padded rows are.
"""

from __future__ import annotations

from typing import Any

__all__ = ["MAX_WIDTH", "count_lines"]

#: Lines longer than this many bytes (or a padded matrix over 16 times the file) are left
#: to the caller's exact path.
MAX_WIDTH = 4096

_MULTIPLIER = 0x9E3779B97F4A7C15  # odd: multiplication by it is a bijection mod 2^64


def count_lines(data: bytes) -> list[tuple[int, int, int]] | None:
    """``(start, end, count)`` of each distinct line of ``data``, in order of first
    appearance (``data[start:end]`` is the line, without its newline); ``None`` when the
    lines are too long or too uneven for the matrix, or on a hash collision."""
    import numpy as np

    if not data:
        return []
    buf = np.frombuffer(data, dtype=np.uint8)
    starts, lengths = _lines(np, buf, data)
    widest = int(lengths.max())
    width = (widest + 8) // 8 * 8  # at least one zero byte of padding per row
    if widest > MAX_WIDTH or width * len(starts) > 16 * len(data) + 4096:
        return None
    words = _columns(np, buf, data, starts, lengths, widest, width)
    digest = words[0] * np.uint64(_MULTIPLIER)
    for column in words[1:]:
        digest = (digest ^ column) * np.uint64(_MULTIPLIER)
    order = _stable_order(np, digest >> np.uint64(32))
    key = digest[order]
    same = key[1:] == key[:-1]
    for column in words:
        ranked = column[order]
        if bool((same & (ranked[1:] != ranked[:-1])).any()):
            return None  # two different lines share a key: let the exact path count them
    heads = np.flatnonzero(np.concatenate(([True], ~same)))
    counts = np.diff(np.append(heads, len(key)))
    first = order[heads]  # the order is stable: a group's first row is its first line
    by_appearance = np.argsort(first)
    at = first[by_appearance]
    ends = starts[at] + lengths[at]
    return list(
        zip(starts[at].tolist(), ends.tolist(), counts[by_appearance].tolist(), strict=True)
    )


def _lines(np: Any, buf: Any, data: bytes) -> tuple[Any, Any]:
    """Start and length of every line (a last line without a newline included)."""
    width = data.find(b"\n") + 1
    n = data.count(b"\n")
    if width and len(data) == n * width and bool((buf[width - 1 :: width] == 10).all()):
        starts = np.arange(0, len(data), width)  # lines of one length: no search needed
        return starts, np.full(n, width - 1)
    ends = np.flatnonzero(buf == 10)
    if data[-1] != 10:
        ends = np.append(ends, len(data))
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    return starts, ends - starts


def _stable_order(np: Any, key: Any) -> Any:
    """A stable ordering of 32-bit keys: two passes of numpy's 16-bit radix sort."""
    order = np.argsort((key & np.uint64(0xFFFF)).astype(np.uint16), kind="stable")
    part = ((key[order] >> np.uint64(16)) & np.uint64(0xFFFF)).astype(np.uint16)
    return order[np.argsort(part, kind="stable")]


def _columns(
    np: Any, buf: Any, data: bytes, starts: Any, lengths: Any, widest: int, width: int
) -> Any:
    """The lines zero-padded to ``width`` bytes, as ``width / 8`` contiguous columns of
    64-bit words (column ``k`` holds bytes ``8k .. 8k + 7`` of every line)."""
    n = len(starts)
    if int(lengths.min()) == widest and len(data) == n * (widest + 1):
        # Lines of one length: each column is a strided read of the buffer, with the
        # bytes past the line (its newline, the next line) masked off.
        padded = np.frombuffer(data + bytes(8), dtype=np.uint8)
        out = np.empty((width // 8, n), dtype=np.uint64)
        for k in range(width // 8):
            view = np.ndarray((n,), dtype="<u8", buffer=padded, offset=8 * k, strides=(widest + 1,))
            keep = min(8, max(0, widest - 8 * k))
            out[k] = view & np.uint64((1 << (8 * keep)) - 1)
        return out
    rows = np.zeros((n, width), dtype=np.uint8)
    keep = np.arange(width) < lengths[:, None]
    rows[keep] = buf[buf != 10]
    return np.ascontiguousarray(rows.view("<u8").T)
