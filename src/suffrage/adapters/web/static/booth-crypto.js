// The booth's cryptography, written from docs/protocol.md parts 1-5 and 7 (suffrage/1).
// Plain JS over the vendored @noble bundle (static/vendor/noble.js, global `noble`).
// Exposes `SuffrageCrypto` on the global object; runs in browsers and in node (tests).
"use strict";
(function (root) {
  const noble = root.noble;
  const Point = noble.ristretto255.Point;
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  const G = Point.BASE;
  const ZERO_POINT = Point.ZERO;
  const enc = new TextEncoder();

  // ------------------------------------------------------------ bytes (part 1)

  function concat(...parts) {
    let n = 0;
    for (const p of parts) n += p.length;
    const out = new Uint8Array(n);
    let i = 0;
    for (const p of parts) {
      out.set(p, i);
      i += p.length;
    }
    return out;
  }

  function toHex(bytes) {
    let s = "";
    for (const b of bytes) s += b.toString(16).padStart(2, "0");
    return s;
  }

  function fromHex(text, length) {
    if (typeof text !== "string" || !/^([0-9a-f]{2})*$/.test(text)) {
      throw new Error("not lowercase hex of even length");
    }
    if (length !== undefined && text.length !== 2 * length) {
      throw new Error(`expected ${length} bytes of hex`);
    }
    const out = new Uint8Array(text.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
    return out;
  }

  function u64be(n) {
    let v = BigInt(n);
    if (v < 0n || v >= 2n ** 64n) throw new Error("u64be: out of range");
    const out = new Uint8Array(8);
    for (let i = 7; i >= 0; i--) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return out;
  }

  function lp(bytes) {
    return concat(u64be(bytes.length), bytes);
  }

  // ------------------------------------------------------------ scalars (part 2.2)

  function mod(n) {
    const r = n % L;
    return r < 0n ? r + L : r;
  }

  function intLE(bytes) {
    let n = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
    return n;
  }

  function scalarBytes(s) {
    let v = mod(s);
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) {
      out[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    return out;
  }

  function scalarFromBytes(bytes) {
    if (bytes.length !== 32) throw new Error("a scalar is 32 bytes");
    const n = intLE(bytes);
    if (n >= L) throw new Error("scalar not reduced");
    return n;
  }

  const scalarWide = (bytes) => mod(intLE(bytes));

  // A non-zero scalar from 64 bytes of `rng` (part 1, "Randomness").
  function randomScalar(rng) {
    for (;;) {
      const s = scalarWide(rng(64));
      if (s !== 0n) return s;
    }
  }

  function systemRng(n) {
    const out = new Uint8Array(n);
    root.crypto.getRandomValues(out);
    return out;
  }

  // ------------------------------------------------------------ elements (part 2.1)

  function mul(point, s) {
    const k = mod(s);
    return k === 0n ? ZERO_POINT : point.multiply(k);
  }

  const baseTimes = (s) => mul(G, s);
  const elementBytes = (p) => p.toBytes();

  function elementFromBytes(bytes, allowIdentity) {
    if (bytes.length !== 32) throw new Error("an element is 32 bytes");
    if (bytes[31] & 0x80) throw new Error("element encoding has its top bit set");
    const p = Point.fromBytes(bytes);
    if (!allowIdentity && p.equals(ZERO_POINT)) throw new Error("identity element not allowed");
    return p;
  }

  // ------------------------------------------------------------ transcript (part 4)

  class Transcript {
    constructor(label, state) {
      if (state) {
        this.h = state;
        return;
      }
      this.h = noble.sha512.create();
      this.h.update(lp(enc.encode("suffrage/1 transcript")));
      this.h.update(lp(enc.encode(label)));
    }
    item(tag, label, data) {
      this.h.update(concat(Uint8Array.of(tag), lp(enc.encode(label)), lp(data)));
    }
    message(label, data) {
      this.item(1, label, data);
    }
    element(label, p) {
      this.item(2, label, elementBytes(p));
    }
    scalar(label, s) {
      this.item(3, label, scalarBytes(s));
    }
    int(label, n) {
      this.item(4, label, u64be(n));
    }
    challenge(label) {
      this.h.update(concat(Uint8Array.of(5), lp(enc.encode(label))));
      const d = this.h.clone().digest();
      this.h.update(d);
      return scalarWide(d);
    }
  }

  // ------------------------------------------------------------ ElGamal (part 3)

  function encrypt(publicKey, m, r) {
    if (mod(r) === 0n) throw new Error("refusing to encrypt with a zero nonce");
    return { alpha: baseTimes(r), beta: baseTimes(BigInt(m)).add(mul(publicKey, r)) };
  }

  const ciphertextBytes = (ct) => concat(elementBytes(ct.alpha), elementBytes(ct.beta));
  const addCiphertexts = (a, b) => ({ alpha: a.alpha.add(b.alpha), beta: a.beta.add(b.beta) });

  // ------------------------------------------------------------ proofs (part 5)

  function proofTranscript(kind, context) {
    const t = new Transcript("suffrage/1 " + kind);
    t.message("group", enc.encode("ristretto255"));
    t.message("context", context);
    return t;
  }

  // CDS disjunction over k = lo..hi (5.5); `bounds` absorbed for `range`. Expanded form
  // (5.9): the branch challenges and responses, then each branch's commitments a_k || b_k.
  function proveBranches(kind, bounds, publicKey, ct, m, r, lo, hi, context, rng) {
    if (!(lo <= m && m <= hi)) throw new Error(`cannot prove ${m} in ${lo}..${hi}`);
    const t = proofTranscript(kind, context);
    if (bounds) {
      t.int("lo", lo);
      t.int("hi", hi);
    }
    t.element("public", publicKey);
    t.element("alpha", ct.alpha);
    t.element("beta", ct.beta);
    let shifted = ct.beta.subtract(baseTimes(BigInt(lo)));
    const fake = new Map();
    const commitments = [];
    let w = 0n;
    for (let k = lo; k <= hi; k++) {
      let a, b;
      if (k === m) {
        w = randomScalar(rng);
        a = baseTimes(w);
        b = mul(publicKey, w);
      } else {
        const c = randomScalar(rng);
        const z = randomScalar(rng);
        fake.set(k, [c, z]);
        a = baseTimes(z).subtract(mul(ct.alpha, c));
        b = mul(publicKey, z).subtract(mul(shifted, c));
      }
      t.element("a", a);
      t.element("b", b);
      commitments.push(elementBytes(a), elementBytes(b));
      shifted = shifted.subtract(G);
    }
    let cReal = t.challenge("challenge");
    for (const [c] of fake.values()) cReal = mod(cReal - c);
    const parts = [];
    for (let k = lo; k <= hi; k++) {
      const [c, z] = k === m ? [cReal, mod(w + cReal * mod(r))] : fake.get(k);
      parts.push(scalarBytes(c), scalarBytes(z));
    }
    return concat(...parts, ...commitments);
  }

  const proveZeroOrOne = (publicKey, ct, m, r, context, rng) =>
    proveBranches("zero-or-one", false, publicKey, ct, m, r, 0, 1, context, rng);

  const proveRange = (publicKey, ct, m, r, lo, hi, context, rng) =>
    proveBranches("range", true, publicKey, ct, m, r, lo, hi, context, rng);

  // Schnorr signature (5.6): c || z; `expanded` (ballot signatures only, 5.9) adds R.
  function sign(secret, message, rng, expanded = false) {
    const w = randomScalar(rng);
    const commitment = baseTimes(w);
    const t = proofTranscript("signature", new Uint8Array(0));
    t.element("public", baseTimes(secret));
    t.message("message", message);
    t.element("commitment", commitment);
    const c = t.challenge("challenge");
    const compact = concat(scalarBytes(c), scalarBytes(mod(w + c * secret)));
    return expanded ? concat(compact, elementBytes(commitment)) : compact;
  }

  // ------------------------------------------------------------ record encoding (part 7)

  function canonical(value) {
    if (value === null || value === true || value === false) return JSON.stringify(value);
    if (typeof value === "number") {
      if (!Number.isSafeInteger(value)) throw new Error("only integers below 2^53");
      return String(value === 0 ? 0 : value);
    }
    if (typeof value === "string") {
      if (value.normalize("NFC") !== value) throw new Error("string not in NFC");
      return JSON.stringify(value);
    }
    if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
    const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonical(value[k])).join(",") + "}";
  }

  function hashLabel(label, data) {
    const l = enc.encode(label);
    return noble.sha256(concat(u64be(l.length), l, data));
  }

  const hashObject = (label, value) => hashLabel(label, enc.encode(canonical(value)));
  const context = (obj) => enc.encode(canonical(obj));

  function credentialFromCode(code) {
    const bytes = fromHex(code, 32);
    const secret = scalarWide(noble.sha512(concat(bytes, enc.encode("suffrage/1/credential"))));
    if (secret === 0n) throw new Error("this credential code derives the zero scalar");
    return { code, secret, public: toHex(elementBytes(baseTimes(secret))) };
  }

  function checkChoice(contest, values) {
    if (values.length !== contest.options.length) throw new Error(`contest ${contest.id}: wrong length`);
    let total = 0;
    for (const v of values) {
      if (!Number.isInteger(v) || v < 0 || v > contest.value_max) {
        throw new Error(`contest ${contest.id}: value outside 0..${contest.value_max}`);
      }
      total += v;
    }
    if (total < contest.min || total > contest.max) {
      throw new Error(`contest ${contest.id}: total ${total} outside ${contest.min}..${contest.max}`);
    }
  }

  function encryptContest(mh, publicKey, cred, contest, values, rng) {
    checkChoice(contest, values);
    const options = [];
    const nonces = [];
    let total = { alpha: ZERO_POINT, beta: ZERO_POINT };
    values.forEach((v, j) => {
      const r = randomScalar(rng);
      const ct = encrypt(publicKey, v, r);
      const octx = context({ contest: contest.id, credential: cred, mh, option: j, type: "option" });
      const proof =
        contest.kind === "choose"
          ? proveZeroOrOne(publicKey, ct, v, r, octx, rng)
          : proveRange(publicKey, ct, v, r, 0, contest.value_max, octx, rng);
      options.push({ ciphertext: toHex(ciphertextBytes(ct)), proof: toHex(proof) });
      nonces.push(r);
      total = addCiphertexts(total, ct);
    });
    const rSum = nonces.reduce((a, b) => mod(a + b), 0n);
    const sum = values.reduce((a, b) => a + b, 0);
    const cctx = context({ contest: contest.id, credential: cred, mh, type: "contest" });
    const sumProof = proveRange(publicKey, total, sum, rSum, contest.min, contest.max, cctx, rng);
    return [
      { contest: contest.id, options, proof: toHex(sumProof) },
      { contest: contest.id, values: values.slice(), nonces: nonces.map((r) => toHex(scalarBytes(r))) },
    ];
  }

  // A signed ballot (7.7) for `choices` (contest id -> one value per option).
  function encryptBallot(manifest, publicKeyHex, credential, style, choices, rng) {
    rng = rng || systemRng;
    const mh = toHex(hashObject("suffrage/1/manifest", manifest));
    const publicKey = elementFromBytes(fromHex(publicKeyHex, 32), false);
    const st = manifest.styles.find((s) => s.id === style);
    if (!st) throw new Error(`no ballot style ${style}`);
    const contests = [];
    const reveal = [];
    for (const cid of st.contests) {
      if (!(cid in choices)) throw new Error(`no choice for contest ${cid}`);
      const contest = manifest.contests.find((c) => c.id === cid);
      const [entry, rev] = encryptContest(mh, publicKey, credential.public, contest, choices[cid], rng);
      contests.push(entry);
      reveal.push(rev);
    }
    const ballot = { manifest: mh, credential: credential.public, style, contests };
    const message = hashObject("suffrage/1/ballot/signature", ballot);
    ballot.signature = toHex(sign(credential.secret, message, rng, true));
    const trackingCode = toHex(hashObject("suffrage/1/ballot", ballot));
    const audit = auditForm(ballot);
    const auditCode = toHex(hashObject("suffrage/1/ballot", audit));
    return { ballot, trackingCode, reveal, audit, auditCode };
  }

  // The audit form (7.8): what an audit publishes. No credential, signature or proof, so
  // nothing links the audited encryption to the voter.
  function auditForm(ballot) {
    const contests = ballot.contests.map((c) => ({
      contest: c.contest,
      ciphertexts: c.options.map((o) => o.ciphertext),
    }));
    return { contests, manifest: ballot.manifest, style: ballot.style };
  }

  // ------------------------------------------------------------ fingerprints and the board

  // First 10 bytes of H("suffrage/1/fingerprint", bytes) as 5 groups of 4 hex digits (7.4).
  function fingerprint(bytes) {
    const hex = toHex(hashLabel("suffrage/1/fingerprint", bytes).slice(0, 10));
    return hex.match(/.{4}/g).join(" ");
  }

  // The election fingerprint: over the manifest hash and the election public key.
  function electionFingerprint(mhHex, publicKeyHex) {
    return fingerprint(concat(fromHex(mhHex, 32), fromHex(publicKeyHex, 32)));
  }

  // Check the key this page would encrypt under against the public board (7.9): the lines
  // must chain from event 0, event 0 must hold this manifest, and the joint_key and open
  // events must name this key (open also this manifest). Returns the election fingerprint.
  function checkBoardKey(manifest, publicKeyHex, lines) {
    const mh = toHex(hashObject("suffrage/1/manifest", manifest));
    let prev = "0".repeat(64);
    const seen = {};
    for (const line of lines) {
      const event = JSON.parse(line);
      if (event.prev !== prev) throw new Error("the board's hash chain is broken");
      prev = toHex(hashLabel("suffrage/1/board/event", enc.encode(line)));
      if (!(event.type in seen)) seen[event.type] = event.payload;
    }
    if (!seen.setup || toHex(hashObject("suffrage/1/manifest", seen.setup.manifest)) !== mh) {
      throw new Error("the board's manifest is not the one this page shows");
    }
    if (!seen.joint_key || seen.joint_key.public_key !== publicKeyHex) {
      throw new Error("the board's election key is not the key this page would encrypt under");
    }
    if (!seen.open || seen.open.public_key !== publicKeyHex || seen.open.manifest !== mh) {
      throw new Error("the board's open event does not name this manifest and key");
    }
    return electionFingerprint(mh, publicKeyHex);
  }

  root.SuffrageCrypto = {
    L,
    Point,
    Transcript,
    baseTimes,
    auditForm,
    canonical,
    checkBoardKey,
    ciphertextBytes,
    credentialFromCode,
    elementBytes,
    elementFromBytes,
    encrypt,
    electionFingerprint,
    encryptBallot,
    fingerprint,
    fromHex,
    hashObject,
    mul,
    proveRange,
    proveZeroOrOne,
    randomScalar,
    scalarBytes,
    scalarFromBytes,
    scalarWide,
    sign,
    toHex,
  };
})(typeof globalThis !== "undefined" ? globalThis : window);
