/*
 * Variable-time ristretto255 multi-scalar multiplication for verification equations.
 *
 * PUBLIC INPUTS ONLY. Nothing here runs in constant time: scalar recoding, table lookups
 * and branches depend on the scalars and points. It serves the verification of proofs and
 * signatures, whose inputs are all public; everything with secret inputs (key generation,
 * encryption, proving) stays in libsodium's constant-time code.
 *
 * Written from RFC 9496 (ristretto255 decoding, encoding and its constants) and textbook
 * formulas:
 *   - GF(p), p = 2^255 - 19, five unsigned 51-bit limbs, products in unsigned __int128;
 *     square roots (RFC 9496's SQRT_RATIO_M1) by exponentiation to (p - 5) / 8;
 *   - the twisted Edwards curve -x^2 + y^2 = 1 + d x^2 y^2 in extended coordinates
 *     (X : Y : Z : T), x = X/Z, y = Y/Z, xy = T/Z, with the unified addition and the
 *     doubling of Hisil, Wong, Carter and Dawson (Asiacrypt 2008) for a = -1;
 *   - width-w non-adjacent forms of the scalars and Straus' interleaved method: one chain
 *     of doublings per output, each point adding its precomputed odd multiples;
 *   - for one sum over many points, the bucket method of Pippenger as usually described
 *     for multi-scalar multiplication (signed radix-2^c digits, running sums of buckets).
 *
 * Two entry points. combine(points, rows) decodes k points once and, for each row of
 * k + 1 scalars s_0, s_1, ..., s_k, returns the encoding of s_0*G + s_1*P_1 + ... + s_k*P_k.
 * msm(points, scalars) returns the encoding of one sum s_1*P_1 + ... + s_n*P_n over any
 * number of points (Straus below 64 points, Pippenger from there on).
 *
 * State: the field constants and the generator's table are filled when the module is
 * created (the same values every time) and only read afterwards; a call keeps its work
 * space on the heap and releases the GIL while it computes.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>
#include <string.h>

typedef unsigned __int128 u128;

/* ------------------------------------------------------------------ field GF(2^255-19) */

typedef struct {
    uint64_t v[5];
} fe;

#define MASK51 ((uint64_t)0x7ffffffffffffULL)

static const uint8_t D_BYTES[32] = {
    0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41, 0x41, 0x4d, 0x0a, 0x70, 0x00,
    0x98, 0xe8, 0x79, 0x77, 0x79, 0x40, 0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52};
static const uint8_t D2_BYTES[32] = {
    0x59, 0xf1, 0xb2, 0x26, 0x94, 0x9b, 0xd6, 0xeb, 0x56, 0xb1, 0x83, 0x82, 0x9a, 0x14, 0xe0, 0x00,
    0x30, 0xd1, 0xf3, 0xee, 0xf2, 0x80, 0x8e, 0x19, 0xe7, 0xfc, 0xdf, 0x56, 0xdc, 0xd9, 0x06, 0x24};
static const uint8_t SQRT_M1_BYTES[32] = {
    0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f, 0xad, 0x06, 0x18, 0x43, 0x2f,
    0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00, 0x4d, 0x2b, 0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b};
static const uint8_t INVSQRT_A_MINUS_D_BYTES[32] = {
    0xea, 0x40, 0x5d, 0x80, 0xaa, 0xfd, 0xc8, 0x99, 0xbe, 0x72, 0x41, 0x5a, 0x17, 0x16, 0x2f, 0x9d,
    0x40, 0xd8, 0x01, 0xfe, 0x91, 0x7b, 0xc2, 0x16, 0xa2, 0xfc, 0xaf, 0xcf, 0x05, 0x89, 0x6c, 0x78};
/* The RFC 9496 encoding of the generator (the Ed25519 base point). */
static const uint8_t GENERATOR_BYTES[32] = {
    0xe2, 0xf2, 0xae, 0x0a, 0x6a, 0xbc, 0x4e, 0x71, 0xa8, 0x84, 0xa9, 0x61, 0xc5, 0x00, 0x51, 0x5f,
    0x58, 0xe3, 0x0b, 0x6a, 0xa5, 0x82, 0xdd, 0x8d, 0xb6, 0xa6, 0x59, 0x45, 0xe0, 0x8d, 0x2d, 0x76};
/* The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian. */
static const uint8_t ORDER_BYTES[32] = {
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10};

static uint64_t load64(const uint8_t *b) {
    uint64_t r = 0;
    for (int i = 7; i >= 0; i--) r = (r << 8) | b[i];
    return r;
}

static void store64(uint8_t *b, uint64_t x) {
    for (int i = 0; i < 8; i++) {
        b[i] = (uint8_t)x;
        x >>= 8;
    }
}

/* Bit 255 is ignored here; decoding rejects it by re-encoding and comparing. */
static void fe_frombytes(fe *h, const uint8_t s[32]) {
    uint64_t w0 = load64(s), w1 = load64(s + 8), w2 = load64(s + 16), w3 = load64(s + 24);
    h->v[0] = w0 & MASK51;
    h->v[1] = ((w0 >> 51) | (w1 << 13)) & MASK51;
    h->v[2] = ((w1 >> 38) | (w2 << 26)) & MASK51;
    h->v[3] = ((w2 >> 25) | (w3 << 39)) & MASK51;
    h->v[4] = (w3 >> 12) & MASK51;
}

/* Bring every limb below 2^51 (limb 0 below 2^51 + 2^18 or so); the value is unchanged. */
static void fe_carry(fe *h) {
    uint64_t *v = h->v;
    v[1] += v[0] >> 51;
    v[0] &= MASK51;
    v[2] += v[1] >> 51;
    v[1] &= MASK51;
    v[3] += v[2] >> 51;
    v[2] &= MASK51;
    v[4] += v[3] >> 51;
    v[3] &= MASK51;
    v[0] += 19 * (v[4] >> 51);
    v[4] &= MASK51;
}

/* The unique representative below p, 32 bytes little-endian. */
static void fe_tobytes(uint8_t s[32], const fe *f) {
    fe h = *f;
    fe_carry(&h);
    fe_carry(&h);
    /* Now h < 2^255 + 2^18 < 2p: subtract p once when h >= p, i.e. when h + 19 >= 2^255. */
    uint64_t q = (h.v[0] + 19) >> 51;
    q = (h.v[1] + q) >> 51;
    q = (h.v[2] + q) >> 51;
    q = (h.v[3] + q) >> 51;
    q = (h.v[4] + q) >> 51;
    h.v[0] += 19 * q;
    h.v[1] += h.v[0] >> 51;
    h.v[0] &= MASK51;
    h.v[2] += h.v[1] >> 51;
    h.v[1] &= MASK51;
    h.v[3] += h.v[2] >> 51;
    h.v[2] &= MASK51;
    h.v[4] += h.v[3] >> 51;
    h.v[3] &= MASK51;
    h.v[4] &= MASK51; /* drops 2^255, completing the subtraction of p */
    store64(s, h.v[0] | (h.v[1] << 51));
    store64(s + 8, (h.v[1] >> 13) | (h.v[2] << 38));
    store64(s + 16, (h.v[2] >> 26) | (h.v[3] << 25));
    store64(s + 24, (h.v[3] >> 39) | (h.v[4] << 12));
}

static void fe_zero(fe *h) { memset(h, 0, sizeof *h); }

static void fe_one(fe *h) {
    fe_zero(h);
    h->v[0] = 1;
}

static void fe_add(fe *h, const fe *f, const fe *g) {
    for (int i = 0; i < 5; i++) h->v[i] = f->v[i] + g->v[i];
    fe_carry(h);
}

/* f - g computed as f + 4p - g: every limb of 4p exceeds the limbs of a carried g. */
static void fe_sub(fe *h, const fe *f, const fe *g) {
    static const uint64_t four_p[5] = {
        0x1fffffffffffb4ULL, 0x1ffffffffffffcULL, 0x1ffffffffffffcULL,
        0x1ffffffffffffcULL, 0x1ffffffffffffcULL};
    for (int i = 0; i < 5; i++) h->v[i] = f->v[i] + four_p[i] - g->v[i];
    fe_carry(h);
}

static void fe_neg(fe *h, const fe *f) {
    fe z;
    fe_zero(&z);
    fe_sub(h, &z, f);
}

/*
 * Lazy variants for the point formulas, whose results only feed fe_mul (which accepts limbs
 * below 2^54): no carry. fe_sub_lazy needs a subtrahend with limbs below 2^53 - 76 (a product,
 * or the lazy sum of two products).
 */
static void fe_add_lazy(fe *h, const fe *f, const fe *g) {
    for (int i = 0; i < 5; i++) h->v[i] = f->v[i] + g->v[i];
}

static void fe_sub_lazy(fe *h, const fe *f, const fe *g) {
    static const uint64_t four_p[5] = {
        0x1fffffffffffb4ULL, 0x1ffffffffffffcULL, 0x1ffffffffffffcULL,
        0x1ffffffffffffcULL, 0x1ffffffffffffcULL};
    for (int i = 0; i < 5; i++) h->v[i] = f->v[i] + four_p[i] - g->v[i];
}

/* Schoolbook product; 2^255 = 19 (mod p) folds the high half back with a factor 19. */
static void fe_mul(fe *h, const fe *f, const fe *g) {
    const uint64_t *a = f->v, *b = g->v;
    uint64_t b1 = 19 * b[1], b2 = 19 * b[2], b3 = 19 * b[3], b4 = 19 * b[4];
    u128 r0 = (u128)a[0] * b[0] + (u128)a[1] * b4 + (u128)a[2] * b3 + (u128)a[3] * b2 +
              (u128)a[4] * b1;
    u128 r1 = (u128)a[0] * b[1] + (u128)a[1] * b[0] + (u128)a[2] * b4 + (u128)a[3] * b3 +
              (u128)a[4] * b2;
    u128 r2 = (u128)a[0] * b[2] + (u128)a[1] * b[1] + (u128)a[2] * b[0] + (u128)a[3] * b4 +
              (u128)a[4] * b3;
    u128 r3 = (u128)a[0] * b[3] + (u128)a[1] * b[2] + (u128)a[2] * b[1] + (u128)a[3] * b[0] +
              (u128)a[4] * b4;
    u128 r4 = (u128)a[0] * b[4] + (u128)a[1] * b[3] + (u128)a[2] * b[2] + (u128)a[3] * b[1] +
              (u128)a[4] * b[0];
    r1 += (uint64_t)(r0 >> 51);
    r2 += (uint64_t)(r1 >> 51);
    r3 += (uint64_t)(r2 >> 51);
    r4 += (uint64_t)(r3 >> 51);
    u128 c = (r4 >> 51) * 19 + ((uint64_t)r0 & MASK51);
    h->v[0] = (uint64_t)c & MASK51;
    h->v[1] = ((uint64_t)r1 & MASK51) + (uint64_t)(c >> 51);
    h->v[2] = (uint64_t)r2 & MASK51;
    h->v[3] = (uint64_t)r3 & MASK51;
    h->v[4] = (uint64_t)r4 & MASK51;
}

/* Squaring: the symmetric products of fe_mul counted once, doubled. */
static void fe_sq(fe *h, const fe *f) {
    const uint64_t *a = f->v;
    uint64_t a0_2 = 2 * a[0], a1_2 = 2 * a[1];
    uint64_t a3_19 = 19 * a[3], a4_19 = 19 * a[4];
    u128 r0 = (u128)a[0] * a[0] + (u128)a1_2 * a4_19 + (u128)(2 * a[2]) * a3_19;
    u128 r1 = (u128)a0_2 * a[1] + (u128)(2 * a[2]) * a4_19 + (u128)a[3] * a3_19;
    u128 r2 = (u128)a0_2 * a[2] + (u128)a[1] * a[1] + (u128)(2 * a[3]) * a4_19;
    u128 r3 = (u128)a0_2 * a[3] + (u128)a1_2 * a[2] + (u128)a[4] * a4_19;
    u128 r4 = (u128)a0_2 * a[4] + (u128)a1_2 * a[3] + (u128)a[2] * a[2];
    r1 += (uint64_t)(r0 >> 51);
    r2 += (uint64_t)(r1 >> 51);
    r3 += (uint64_t)(r2 >> 51);
    r4 += (uint64_t)(r3 >> 51);
    u128 c = (r4 >> 51) * 19 + ((uint64_t)r0 & MASK51);
    h->v[0] = (uint64_t)c & MASK51;
    h->v[1] = ((uint64_t)r1 & MASK51) + (uint64_t)(c >> 51);
    h->v[2] = (uint64_t)r2 & MASK51;
    h->v[3] = (uint64_t)r3 & MASK51;
    h->v[4] = (uint64_t)r4 & MASK51;
}

static void fe_sq_times(fe *h, const fe *f, int n) {
    fe_sq(h, f);
    for (int i = 1; i < n; i++) fe_sq(h, h);
}

/* z^(2^250 - 1) (and z^11 on the side), by the usual addition chain. */
static void fe_pow_2_250_1(fe *out, fe *z11, const fe *z) {
    fe t0, t1, z9, z_5, z_10, z_20, z_50, z_100;
    fe_sq(&t0, z);                /* z^2 */
    fe_sq_times(&t1, &t0, 2);     /* z^8 */
    fe_mul(&z9, &t1, z);          /* z^9 */
    fe_mul(z11, &z9, &t0);        /* z^11 */
    fe_sq(&t0, z11);              /* z^22 */
    fe_mul(&z_5, &t0, &z9);       /* z^(2^5 - 1) */
    fe_sq_times(&t0, &z_5, 5);
    fe_mul(&z_10, &t0, &z_5);     /* z^(2^10 - 1) */
    fe_sq_times(&t0, &z_10, 10);
    fe_mul(&z_20, &t0, &z_10);    /* z^(2^20 - 1) */
    fe_sq_times(&t0, &z_20, 20);
    fe_mul(&t1, &t0, &z_20);      /* z^(2^40 - 1) */
    fe_sq_times(&t0, &t1, 10);
    fe_mul(&z_50, &t0, &z_10);    /* z^(2^50 - 1) */
    fe_sq_times(&t0, &z_50, 50);
    fe_mul(&z_100, &t0, &z_50);   /* z^(2^100 - 1) */
    fe_sq_times(&t0, &z_100, 100);
    fe_mul(&t1, &t0, &z_100);     /* z^(2^200 - 1) */
    fe_sq_times(&t0, &t1, 50);
    fe_mul(out, &t0, &z_50);      /* z^(2^250 - 1) */
}

/* z^((p - 5) / 8) = z^(2^252 - 3) = (z^(2^250 - 1))^4 * z. */
static void fe_pow_p58(fe *h, const fe *z) {
    fe t, z11;
    fe_pow_2_250_1(&t, &z11, z);
    fe_sq_times(&t, &t, 2);
    fe_mul(h, &t, z);
}

static int fe_is_negative(const fe *f) {
    uint8_t s[32];
    fe_tobytes(s, f);
    return s[0] & 1;
}

static int fe_is_zero(const fe *f) {
    uint8_t s[32], acc = 0;
    fe_tobytes(s, f);
    for (int i = 0; i < 32; i++) acc |= s[i];
    return acc == 0;
}

static int fe_equal(const fe *f, const fe *g) {
    uint8_t a[32], b[32];
    fe_tobytes(a, f);
    fe_tobytes(b, g);
    return memcmp(a, b, 32) == 0;
}

static void fe_abs(fe *h, const fe *f) {
    if (fe_is_negative(f))
        fe_neg(h, f);
    else
        *h = *f;
}

/* Constants, decoded once when the module is created, then only read. */
static fe FE_D, FE_D2, FE_SQRT_M1, FE_INVSQRT_A_MINUS_D;

/*
 * RFC 9496, section 4.2, SQRT_RATIO_M1(u, v): returns was_square and sets r to the
 * non-negative square root of u/v when it exists, of SQRT_M1*u/v otherwise (0 when u = 0).
 */
static int sqrt_ratio_m1(fe *r, const fe *u, const fe *v) {
    fe v3, v7, t, check, neg_u, neg_u_i;
    fe_sq(&t, v);
    fe_mul(&v3, &t, v);          /* v^3 */
    fe_sq(&t, &v3);
    fe_mul(&v7, &t, v);          /* v^7 */
    fe_mul(&t, u, &v7);
    fe_pow_p58(&t, &t);          /* (u*v^7)^((p-5)/8) */
    fe_mul(&t, &t, &v3);
    fe_mul(r, &t, u);            /* r = u*v^3*(u*v^7)^((p-5)/8) */
    fe_sq(&t, r);
    fe_mul(&check, v, &t);       /* check = v*r^2 */
    fe_neg(&neg_u, u);
    fe_mul(&neg_u_i, &neg_u, &FE_SQRT_M1);
    int correct_sign = fe_equal(&check, u);
    int flipped_sign = fe_equal(&check, &neg_u);
    int flipped_sign_i = fe_equal(&check, &neg_u_i);
    if (flipped_sign || flipped_sign_i) fe_mul(r, r, &FE_SQRT_M1);
    fe_abs(r, r);
    return correct_sign || flipped_sign;
}

/* ------------------------------------------------------------------ group elements */

typedef struct {
    fe X, Y, Z, T;
} ge;

/* A point prepared as an addend: (Y + X, Y - X, 2Z, 2d*T). */
typedef struct {
    fe YpX, YmX, Z2, T2d;
} ge_cached;

static void ge_identity(ge *p) {
    fe_zero(&p->X);
    fe_one(&p->Y);
    fe_one(&p->Z);
    fe_zero(&p->T);
}

static void ge_to_cached(ge_cached *c, const ge *p) {
    fe_add(&c->YpX, &p->Y, &p->X);
    fe_sub(&c->YmX, &p->Y, &p->X);
    fe_add(&c->Z2, &p->Z, &p->Z);
    fe_mul(&c->T2d, &p->T, &FE_D2);
}

/*
 * r = p + q (sign = +1) or p - q (sign = -1): the unified addition of Hisil et al. for
 * a = -1, valid for all inputs. -q swaps Y + X with Y - X and negates T, hence the choices.
 * Limbs: the coordinates of p are products (below 2^51 + 2^15), the lazy sums and
 * differences below 2^54, so every fe_mul input is in range.
 */
static void ge_add_cached(ge *r, const ge *p, const ge_cached *q, int sign) {
    fe a, b, c, d, e, f, g, h, t;
    fe_sub_lazy(&t, &p->Y, &p->X);
    fe_mul(&a, &t, sign > 0 ? &q->YmX : &q->YpX);
    fe_add_lazy(&t, &p->Y, &p->X);
    fe_mul(&b, &t, sign > 0 ? &q->YpX : &q->YmX);
    fe_mul(&c, &p->T, &q->T2d);
    fe_mul(&d, &p->Z, &q->Z2);
    fe_sub_lazy(&e, &b, &a);
    fe_add_lazy(&h, &b, &a);
    if (sign > 0) {
        fe_sub_lazy(&f, &d, &c);
        fe_add_lazy(&g, &d, &c);
    } else {
        fe_add_lazy(&f, &d, &c);
        fe_sub_lazy(&g, &d, &c);
    }
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

/*
 * r = 2p by the doubling of Hisil et al. for a = -1, with the signs of E, F, G, H all
 * flipped (the products are unchanged). T is only computed when with_t is set: a doubling
 * followed by another doubling never reads it.
 */
static void ge_double(ge *r, const ge *p, int with_t) {
    fe a, b, c, e, f, g, h, t;
    fe_sq(&a, &p->X);
    fe_sq(&b, &p->Y);
    fe_sq(&c, &p->Z);
    fe_add_lazy(&c, &c, &c);
    fe_add_lazy(&h, &a, &b);
    fe_add_lazy(&t, &p->X, &p->Y);
    fe_sq(&t, &t);
    fe_sub_lazy(&e, &h, &t);
    fe_sub_lazy(&g, &a, &b);
    fe_add_lazy(&f, &c, &g);
    fe_mul(&r->X, &e, &f);
    fe_mul(&r->Y, &g, &h);
    if (with_t) fe_mul(&r->T, &e, &h);
    fe_mul(&r->Z, &f, &g);
}

/* RFC 9496, section 4.3.1. Returns 0 for anything but a canonical encoding. */
static int ristretto_decode(ge *p, const uint8_t in[32]) {
    fe s, ss, u1, u2, u2_sqr, v, t, invsqrt, den_x, den_y, one;
    uint8_t back[32];
    fe_frombytes(&s, in);
    fe_tobytes(back, &s);
    if (memcmp(back, in, 32) != 0) return 0; /* s >= p, or bit 255 set */
    if (back[0] & 1) return 0;               /* s negative */
    fe_one(&one);
    fe_sq(&ss, &s);
    fe_sub(&u1, &one, &ss);
    fe_add(&u2, &one, &ss);
    fe_sq(&u2_sqr, &u2);
    fe_sq(&t, &u1);
    fe_mul(&t, &t, &FE_D);
    fe_neg(&t, &t);
    fe_sub(&v, &t, &u2_sqr); /* v = -(d*u1^2) - u2^2 */
    fe_mul(&t, &v, &u2_sqr);
    int was_square = sqrt_ratio_m1(&invsqrt, &one, &t);
    fe_mul(&den_x, &invsqrt, &u2);
    fe_mul(&den_y, &invsqrt, &den_x);
    fe_mul(&den_y, &den_y, &v);
    fe_add(&t, &s, &s);
    fe_mul(&t, &t, &den_x);
    fe_abs(&p->X, &t);
    fe_mul(&p->Y, &u1, &den_y);
    fe_one(&p->Z);
    fe_mul(&p->T, &p->X, &p->Y);
    if (!was_square || fe_is_negative(&p->T) || fe_is_zero(&p->Y)) return 0;
    return 1;
}

/* RFC 9496, section 4.3.2. */
static void ristretto_encode(uint8_t out[32], const ge *p) {
    fe u1, u2, t, invsqrt, den1, den2, z_inv, x, y, den_inv, one;
    fe_add(&t, &p->Z, &p->Y);
    fe_sub(&u1, &p->Z, &p->Y);
    fe_mul(&u1, &t, &u1);          /* u1 = (Z + Y)(Z - Y) */
    fe_mul(&u2, &p->X, &p->Y);     /* u2 = X*Y */
    fe_sq(&t, &u2);
    fe_mul(&t, &t, &u1);
    fe_one(&one);
    sqrt_ratio_m1(&invsqrt, &one, &t);
    fe_mul(&den1, &invsqrt, &u1);
    fe_mul(&den2, &invsqrt, &u2);
    fe_mul(&z_inv, &den1, &den2);
    fe_mul(&z_inv, &z_inv, &p->T);
    fe_mul(&t, &p->T, &z_inv);
    if (fe_is_negative(&t)) {
        fe_mul(&x, &p->Y, &FE_SQRT_M1);
        fe_mul(&y, &p->X, &FE_SQRT_M1);
        fe_mul(&den_inv, &den1, &FE_INVSQRT_A_MINUS_D);
    } else {
        x = p->X;
        y = p->Y;
        den_inv = den2;
    }
    fe_mul(&t, &x, &z_inv);
    if (fe_is_negative(&t)) fe_neg(&y, &y);
    fe_sub(&t, &p->Z, &y);
    fe_mul(&t, &den_inv, &t);
    fe_abs(&t, &t);
    fe_tobytes(out, &t);
}

/* ------------------------------------------------------------------ scalars */

/* Scalars are canonical: little-endian integers below the group order L. */
static int scalar_is_canonical(const uint8_t s[32]) {
    for (int i = 31; i >= 0; i--) {
        if (s[i] < ORDER_BYTES[i]) return 1;
        if (s[i] > ORDER_BYTES[i]) return 0;
    }
    return 0; /* equal to L */
}

#define NAF_LEN 256

/* Bits i .. i + w - 1 of the 256-bit integer k (zero beyond bit 255); w <= 16. */
static unsigned bits_at(const uint64_t k[4], int i, int w) {
    int limb = i >> 6, off = i & 63;
    if (limb >= 4) return 0;
    uint64_t v = k[limb] >> off;
    if (off + w > 64 && limb + 1 < 4) v |= k[limb + 1] << (64 - off);
    return (unsigned)(v & (((uint64_t)1 << w) - 1));
}

/*
 * Width-w non-adjacent form: digits d_i in {0, +-1, +-3, ..., +-(2^(w-1) - 1)} with
 * s = sum d_i 2^i and at most one non-zero digit in any w consecutive ones.
 *
 * Textbook recoding, reading the bits of s instead of shifting it: the value still to
 * recode at position i is R = floor(s / 2^i) + carry. When R is even the digit is 0 and
 * the carry moves on with the bit. When R is odd, v = R mod 2^w and the digit is v, or
 * v - 2^w when v >= 2^(w-1) (then R - digit = R + 2^w - v carries one into position
 * i + w); the next w - 1 digits are 0. A canonical scalar is below 2^253, so the highest
 * digit is at position 253 at most. Returns that position, or -1 for zero.
 */
static int wnaf(int8_t naf[NAF_LEN], const uint8_t s[32], int w) {
    const uint64_t k[4] = {load64(s), load64(s + 8), load64(s + 16), load64(s + 24)};
    const unsigned window = 1u << w, half = window >> 1;
    unsigned carry = 0;
    int top = -1;
    memset(naf, 0, NAF_LEN);
    for (int i = 0; i < NAF_LEN;) {
        unsigned bit = bits_at(k, i, 1);
        if (bit == carry) { /* R even: bit + carry is 0 or 2 */
            i++;
            continue;
        }
        unsigned v = (bits_at(k, i, w) + carry) & (window - 1);
        if (v >= half) {
            naf[i] = (int8_t)((int)v - (int)window);
            carry = 1;
        } else {
            naf[i] = (int8_t)v;
            carry = 0;
        }
        top = i;
        i += w;
    }
    return top;
}

/* ------------------------------------------------------------------ multiplication */

#define POINT_WINDOW 5                        /* odd multiples 1P .. 15P */
#define POINT_TABLE (1 << (POINT_WINDOW - 2)) /* 8 entries */
#define BASE_WINDOW 8                         /* odd multiples 1G .. 127G */
#define BASE_TABLE (1 << (BASE_WINDOW - 2))   /* 64 entries */

/* Odd multiples of the generator, filled once when the module is created, then only read. */
static ge_cached BASE_ODD[BASE_TABLE];

/* table[i] = (2i + 1) * p for i < n. */
static void odd_multiples(ge_cached *table, const ge *p, int n) {
    ge twice, acc;
    ge_cached twice_c;
    if (n == 1) {
        ge_to_cached(&table[0], p);
        return;
    }
    ge_double(&twice, p, 1);
    ge_to_cached(&twice_c, &twice);
    acc = *p;
    ge_to_cached(&table[0], &acc);
    for (int i = 1; i < n; i++) {
        ge_add_cached(&acc, &acc, &twice_c, 1);
        ge_to_cached(&table[i], &acc);
    }
}

/* Whether scalar j of every row is 0 or 1: then only 1P of its table is ever read (sums). */
static int column_is_binary(const uint8_t *rows, Py_ssize_t width, Py_ssize_t m, Py_ssize_t j) {
    for (Py_ssize_t r = 0; r < m; r++) {
        const uint8_t *s = rows + width * r + 32 * j;
        if (s[0] > 1) return 0;
        for (int b = 1; b < 32; b++)
            if (s[b]) return 0;
    }
    return 1;
}

static void add_digit(ge *acc, const ge_cached *table, int digit) {
    if (digit > 0)
        ge_add_cached(acc, acc, &table[digit >> 1], 1);
    else if (digit < 0)
        ge_add_cached(acc, acc, &table[(-digit) >> 1], -1);
}

/*
 * One row: s_0*G + sum s_j*P_j (Straus). nafs holds k + 1 recodings of NAF_LEN digits
 * (workspace); tables holds POINT_TABLE odd multiples per point.
 */
static void straus_row(uint8_t out[32], const uint8_t *row, Py_ssize_t k,
                       const ge_cached *tables, int8_t *nafs) {
    int top = wnaf(nafs, row, BASE_WINDOW);
    for (Py_ssize_t j = 1; j <= k; j++) {
        int t = wnaf(nafs + j * NAF_LEN, row + 32 * j, POINT_WINDOW);
        if (t > top) top = t;
    }
    ge acc;
    ge_identity(&acc);
    for (int i = top; i >= 0; i--) {
        if (i != top) {
            /* T is needed by an addition at this index, and by the encoding after the last. */
            int need_t = i == 0 || nafs[i] != 0;
            for (Py_ssize_t j = 1; j <= k && !need_t; j++) need_t = nafs[j * NAF_LEN + i] != 0;
            ge_double(&acc, &acc, need_t);
        }
        add_digit(&acc, BASE_ODD, nafs[i]);
        for (Py_ssize_t j = 1; j <= k; j++)
            add_digit(&acc, tables + (j - 1) * POINT_TABLE, nafs[j * NAF_LEN + i]);
    }
    ristretto_encode(out, &acc);
}

/* ------------------------------------------------------------------ Pippenger */

/*
 * Signed radix-2^c digits: s = sum d_i 2^(c*i), d_i in [-2^(c-1), 2^(c-1)), for
 * i < windows (the last digit absorbs the final carry; a canonical scalar is below 2^253).
 */
static void radix_digits(int16_t *digits, const uint8_t s[32], int c, int windows) {
    const uint64_t k[4] = {load64(s), load64(s + 8), load64(s + 16), load64(s + 24)};
    const unsigned radix = 1u << c, half = radix >> 1;
    unsigned carry = 0;
    for (int i = 0; i < windows; i++) {
        unsigned v = bits_at(k, i * c, c) + carry;
        if (v >= half) {
            digits[i] = (int16_t)((int)v - (int)radix);
            carry = 1;
        } else {
            digits[i] = (int16_t)v;
            carry = 0;
        }
    }
}

/* The bucket width for n points: about log2(n) - 2, from 5 up to 15. */
static int pippenger_width(Py_ssize_t n) {
    int c = 5;
    while (c < 15 && ((Py_ssize_t)1 << (c + 3)) <= n) c++;
    return c;
}

/*
 * sum s_i*P_i by the bucket method (Pippenger): per window of c bits, from the top, the
 * accumulator is doubled c times, every point is added to (or subtracted from) the bucket
 * of its digit, and the buckets are summed as sum_b b*B_b by running sums (2 additions
 * per bucket). Cost: n additions per window plus 2^c per window, against about 50 per
 * point for Straus; worth it from a few dozen points on.
 */
static int pippenger(ge *out, const ge_cached *points, const uint8_t *scalars, Py_ssize_t n) {
    const int c = pippenger_width(n);
    const int windows = (253 + c - 1) / c + 1;
    const Py_ssize_t nbuckets = (Py_ssize_t)1 << (c - 1);
    int16_t *digits = PyMem_RawMalloc(sizeof(int16_t) * (size_t)windows * (size_t)n);
    ge *buckets = PyMem_RawMalloc(sizeof(ge) * (size_t)nbuckets);
    if (digits == NULL || buckets == NULL) {
        PyMem_RawFree(digits);
        PyMem_RawFree(buckets);
        return 0;
    }
    for (Py_ssize_t i = 0; i < n; i++)
        radix_digits(digits + (size_t)windows * i, scalars + 32 * i, c, windows);
    ge acc;
    ge_identity(&acc);
    for (int w = windows - 1; w >= 0; w--) {
        for (int d = 0; d < c && w != windows - 1; d++) ge_double(&acc, &acc, d == c - 1);
        for (Py_ssize_t b = 0; b < nbuckets; b++) ge_identity(&buckets[b]);
        for (Py_ssize_t i = 0; i < n; i++) {
            int digit = digits[(size_t)windows * i + w];
            if (digit > 0)
                ge_add_cached(&buckets[digit - 1], &buckets[digit - 1], &points[i], 1);
            else if (digit < 0)
                ge_add_cached(&buckets[-digit - 1], &buckets[-digit - 1], &points[i], -1);
        }
        ge running, total;
        ge_cached cached;
        ge_identity(&running);
        ge_identity(&total);
        for (Py_ssize_t b = nbuckets - 1; b >= 0; b--) {
            ge_to_cached(&cached, &buckets[b]);
            ge_add_cached(&running, &running, &cached, 1);
            ge_to_cached(&cached, &running);
            ge_add_cached(&total, &total, &cached, 1);
        }
        ge_to_cached(&cached, &total);
        ge_add_cached(&acc, &acc, &cached, 1);
    }
    *out = acc;
    PyMem_RawFree(digits);
    PyMem_RawFree(buckets);
    return 1;
}


/* ------------------------------------------------------------------ Python binding */

PyDoc_STRVAR(combine_doc,
"combine(points, rows, /)\n--\n\n"
"Decode k points (32 bytes each, concatenated) once; for each row of k + 1 scalars\n"
"(32 bytes little-endian each, below the group order), s_0 for the generator G and\n"
"s_j for the j-th point, return the canonical encoding of s_0*G + sum s_j*P_j.\n"
"The results are concatenated (32 bytes per row). Raises ValueError for a point that\n"
"is not a canonical ristretto255 encoding, a scalar not below the group order, or\n"
"lengths that do not fit. Variable time: for public inputs only.");

static PyObject *combine(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyBytes_Check(args[0]) || !PyBytes_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "combine(points: bytes, rows: bytes)");
        return NULL;
    }
    const uint8_t *points = (const uint8_t *)PyBytes_AS_STRING(args[0]);
    const uint8_t *rows = (const uint8_t *)PyBytes_AS_STRING(args[1]);
    Py_ssize_t plen = PyBytes_GET_SIZE(args[0]), rlen = PyBytes_GET_SIZE(args[1]);
    if (plen % 32 != 0) {
        PyErr_SetString(PyExc_ValueError, "points: a multiple of 32 bytes expected");
        return NULL;
    }
    Py_ssize_t k = plen / 32, width = 32 * (k + 1);
    if (k > 1024 || rlen % width != 0) {
        PyErr_Format(PyExc_ValueError, "rows: a multiple of %zd bytes expected (k <= 1024)",
                     width);
        return NULL;
    }
    Py_ssize_t m = rlen / width;
    for (Py_ssize_t i = 0; i < m * (k + 1); i++) {
        if (!scalar_is_canonical(rows + 32 * i)) {
            PyErr_Format(PyExc_ValueError, "scalar %zd of row %zd is not below the group order",
                         i % (k + 1), i / (k + 1));
            return NULL;
        }
    }
    PyObject *result = PyBytes_FromStringAndSize(NULL, 32 * m);
    ge_cached *tables = PyMem_RawMalloc(sizeof(ge_cached) * POINT_TABLE * (size_t)(k ? k : 1));
    int8_t *nafs = PyMem_RawMalloc((size_t)NAF_LEN * (size_t)(k + 1));
    if (result == NULL || tables == NULL || nafs == NULL) {
        Py_XDECREF(result);
        PyMem_RawFree(tables);
        PyMem_RawFree(nafs);
        return result == NULL ? NULL : PyErr_NoMemory();
    }
    uint8_t *out = (uint8_t *)PyBytes_AS_STRING(result);
    Py_ssize_t bad = -1;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t j = 0; j < k && bad < 0; j++) {
        ge p;
        if (ristretto_decode(&p, points + 32 * j))
            odd_multiples(tables + j * POINT_TABLE, &p,
                          column_is_binary(rows, width, m, j + 1) ? 1 : POINT_TABLE);
        else
            bad = j;
    }
    for (Py_ssize_t r = 0; r < m && bad < 0; r++)
        straus_row(out + 32 * r, rows + width * r, k, tables, nafs);
    Py_END_ALLOW_THREADS
    PyMem_RawFree(tables);
    PyMem_RawFree(nafs);
    if (bad >= 0) {
        Py_DECREF(result);
        PyErr_Format(PyExc_ValueError, "point %zd is not a canonical ristretto255 encoding", bad);
        return NULL;
    }
    return result;
}

/* ------------------------------------------------------------------ msm binding */

/* Below this many points, Straus' interleaving (one shared chain of doublings) is cheaper. */
#define PIPPENGER_FROM 64

PyDoc_STRVAR(msm_doc,
"msm(points, scalars, /)\n--\n\n"
"The canonical encoding of s_1*P_1 + ... + s_n*P_n for n points (32 bytes each,\n"
"concatenated) and n scalars (32 bytes little-endian each, below the group order).\n"
"Straus' method for few points, the bucket method (Pippenger) from 64 points on.\n"
"Raises ValueError for a point that is not a canonical ristretto255 encoding, a scalar\n"
"not below the group order, or lengths that do not fit. Variable time: public inputs only.");

static PyObject *msm(PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    (void)module;
    if (nargs != 2 || !PyBytes_Check(args[0]) || !PyBytes_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "msm(points: bytes, scalars: bytes)");
        return NULL;
    }
    const uint8_t *points = (const uint8_t *)PyBytes_AS_STRING(args[0]);
    const uint8_t *scalars = (const uint8_t *)PyBytes_AS_STRING(args[1]);
    Py_ssize_t plen = PyBytes_GET_SIZE(args[0]), slen = PyBytes_GET_SIZE(args[1]);
    if (plen % 32 != 0 || plen != slen) {
        PyErr_SetString(PyExc_ValueError,
                        "points and scalars: as many of each, 32 bytes apiece, expected");
        return NULL;
    }
    Py_ssize_t n = plen / 32;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (!scalar_is_canonical(scalars + 32 * i)) {
            PyErr_Format(PyExc_ValueError, "scalar %zd is not below the group order", i);
            return NULL;
        }
    }
    int straus = n < PIPPENGER_FROM;
    size_t per_point = straus ? POINT_TABLE : 1;
    ge_cached *tables = PyMem_RawMalloc(sizeof(ge_cached) * per_point * (size_t)(n ? n : 1));
    uint8_t *row = straus ? PyMem_RawMalloc((size_t)32 * (size_t)(n + 1)) : NULL;
    int8_t *nafs = straus ? PyMem_RawMalloc((size_t)NAF_LEN * (size_t)(n + 1)) : NULL;
    if (tables == NULL || (straus && (row == NULL || nafs == NULL))) {
        PyMem_RawFree(tables);
        PyMem_RawFree(row);
        PyMem_RawFree(nafs);
        return PyErr_NoMemory();
    }
    uint8_t out[32];
    Py_ssize_t bad = -1;
    int ok = 1;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t j = 0; j < n && bad < 0; j++) {
        ge p;
        if (!ristretto_decode(&p, points + 32 * j))
            bad = j;
        else if (straus)
            odd_multiples(tables + j * POINT_TABLE, &p, POINT_TABLE);
        else
            ge_to_cached(tables + j, &p);
    }
    if (bad < 0 && straus) {
        memset(row, 0, 32);
        memcpy(row + 32, scalars, (size_t)32 * (size_t)n);
        straus_row(out, row, n, tables, nafs);
    } else if (bad < 0) {
        ge sum;
        ok = pippenger(&sum, tables, scalars, n);
        if (ok) ristretto_encode(out, &sum);
    }
    Py_END_ALLOW_THREADS
    PyMem_RawFree(tables);
    PyMem_RawFree(row);
    PyMem_RawFree(nafs);
    if (bad >= 0) {
        PyErr_Format(PyExc_ValueError, "point %zd is not a canonical ristretto255 encoding", bad);
        return NULL;
    }
    if (!ok) return PyErr_NoMemory();
    return PyBytes_FromStringAndSize((const char *)out, 32);
}

static PyMethodDef native_methods[] = {
    {"combine", (PyCFunction)(void (*)(void))combine, METH_FASTCALL, combine_doc},
    {"msm", (PyCFunction)(void (*)(void))msm, METH_FASTCALL, msm_doc},
    {NULL, NULL, 0, NULL},
};

/* Decode the constants and fill the generator's table (about 70 point additions). */
static int native_exec(PyObject *module) {
    ge g;
    PyObject *all = Py_BuildValue("(ss)", "combine", "msm");
    if (all == NULL || PyModule_AddObject(module, "__all__", all) < 0) {
        Py_XDECREF(all);
        return -1;
    }
    fe_frombytes(&FE_D, D_BYTES);
    fe_frombytes(&FE_D2, D2_BYTES);
    fe_frombytes(&FE_SQRT_M1, SQRT_M1_BYTES);
    fe_frombytes(&FE_INVSQRT_A_MINUS_D, INVSQRT_A_MINUS_D_BYTES);
    if (!ristretto_decode(&g, GENERATOR_BYTES)) {
        PyErr_SetString(PyExc_RuntimeError, "the generator does not decode");
        return -1;
    }
    odd_multiples(BASE_ODD, &g, BASE_TABLE);
    return 0;
}

static PyModuleDef_Slot native_slots[] = {
    {Py_mod_exec, native_exec},
    {0, NULL},
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "suffrage.crypto._backend._native",
    .m_doc = "Variable-time ristretto255 multi-scalar multiplication for public verification "
             "equations.",
    .m_size = 0,
    .m_methods = native_methods,
    .m_slots = native_slots,
};

PyMODINIT_FUNC PyInit__native(void) { return PyModuleDef_Init(&native_module); }
