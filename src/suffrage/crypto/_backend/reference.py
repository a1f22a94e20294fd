"""A pure-Python ristretto255, written from the text of RFC 9496, for differential tests only.

It is slow (milliseconds per scalar multiplication) and not constant-time. Its one job
is to be an independent second implementation: the tests run it side by side with
libsodium on random inputs and on the RFC's test vectors. Production code never uses it.

Points are kept in extended twisted Edwards coordinates ``(X, Y, Z, T)`` with
``x = X/Z``, ``y = Y/Z``, ``xy = T/Z`` on the curve ``-x^2 + y^2 = 1 + d x^2 y^2``
over GF(p), p = 2^255 - 19.
"""

from __future__ import annotations

from typing import Final

from suffrage.crypto._backend import ELEMENT_BYTES, combine_plainly

__all__ = ["ReferenceBackend"]

P: Final = 2**255 - 19
D: Final = (-121665 * pow(121666, -1, P)) % P
# Constants of RFC 9496, section 4.1, as listed there (decimal).
SQRT_M1: Final = 19681161376707505956807079304988542015446066515923890162744021073123829784752
SQRT_AD_MINUS_ONE: Final = (
    25063068953384623474111414158702152701244531502492656460079210482610430750235
)
INVSQRT_A_MINUS_D: Final = (
    54469307008909316920995813868745141605393597292927456921205312896311721017578
)
ONE_MINUS_D_SQ: Final = 1159843021668779879193775521855586647937357759715417654439879720876111806838
D_MINUS_ONE_SQ: Final = (
    40440834346308536858101042469323190826248399146238708352240133220865137265952
)

Point = tuple[int, int, int, int]
IDENTITY_POINT: Final[Point] = (0, 1, 1, 0)


def is_negative(x: int) -> bool:
    """A field element is negative when the low bit of its canonical encoding is set."""
    return (x % P) & 1 == 1


def ct_abs(x: int) -> int:
    x %= P
    return (-x) % P if is_negative(x) else x


def sqrt_ratio_m1(u: int, v: int) -> tuple[bool, int]:
    """RFC 9496 section 4.2: (was_square, r) with r = +sqrt(u/v) or +sqrt(i*u/v)."""
    u %= P
    v %= P
    v3 = v * v % P * v % P
    v7 = v3 * v3 % P * v % P
    r = u * v3 % P * pow(u * v7 % P, (P - 5) // 8, P) % P
    check = v * r % P * r % P
    correct_sign = check == u
    flipped_sign = check == (-u) % P
    flipped_sign_i = check == (-u) * SQRT_M1 % P
    if flipped_sign or flipped_sign_i:
        r = r * SQRT_M1 % P
    return correct_sign or flipped_sign, ct_abs(r)


def decode(data: bytes) -> Point | None:
    """RFC 9496 section 4.3.1; ``None`` for anything that is not a canonical encoding."""
    if len(data) != ELEMENT_BYTES:
        return None
    s = int.from_bytes(data, "little")
    if s >= P or is_negative(s):
        return None
    ss = s * s % P
    u1 = (1 - ss) % P
    u2 = (1 + ss) % P
    u2_sqr = u2 * u2 % P
    v = (-(D * u1 % P * u1) - u2_sqr) % P
    was_square, invsqrt = sqrt_ratio_m1(1, v * u2_sqr)
    den_x = invsqrt * u2 % P
    den_y = invsqrt * den_x % P * v % P
    x = ct_abs(2 * s * den_x)
    y = u1 * den_y % P
    t = x * y % P
    if not was_square or is_negative(t) or y == 0:
        return None
    return (x, y, 1, t)


def encode(p: Point) -> bytes:
    """RFC 9496 section 4.3.2."""
    x0, y0, z0, t0 = p
    u1 = (z0 + y0) * (z0 - y0) % P
    u2 = x0 * y0 % P
    _, invsqrt = sqrt_ratio_m1(1, u1 * u2 % P * u2)
    den1 = invsqrt * u1 % P
    den2 = invsqrt * u2 % P
    z_inv = den1 * den2 % P * t0 % P
    rotate = is_negative(t0 * z_inv)
    if rotate:
        x, y = y0 * SQRT_M1 % P, x0 * SQRT_M1 % P
        den_inv = den1 * INVSQRT_A_MINUS_D % P
    else:
        x, y, den_inv = x0, y0, den2
    if is_negative(x * z_inv):
        y = (-y) % P
    s = ct_abs(den_inv * (z0 - y))
    return s.to_bytes(ELEMENT_BYTES, "little")


def add(p: Point, q: Point) -> Point:
    """Complete addition on the a = -1 twisted Edwards curve, extended coordinates."""
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = x1 * x2 % P
    b = y1 * y2 % P
    c = t1 * D % P * t2 % P
    dd = z1 * z2 % P
    e = ((x1 + y1) * (x2 + y2) - a - b) % P
    f = (dd - c) % P
    g = (dd + c) % P
    h = (b + a) % P
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def negate(p: Point) -> Point:
    x, y, z, t = p
    return ((-x) % P, y, z, (-t) % P)


def scalar_mult(k: int, p: Point) -> Point:
    """Double-and-add, most significant bit first (variable time: tests only)."""
    acc = IDENTITY_POINT
    for bit in bin(k)[2:] if k > 0 else "":
        acc = add(acc, acc)
        if bit == "1":
            acc = add(acc, p)
    return acc


def element_map(t: int) -> Point:
    """RFC 9496 section 4.3.4, the MAP function from a field element to a point."""
    r = SQRT_M1 * t % P * t % P
    u = (r + 1) * ONE_MINUS_D_SQ % P
    v = (-1 - r * D) * (r + D) % P
    was_square, s = sqrt_ratio_m1(u, v)
    s_prime = (-ct_abs(s * t)) % P
    if not was_square:
        s = s_prime
    c = P - 1 if was_square else r
    n = (c * (r - 1) % P * D_MINUS_ONE_SQ - v) % P
    w0 = 2 * s * v % P
    w1 = n * SQRT_AD_MINUS_ONE % P
    w2 = (1 - s * s) % P
    w3 = (1 + s * s) % P
    return (w0 * w3 % P, w2 * w1 % P, w1 * w3 % P, w0 * w2 % P)


def from_uniform_bytes(data: bytes) -> Point:
    """RFC 9496 section 4.3.4: map each half (top bit masked, reduced mod p) and add."""
    halves = (data[:32], data[32:64])
    t1, t2 = ((int.from_bytes(h, "little") & ((1 << 255) - 1)) % P for h in halves)
    return add(element_map(t1), element_map(t2))


def base_point() -> Point:
    """The Ed25519 base point (x, 4/5) with non-negative x, which RFC 9496 takes as generator."""
    y = 4 * pow(5, -1, P) % P
    xx = (y * y - 1) * pow(D * y * y + 1, -1, P) % P
    was_square, x = sqrt_ratio_m1(xx, 1)
    if not was_square:  # pragma: no cover - a fixed computation
        raise AssertionError("the base point's x^2 is a square")
    return (x, y, 1, x * y % P)


class ReferenceBackend:
    """The :class:`~suffrage.crypto._backend.Backend` protocol over the functions above."""

    name = "reference"

    def __init__(self) -> None:
        self._base = base_point()

    def is_valid_point(self, p: bytes) -> bool:
        return decode(p) is not None

    def add(self, p: bytes, q: bytes) -> bytes:
        return encode(add(_must_decode(p), _must_decode(q)))

    def sub(self, p: bytes, q: bytes) -> bytes:
        return encode(add(_must_decode(p), negate(_must_decode(q))))

    def scalarmult(self, s: bytes, p: bytes) -> bytes:
        return encode(scalar_mult(int.from_bytes(s, "little"), _must_decode(p)))

    def scalarmult_base(self, s: bytes) -> bytes:
        return encode(scalar_mult(int.from_bytes(s, "little"), self._base))

    def from_hash(self, h: bytes) -> bytes:
        return encode(from_uniform_bytes(h))

    def combine(self, points: bytes, rows: bytes) -> bytes:
        return combine_plainly(self, points, rows)


def _must_decode(p: bytes) -> Point:
    point = decode(p)
    if point is None:
        raise ValueError("not a canonical ristretto255 encoding")
    return point
