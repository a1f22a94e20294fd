// The trustee page: deals this trustee's polynomial in the browser (docs/protocol.md 6.2,
// 7.5), offers the state file to download, and posts only the public commitment. The state
// file has the format of `suffrage trustee`, which continues from it (`publish` seals the
// shares for the other trustees, then `receive`, `check`, `decrypt`).
"use strict";
(function (root) {
  const C = root.SuffrageCrypto;
  const enc = new TextEncoder();

  function u32be(n) {
    return Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
  }

  function concat(...parts) {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let i = 0;
    for (const p of parts) {
      out.set(p, i);
      i += p.length;
    }
    return out;
  }

  const mod = (n) => ((n % C.L) + C.L) % C.L;
  const scalarHex = (s) => C.toHex(C.scalarBytes(s));

  // Schnorr proof of knowledge of x with P = x*G (5.2).
  function proveKeyKnowledge(x, P, context, rng) {
    const w = C.randomScalar(rng);
    const t = new C.Transcript("suffrage/1 schnorr-key");
    t.message("group", enc.encode("ristretto255"));
    t.message("context", context);
    t.element("public", P);
    t.element("commitment", C.baseTimes(w));
    const c = t.challenge("challenge");
    return concat(C.scalarBytes(c), C.scalarBytes(mod(w + c * x)));
  }

  // Dealer `index` of the election's DKG: commitment payload and f(j) for j = 1..n.
  function deal(manifest, index, rng) {
    const n = manifest.trustees.length;
    const t = manifest.threshold;
    const mh = C.toHex(C.hashObject("suffrage/1/manifest", manifest));
    const coefficients = [];
    for (let k = 0; k < t; k++) coefficients.push(C.randomScalar(rng));
    const commitments = coefficients.map((a) => C.baseTimes(a));
    const ceremony = enc.encode(C.canonical({ mh, type: "key" }));
    const context = concat(enc.encode("dkg"), u32be(n), u32be(t), u32be(index), ceremony);
    const proof = proveKeyKnowledge(coefficients[0], commitments[0], context, rng);
    const dealt = {};
    for (let j = 1; j <= n; j++) {
      let acc = 0n;
      for (let k = t - 1; k >= 0; k--) acc = mod(acc * BigInt(j) + coefficients[k]);
      dealt[String(j)] = scalarHex(acc);
    }
    const commitment = {
      trustee: index,
      commitments: commitments.map((p) => C.toHex(C.elementBytes(p))),
      proof: C.toHex(proof),
    };
    return { mh, commitment, dealt };
  }

  // A refused key file; `key` names the catalogue message (js_trustee.*) the page shows.
  class KeyFileError extends Error {
    constructor(key) {
      super(key);
      this.key = key;
    }
  }

  // The trustee's signing key file (`suffrage trustee init`), checked against the manifest.
  function signingKey(manifest, index, keyFileText) {
    let file;
    try {
      file = JSON.parse(keyFileText);
    } catch (_err) {
      throw new KeyFileError("err_key_file");
    }
    if (!file || file.format !== "suffrage-trustee-key/1") throw new KeyFileError("err_key_file");
    let secret;
    try {
      secret = C.scalarFromBytes(C.fromHex(file.secret, 32));
    } catch (_err) {
      throw new KeyFileError("err_key_file");
    }
    const listed = manifest.trustees[index - 1].public_key;
    if (C.toHex(C.elementBytes(C.baseTimes(secret))) !== listed) {
      throw new KeyFileError("err_key_mismatch");
    }
    return { secretHex: file.secret, secret };
  }

  // A trustee event payload with its signature (7.5): the server relays it, never writes it.
  function signPayload(secret, mh, type, payload, rng) {
    const message = C.hashObject(`suffrage/1/trustee/${type}`, { mh, payload });
    return { ...payload, signature: C.toHex(C.sign(secret, message, rng)) };
  }

  function stateFile(server, data, index, token, dealing, key) {
    return {
      format: "suffrage-trustee/1",
      server,
      election: data.id,
      index,
      token,
      signing_key: key.secretHex,
      signed_heads: {},
      manifest: data.manifest,
      commitment: dealing.commitment,
      dealt: dealing.dealt,
      received: { [String(index)]: dealing.dealt[String(index)] },
      secret_share: null,
    };
  }

  root.SuffrageTrustee = { deal, proveKeyKnowledge, signPayload, signingKey, stateFile };

  if (typeof document === "undefined") return;
  const page = document.getElementById("trustee");
  if (!page) return;
  const data = JSON.parse(document.getElementById("trustee-data").textContent);
  const text = JSON.parse(document.getElementById("trustee-text").textContent);
  const status = document.getElementById("trustee-status");
  const error = document.getElementById("trustee-error");
  const errorBox = document.getElementById("trustee-error-box");
  const files = document.getElementById("trustee-files");

  function systemRng(n) {
    const out = new Uint8Array(n);
    root.crypto.getRandomValues(out);
    return out;
  }

  function link(name, obj) {
    const blob = new Blob([JSON.stringify(obj, null, 1)], { type: "application/json" });
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.textContent = name;
    const li = document.createElement("li");
    li.appendChild(a);
    files.appendChild(li);
    return a;
  }

  function showError(message) {
    error.textContent = message;
    errorBox.hidden = !message;
  }

  // A refused commitment in plain words (the server's detail is not shown to the trustee).
  function explain(status) {
    if (status === 401 || status === 403) return text.err_token;
    if (status === 409) return text.err_conflict;
    if (status === 422) return text.err_rejected;
    return text.err_server.replace("{code}", String(status));
  }

  document.getElementById("generate").addEventListener("click", async () => {
    showError("");
    const index = Number(document.getElementById("trustee-index").value);
    const token = document.getElementById("trustee-token").value.trim();
    if (!token) {
      showError(text.token_required);
      return;
    }
    const keyInput = document.getElementById("trustee-key");
    if (!keyInput.files.length) {
      showError(text.key_required);
      return;
    }
    let key;
    try {
      key = signingKey(data.manifest, index, await keyInput.files[0].text());
    } catch (err) {
      const mismatch = err instanceof KeyFileError && err.key === "err_key_mismatch";
      showError(mismatch ? text.err_key_mismatch.replace("{index}", String(index)) : text.err_key_file);
      return;
    }
    const dealing = deal(data.manifest, index, systemRng);
    const signed = signPayload(key.secret, dealing.mh, "trustee_commitment", dealing.commitment, systemRng);
    files.textContent = "";
    link(`trustee-${index}-state.json`, stateFile(root.location.origin, data, index, token, dealing, key));
    document.getElementById("trustee-downloads").hidden = false;
    document.getElementById("generate").disabled = true;
    let res;
    try {
      res = await fetch(`/api/elections/${encodeURIComponent(data.id)}/trustee-events`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ type: "trustee_commitment", payload: signed }),
      });
    } catch (_err) {
      showError(text.err_network);
      return;
    }
    if (res.ok) status.textContent = text.published;
    else showError(explain(res.status));
  });
})(typeof globalThis !== "undefined" ? globalThis : window);
