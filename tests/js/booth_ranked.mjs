// The booth's ranked ballots (static/booth-crypto.js, static/booth-rank.js) for the Python
// side to check. Usage: node booth_ranked.mjs CASE TEXT, where CASE is {manifest, public_key,
// style, contest, voters: [{code, choices, audit}], vectors: [values...]} and TEXT the
// js_rank. catalogue section. Prints, as JSON, each voter's ballot as
// the booth encrypts it (with the browser's own random source, as in a real booth; for
// `audit`, the audit form and reveal too), and the booth's reading of each vector: its
// plain-word problems and the order in which it lists the candidates.
import { readFileSync } from "node:fs";
import vm from "node:vm";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const staticDir = path.resolve(here, "..", "..", "src/suffrage/adapters/web/static");
for (const file of ["vendor/noble.js", "booth-crypto.js", "booth-rank.js"]) {
  vm.runInThisContext(readFileSync(path.join(staticDir, file), "utf8"), { filename: file });
}
const C = globalThis.SuffrageCrypto;
const R = globalThis.SuffrageRanking.create(JSON.parse(readFileSync(process.argv[3], "utf8")));

const c = JSON.parse(readFileSync(process.argv[2], "utf8"));
const contest = c.manifest.contests.find((x) => x.id === c.contest);
const ballots = c.voters.map((v) => {
  const made = C.encryptBallot(c.manifest, c.public_key, C.credentialFromCode(v.code), c.style, v.choices);
  return v.audit
    ? { ballot: made.ballot, audit: made.audit, reveal: made.reveal, audit_code: made.auditCode }
    : { ballot: made.ballot, tracking_code: made.trackingCode };
});
const readings = c.vectors.map((values) => ({
  problems: R.problems(contest, values),
  order: globalThis.SuffrageRanking.arrangement(values).ranked,
}));
console.log(JSON.stringify({ ballots, readings, bounds: R.bounds(contest) }));
