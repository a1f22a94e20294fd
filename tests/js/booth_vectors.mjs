// Checks the booth's crypto (static/booth-crypto.js) against the shared vectors/*.json and,
// when given a file argument, against a ballot made by the Python implementation from the
// same random tape. Prints a JSON summary; exits non-zero on the first mismatch.
import { readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import vm from "node:vm";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const staticDir = path.join(repo, "src/suffrage/adapters/web/static");
for (const file of ["vendor/noble.js", "booth-crypto.js"]) {
  vm.runInThisContext(readFileSync(path.join(staticDir, file), "utf8"), { filename: file });
}
const C = globalThis.SuffrageCrypto;
const vectors = (name) => JSON.parse(readFileSync(path.join(repo, "vectors", name), "utf8"));
const counts = {};

function check(group, ok, what) {
  if (!ok) {
    console.error(`MISMATCH ${group}: ${what}`);
    process.exit(1);
  }
  counts[group] = (counts[group] || 0) + 1;
}

function tape(draws) {
  let i = 0;
  return (n) => {
    if (n !== 64 || i >= draws.length) throw new Error(`tape: unexpected draw ${i} of ${n}`);
    return C.fromHex(draws[i++]);
  };
}

const sha512 = (s) => new Uint8Array(createHash("sha512").update(s).digest());
const hex = C.toHex;

// part 2: RFC 9496 generator multiples and rejected encodings
const rfc = vectors("rfc9496.json");
rfc.generator_multiples.encodings.forEach((e, k) => {
  check("rfc9496", hex(C.elementBytes(C.baseTimes(BigInt(k)))) === e, `${k}*G`);
  const p = C.elementFromBytes(C.fromHex(e), true);
  check("rfc9496", hex(C.elementBytes(p)) === e, `decode ${k}*G`);
  if (k > 0) {
    const top = C.fromHex(e);
    top[31] |= 0x80;
    let rejected = false;
    try { C.elementFromBytes(top, true); } catch { rejected = true; }
    check("rfc9496", rejected, `top bit of ${k}*G`);
  }
});
for (const c of rfc.invalid_encodings.cases) {
  let rejected = false;
  try { C.elementFromBytes(C.fromHex(c.encoding), true); } catch { rejected = true; }
  check("rfc9496", rejected, `invalid ${c.encoding}`);
}

// part 4: transcripts
for (const tc of vectors("transcript.json").cases) {
  const t = new C.Transcript(tc.protocol_label);
  for (const op of tc.ops) {
    if (op.op === "message") t.message(op.label, C.fromHex(op.data));
    else if (op.op === "element") t.element(op.label, C.elementFromBytes(C.fromHex(op.data), true));
    else if (op.op === "scalar") t.scalar(op.label, C.scalarFromBytes(C.fromHex(op.data)));
    else if (op.op === "int") t.int(op.label, op.value);
    else if (op.op === "challenge") {
      check("transcript", hex(C.scalarBytes(t.challenge(op.label))) === op.expected, tc.protocol_label);
    } else throw new Error(`unknown op ${op.op}`);
  }
}

// part 3: ElGamal encryptions from labelled nonces
const eg = vectors("elgamal.json");
const egScalar = (label) => C.scalarWide(sha512(Buffer.from("suffrage/1 elgamal vector " + label)));
const keys = eg.keys.map((k) => {
  const pub = C.baseTimes(C.scalarFromBytes(C.fromHex(k.secret)));
  check("elgamal", hex(C.elementBytes(pub)) === k.public, k.secret_label);
  return pub;
});
for (const e of eg.encryptions) {
  const ct = C.encrypt(keys[e.key], e.m, egScalar(e.nonce_label));
  check("elgamal", hex(C.ciphertextBytes(ct)) === e.ciphertext.bytes, e.nonce_label);
}

// part 5: proofs replayed from their random tapes
const pv = vectors("proofs.json");
const point = (h) => C.elementFromBytes(C.fromHex(h), false);
const ctOf = (h) => ({ alpha: point(h.slice(0, 64)), beta: point(h.slice(64)) });
for (const s of pv.signature) {
  const sig = C.sign(C.scalarFromBytes(C.fromHex(s.secret)), C.fromHex(s.message), tape(s.rng));
  check("signature", hex(sig) === s.signature, s.rng_label);
  const expanded = C.sign(C.scalarFromBytes(C.fromHex(s.secret)), C.fromHex(s.message), tape(s.rng), true);
  check("signature", hex(expanded) === s.expanded, s.rng_label);
}
for (const z of pv.zero_or_one) {
  const r = C.scalarFromBytes(C.fromHex(z.nonce));
  const proof = C.proveZeroOrOne(point(z.public), ctOf(z.ciphertext), z.m, r, C.fromHex(z.context), tape(z.rng));
  check("zero_or_one", hex(proof) === z.expanded, z.rng_label);
}
for (const z of pv.range) {
  const r = C.scalarFromBytes(C.fromHex(z.nonce));
  const proof = C.proveRange(point(z.public), ctOf(z.ciphertext), z.m, r, z.lo, z.hi, C.fromHex(z.context), tape(z.rng));
  check("range", hex(proof) === z.expanded, z.rng_label);
}

// part 7: a whole ballot made by Python from the same tape
if (process.argv[2]) {
  const b = JSON.parse(readFileSync(process.argv[2], "utf8"));
  const cred = C.credentialFromCode(b.code);
  check("ballot", cred.public === b.expected.ballot.credential, "credential from code");
  const made = C.encryptBallot(b.manifest, b.public_key, cred, b.style, b.choices, tape(b.tape));
  check("ballot", C.canonical(made.ballot) === C.canonical(b.expected.ballot), "ballot bytes");
  check("ballot", made.trackingCode === b.expected.tracking_code, "tracking code");
  check("ballot", C.canonical(made.reveal) === C.canonical(b.expected.reveal), "reveal");
  check("ballot", C.canonical(made.audit) === C.canonical(b.expected.audit), "audit form");
  check("ballot", made.auditCode === b.expected.audit_code, "audit code");

  // the key check against the public board (7.9): the right key passes, a wrong one fails
  const board = b.board;
  const print = C.checkBoardKey(board.manifest, board.public_key, board.lines);
  check("board", print === board.fingerprint, "election fingerprint");
  const refuses = (key, lines) => {
    try {
      C.checkBoardKey(board.manifest, key, lines);
      return false;
    } catch (err) {
      return true;
    }
  };
  check("board", refuses(board.wrong_key, board.lines), "a wrong key is refused");
  const broken = board.lines.slice();
  broken.splice(1, 1);
  check("board", refuses(board.public_key, broken), "a broken chain is refused");
  const other = { ...board.manifest, title: "Another election" };
  let refusedManifest = false;
  try {
    C.checkBoardKey(other, board.public_key, board.lines);
  } catch (err) {
    refusedManifest = true;
  }
  check("board", refusedManifest, "another manifest is refused");
}

console.log(JSON.stringify({ ok: true, checked: counts }));
