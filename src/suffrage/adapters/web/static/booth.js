// The voter booth: choices are encrypted here, on the voter's device; only the encrypted,
// signed ballot (or, when the voter audits it, that spoiled ballot with its secrets) is sent.
"use strict";
(function () {
  const C = window.SuffrageCrypto;
  const data = JSON.parse(document.getElementById("booth-data").textContent);
  const text = JSON.parse(document.getElementById("booth-text").textContent);
  const $ = (id) => document.getElementById(id);
  const api = `/api/elections/${encodeURIComponent(data.id)}`;
  let credential = null;
  let style = null;
  let prepared = null;
  let keyChecked = false;

  // Before encrypting anything, check the key against the public board and show the
  // election fingerprint, which the voter can compare with what trustees publish.
  async function checkKey() {
    if (keyChecked) return;
    const lines = [];
    for (let start = 0; ; start += 1000) {
      const res = await fetch(`${api}/board?start=${start}&limit=1000`, { credentials: "omit" });
      const reply = await res.json();
      if (!res.ok) throw new Error(reply.error.message);
      for (const e of reply.events) lines.push(e.line);
      if (reply.events.some((e) => e.type === "open") || reply.events.length < 1000) break;
    }
    const print = C.checkBoardKey(data.manifest, data.public_key, lines);
    $("election-fingerprint").textContent = print;
    keyChecked = true;
  }

  function show(step) {
    for (const id of ["step-credential", "ballot-form", "step-review", "step-done"]) {
      $(id).hidden = id !== step;
    }
    const heading = $(step).querySelector("h2");
    if (heading) heading.focus();
  }

  function status(message) {
    $("booth-status").textContent = message || "";
  }

  function fail(message) {
    status("");
    $("booth-error").textContent = message;
  }

  async function post(path, body) {
    const res = await fetch(api + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
    });
    const reply = await res.json();
    if (!res.ok) throw new Error(reply.error ? reply.error.message : res.statusText);
    return reply;
  }

  // The credential code travels in the link's fragment, which browsers never send.
  function codeFromLink() {
    const code = window.location.hash.slice(1).toLowerCase();
    if (/^[0-9a-f]{64}$/.test(code)) {
      $("credential").value = code;
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }

  function contestField(contest) {
    const fs = document.createElement("fieldset");
    fs.dataset.contest = contest.id;
    const legend = document.createElement("legend");
    legend.textContent = contest.title;
    fs.appendChild(legend);
    const hint = document.createElement("p");
    hint.className = "help";
    hint.id = `hint-${contest.id}`;
    hint.textContent = `${text.choose_at_most} ${contest.max}` +
      (contest.min > 0 ? ` ${text.choose_at_least} ${contest.min}` : "");
    fs.appendChild(hint);
    fs.setAttribute("aria-describedby", hint.id);
    contest.options.forEach((option, j) => {
      const id = `opt-${contest.id}-${j}`;
      const p = document.createElement("p");
      const input = document.createElement("input");
      input.id = id;
      input.name = contest.id;
      input.dataset.option = option.id;
      if (contest.kind === "choose") {
        input.type = "checkbox";
      } else {
        input.type = "number";
        input.min = "0";
        input.max = String(contest.value_max);
        input.value = "0";
        input.inputMode = "numeric";
      }
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = option.title;
      if (contest.kind === "choose") p.append(input, " ", label);
      else p.append(label, " ", input);
      fs.appendChild(p);
    });
    return fs;
  }

  function renderBallot() {
    const box = $("contests");
    box.replaceChildren();
    const st = data.manifest.styles.find((s) => s.id === style);
    for (const cid of st.contests) {
      box.appendChild(contestField(data.manifest.contests.find((c) => c.id === cid)));
    }
  }

  function readChoices() {
    const choices = {};
    for (const fs of $("contests").querySelectorAll("fieldset")) {
      const inputs = [...fs.querySelectorAll("input")];
      choices[fs.dataset.contest] = inputs.map((i) =>
        i.type === "checkbox" ? (i.checked ? 1 : 0) : Number.parseInt(i.value || "0", 10)
      );
    }
    return choices;
  }

  async function start() {
    $("booth-error").textContent = "";
    try {
      await checkKey();
      credential = C.credentialFromCode($("credential").value.trim().toLowerCase());
      const res = await fetch(`${api}/voters/${credential.public}`, { credentials: "omit" });
      const reply = await res.json();
      if (!res.ok) throw new Error(reply.error.message);
      style = reply.style;
    } catch (err) {
      fail(err.message);
      return;
    }
    renderBallot();
    show("ballot-form");
  }

  function encryptNow(ev) {
    ev.preventDefault();
    $("booth-error").textContent = "";
    status(text.encrypting);
    $("encrypt").disabled = true;
    // Let the status render before the (synchronous) encryption runs.
    setTimeout(() => {
      try {
        prepared = C.encryptBallot(data.manifest, data.public_key, credential, style, readChoices());
        $("tracking-code").textContent = prepared.trackingCode;
        status("");
        show("step-review");
      } catch (err) {
        fail(err.message);
      } finally {
        $("encrypt").disabled = false;
      }
    }, 30);
  }

  async function cast() {
    try {
      const receipt = await post("/ballots", prepared.ballot);
      if (receipt.tracking_code !== prepared.trackingCode) throw new Error("tracking code mismatch");
      $("done-heading").textContent = text.cast_done;
      $("done-code").textContent = receipt.tracking_code;
      $("audit-values").textContent = "";
      prepared = null;
      show("step-done");
    } catch (err) {
      fail(err.message);
    }
  }

  async function audit() {
    try {
      // Only the audit form is sent: no credential, so the audit links to nobody.
      await post("/audits", { ballot: prepared.audit, reveal: prepared.reveal });
      $("done-heading").textContent = text.audit_done;
      $("done-code").textContent = prepared.auditCode;
      $("audit-values").textContent = prepared.reveal
        .map((r) => `${r.contest}: ${r.values.join(", ")}`)
        .join("\n");
      prepared = null;
      show("step-done");
    } catch (err) {
      fail(err.message);
    }
  }

  codeFromLink();
  $("start").addEventListener("click", start);
  $("credential").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") start();
  });
  $("ballot-form").addEventListener("submit", encryptNow);
  $("cast").addEventListener("click", cast);
  $("audit").addEventListener("click", audit);
  $("again").addEventListener("click", () => {
    renderBallot();
    show("ballot-form");
  });
})();
