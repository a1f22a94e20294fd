"""Our own variable-time C code for verification equations (``_native.c``); public inputs only.

libsodium's only variable-base multiplication is constant time, and each of its point
additions decodes both inputs and encodes the result. Verifying a proof needs a few linear
combinations of a few public points: :meth:`NativeBackend.combine` decodes each point once
and computes every combination with wNAF recoding and Straus' interleaving, in variable time.
That is safe only because everything a verifier sees is public; secret inputs never come
here (see ``docs/ARCHITECTURE.md``, "Native verification backend").

The extension is built with the package (``setup.py``). There is no fallback: if it does not
import, importing :mod:`suffrage.crypto` fails, rather than silently verifying more slowly.
"""

from __future__ import annotations

from suffrage.crypto._backend import _native

__all__ = ["NativeBackend"]


class NativeBackend:
    """The :class:`~suffrage.crypto._backend.Combiner` protocol over the C extension."""

    name = "native"

    def combine(self, points: bytes, rows: bytes) -> bytes:
        # Looked up at call time, so that a benchmark can record the calls.
        return _native.combine(points, rows)

    def msm(self, points: bytes, scalars: bytes) -> bytes:
        """``s_1*P_1 + ... + s_n*P_n`` over any number of points (Pippenger from 64 on)."""
        return _native.msm(points, scalars)
