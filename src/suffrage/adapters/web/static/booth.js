// The voter booth: choices are encrypted here, on the voter's device; only the encrypted,
// signed ballot (or, when the voter audits it, that spoiled ballot with its secrets) is sent.
// Steps: code -> choose -> review -> encrypt, then cast (receipt) or audit (then again).
// Every message comes from the page's catalogue block (#booth-text): T("key").
"use strict";
(function () {
  const C = window.SuffrageCrypto;
  const data = JSON.parse(document.getElementById("booth-data").textContent);
  const text = JSON.parse(document.getElementById("booth-text").textContent);
  const R = window.SuffrageRanking.create(JSON.parse(document.getElementById("rank-text").textContent));
  const $ = (id) => document.getElementById(id);
  const api = `/api/elections/${encodeURIComponent(data.id)}`;
  const STEPS = ["step-credential", "ballot-form", "step-review", "step-encrypted", "step-done", "step-audit"];
  let credential = null;
  let style = null;
  let prepared = null;
  let keyCheck = null;

  // A catalogue message with {name} placeholders filled in.
  function T(key, values) {
    const template = Object.prototype.hasOwnProperty.call(text, key) ? text[key] : key;
    return template.replace(/\{(\w+)\}/g, (m, name) => (values && name in values ? String(values[name]) : m));
  }

  function contestsOfStyle() {
    const st = data.manifest.styles.find((s) => s.id === style);
    return st.contests.map((cid) => data.manifest.contests.find((c) => c.id === cid));
  }

  function show(step) {
    for (const id of STEPS) $(id).hidden = id !== step;
    const current = step === "step-audit" ? "step-done" : step;
    const order = [...document.querySelectorAll("#steps li")];
    const at = order.findIndex((li) => li.dataset.step === current);
    order.forEach((li, k) => {
      if (k === at) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
      li.classList.toggle("done", k < at);
    });
    const heading = $(step).querySelector("h2");
    if (heading) heading.focus();
  }

  function status(message) {
    $("booth-status").textContent = message || "";
  }

  // The error summary at the top; each error may point at the field it is about.
  function fail(messages) {
    status("");
    const list = $("booth-error-list");
    list.replaceChildren();
    for (const m of Array.isArray(messages) ? messages : [{ text: messages }]) {
      const li = document.createElement("li");
      if (m.field) {
        const a = document.createElement("a");
        a.href = `#${m.field}`;
        a.textContent = m.text;
        a.addEventListener("click", (ev) => {
          ev.preventDefault();
          $(m.field).focus();
        });
        li.appendChild(a);
      } else {
        li.textContent = m.text;
      }
      if (m.detail) {
        // the check's own words, for whoever investigates; folded away
        const details = document.createElement("details");
        const summary = document.createElement("summary");
        summary.textContent = T("technical_details");
        const p = document.createElement("p");
        p.textContent = m.detail;
        details.append(summary, p);
        li.appendChild(details);
      }
      list.appendChild(li);
    }
    $("booth-error").hidden = false;
    $("booth-error").focus();
  }

  function clearErrors() {
    $("booth-error").hidden = true;
    $("booth-error-list").replaceChildren();
    $("credential-error").hidden = true;
    $("credential-field").classList.remove("field-error");
  }

  // A failed request in plain words; `when` names what was being done.
  class BoothError extends Error {
    constructor(text, detail) {
      super(text);
      this.detail = detail;
    }
  }

  function explain(res, reply, when) {
    const code = reply && reply.error ? reply.error.code : "";
    if (res.status === 404 && when === "lookup") return T("err_code_unknown");
    if (res.status === 409 && when !== "lookup" && /open/.test((reply.error && reply.error.message) || "")) {
      return T("err_election_closed");
    }
    if (res.status === 409) return T("err_conflict");
    if (res.status === 422 && when === "cast") return T("err_ballot_rejected");
    if (res.status === 422 && when === "audit") return T("err_audit_rejected");
    if (res.status === 429 || res.status === 503) return T("err_busy");
    return T("err_server", { code: code || res.status });
  }

  async function request(path, options, when) {
    let res;
    try {
      res = await fetch(api + path, { credentials: "omit", ...options });
    } catch (_err) {
      throw new BoothError(T("err_network"));
    }
    const reply = await res.json().catch(() => ({}));
    if (!res.ok) throw new BoothError(explain(res, reply, when));
    return reply;
  }

  function post(path, body, when) {
    const options = {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    };
    return request(path, options, when);
  }

  // Before anything is encrypted: the election key checked against the public board, and
  // the election fingerprint shown, for the voter to compare with what the trustees publish.
  async function checkKey() {
    const lines = [];
    for (let start = 0; ; start += 1000) {
      const reply = await request(`/board?start=${start}&limit=1000`, {}, "board");
      for (const e of reply.events) lines.push(e.line);
      if (reply.events.some((e) => e.type === "open") || reply.events.length < 1000) break;
    }
    $("election-fingerprint").textContent = C.checkBoardKey(data.manifest, data.public_key, lines);
  }

  function keyChecked() {
    if (!keyCheck) {
      keyCheck = checkKey().catch((err) => {
        keyCheck = null; // a later start tries again
        if (err instanceof BoothError && err.message === T("err_network")) throw err;
        throw new BoothError(T("err_key_check"), err.message);
      });
    }
    return keyCheck;
  }

  function message(err) {
    return err instanceof BoothError ? err.message : T("err_unexpected");
  }

  function failWith(err) {
    fail([{ text: message(err), detail: err instanceof BoothError ? err.detail : undefined }]);
  }

  // The credential code travels in the link's fragment, which browsers never send. It is
  // taken out of the address bar, and put back into the language links so that switching
  // language keeps it (still only in the fragment).
  function codeFromLink() {
    const code = normalise(window.location.hash.slice(1));
    if (/^[0-9a-f]{64}$/.test(code)) {
      $("credential").value = code;
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }

  function keepCodeAcrossLanguages() {
    for (const a of document.querySelectorAll("a.lang-link")) {
      a.addEventListener("click", () => {
        const code = normalise($("credential").value);
        const url = new URL(a.href);
        url.hash = /^[0-9a-f]{64}$/.test(code) ? code : "";
        a.href = url.toString();
      });
    }
  }

  function normalise(value) {
    return value.replace(/[\s-]/g, "").toLowerCase();
  }

  function checkedCount(fs) {
    const inputs = [...fs.querySelectorAll("input")];
    if (fs.dataset.kind === "score") {
      return inputs.reduce((n, i) => n + (Number.parseInt(i.value || "0", 10) || 0), 0);
    }
    return inputs.filter((i) => i.checked).length;
  }

  function updateCounter(fs, contest) {
    const counter = fs.querySelector(".counter");
    if (!counter) return;
    const n = checkedCount(fs);
    const values = { n, max: contest.max };
    counter.textContent =
      contest.kind === "score" ? T("counter_points", values) : T("counter_chosen", values);
    counter.classList.toggle("over", n > contest.max);
  }

  function hintText(contest) {
    if (contest.kind === "score") {
      return T("hint_score", { value_max: contest.value_max, min: contest.min, max: contest.max });
    }
    if (contest.max === 1) return contest.min === 1 ? T("hint_choose_one") : T("hint_choose_one_or_none");
    if (contest.min > 0) return T("hint_choose_between", { min: contest.min, max: contest.max });
    return T("hint_choose_up_to", { max: contest.max });
  }

  function optionRow(contest, option, j, single) {
    const id = `opt-${contest.id}-${j}`;
    const row = document.createElement("div");
    row.className = "choice";
    const input = document.createElement("input");
    input.id = id;
    input.name = contest.id;
    input.dataset.option = option.id;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = option.title;
    if (contest.kind === "choose") {
      input.type = single ? "radio" : "checkbox";
      input.value = option.id;
      row.append(input, label);
    } else {
      row.classList.add("number");
      input.type = "number";
      input.min = "0";
      input.max = String(contest.value_max);
      input.step = "1";
      input.value = "0";
      input.inputMode = "numeric";
      row.append(label, input);
    }
    return row;
  }

  function contestField(contest) {
    if (contest.kind === "rank") return R.field(contest); // booth-rank.js
    const single = contest.kind === "choose" && contest.max === 1;
    const fs = document.createElement("fieldset");
    fs.dataset.contest = contest.id;
    fs.dataset.kind = contest.kind;
    fs.id = `contest-${contest.id}`;
    const legend = document.createElement("legend");
    legend.textContent = contest.title;
    fs.appendChild(legend);
    const hint = document.createElement("p");
    hint.className = "help";
    hint.id = `hint-${contest.id}`;
    hint.textContent = hintText(contest);
    fs.appendChild(hint);
    fs.setAttribute("aria-describedby", hint.id);
    contest.options.forEach((option, j) => fs.appendChild(optionRow(contest, option, j, single)));
    if (!single) {
      const counter = document.createElement("p");
      counter.className = "counter";
      counter.setAttribute("aria-live", "polite");
      fs.appendChild(counter);
      fs.addEventListener("input", () => updateCounter(fs, contest));
      updateCounter(fs, contest);
    } else if (contest.min === 0) {
      const clear = document.createElement("button");
      clear.type = "button";
      clear.className = "link";
      clear.textContent = T("clear_choice");
      clear.addEventListener("click", () => {
        for (const i of fs.querySelectorAll("input")) i.checked = false;
      });
      fs.appendChild(clear);
    }
    return fs;
  }

  function renderBallot() {
    const box = $("contests");
    box.replaceChildren();
    for (const contest of contestsOfStyle()) box.appendChild(contestField(contest));
  }

  function readChoices() {
    const choices = {};
    for (const fs of $("contests").querySelectorAll("fieldset")) {
      if (fs.dataset.kind === "rank") {
        choices[fs.dataset.contest] = R.values(fs);
        continue;
      }
      const inputs = [...fs.querySelectorAll("input")];
      choices[fs.dataset.contest] = inputs.map((i) =>
        i.type === "number" ? Number.parseInt(i.value || "0", 10) : i.checked ? 1 : 0
      );
    }
    return choices;
  }

  // Plain-word problems with the choices, each pointing at its contest.
  function problems(choices) {
    const out = [];
    for (const contest of contestsOfStyle()) {
      const values = choices[contest.id];
      const field = `opt-${contest.id}-0`;
      if (contest.kind === "rank") {
        const found = R.problems(contest, values);
        for (const problem of found) out.push({ field, text: T("err_rank", { contest: contest.title, problem }) });
        if (found.length) continue;
      }
      const bad = values.some((v) => !Number.isInteger(v) || v < 0 || v > contest.value_max);
      if (bad) {
        out.push({ field, text: T("err_value_range", { contest: contest.title, value_max: contest.value_max }) });
        continue;
      }
      const total = values.reduce((a, b) => a + b, 0);
      const v = { contest: contest.title, min: contest.min, max: contest.max, n: total };
      const score = contest.kind === "score";
      if (total > contest.max) {
        out.push({ field, text: score ? T("err_points_too_many", v) : T("err_choose_too_many", v) });
      } else if (total < contest.min) {
        out.push({ field, text: score ? T("err_points_too_few", v) : T("err_choose_too_few", v) });
      }
    }
    return out;
  }

  function renderReview(into, choices) {
    into.replaceChildren();
    for (const contest of contestsOfStyle()) {
      const li = document.createElement("li");
      const title = document.createElement("div");
      title.className = "contest-title";
      title.textContent = contest.title;
      if (contest.kind === "rank") {
        li.append(title, R.summary(contest, choices[contest.id]));
        into.appendChild(li);
        continue;
      }
      const picked = contest.options
        .map((o, j) => [o, choices[contest.id][j]])
        .filter(([, v]) => v > 0)
        .map(([o, v]) => (contest.kind === "score" ? `${o.title}: ${v}` : o.title));
      const what = document.createElement("div");
      what.textContent = picked.length ? picked.join(", ") : T("nothing_chosen");
      li.append(title, what);
      into.appendChild(li);
    }
  }

  async function start() {
    clearErrors();
    const code = normalise($("credential").value);
    if (!/^[0-9a-f]{64}$/.test(code)) {
      const msg = code ? T("err_code_format") : T("err_code_missing");
      $("credential-error").textContent = msg;
      $("credential-error").hidden = false;
      $("credential-field").classList.add("field-error");
      fail([{ field: "credential", text: msg }]);
      return;
    }
    try {
      await keyChecked();
    } catch (err) {
      failWith(err);
      return;
    }
    try {
      credential = C.credentialFromCode(code);
      const reply = await request(`/voters/${credential.public}`, {}, "lookup");
      style = reply.style;
    } catch (err) {
      fail(err instanceof BoothError ? err.message : T("err_code_format"));
      return;
    }
    renderBallot();
    show("ballot-form");
  }

  function toReview(ev) {
    ev.preventDefault();
    clearErrors();
    const choices = readChoices();
    const found = problems(choices);
    if (found.length) {
      fail(found);
      return;
    }
    renderReview($("review-list"), choices);
    show("step-review");
  }

  function encryptNow() {
    clearErrors();
    status(T("encrypting"));
    $("encrypt").disabled = true;
    // Let the status render before the (synchronous) encryption runs.
    setTimeout(() => {
      try {
        prepared = C.encryptBallot(data.manifest, data.public_key, credential, style, readChoices());
        prepared.choices = readChoices();
        $("tracking-code").textContent = prepared.trackingCode;
        status("");
        show("step-encrypted");
      } catch (_err) {
        fail(T("err_encrypt"));
      } finally {
        $("encrypt").disabled = false;
      }
    }, 30);
  }

  // Full addresses, so that a printed receipt shows where to check it.
  function receiptLinks(code) {
    const here = window.location.href;
    const election = `/elections/${encodeURIComponent(data.id)}`;
    const board = new URL(`${election}/board?code=${code}`, here).href;
    $("receipt-board").href = board;
    $("audit-board").href = board;
    $("receipt-check").href = new URL(`${election}?track=${code}#track-heading`, here).href;
  }

  async function cast() {
    clearErrors();
    $("cast").disabled = true;
    status(T("sending"));
    try {
      const receipt = await post("/ballots", prepared.ballot, "cast");
      if (receipt.tracking_code !== prepared.trackingCode) throw new BoothError(T("err_mismatch"));
      $("done-code").textContent = receipt.tracking_code;
      $("copy-status").textContent = "";
      receiptLinks(receipt.tracking_code);
      prepared = null;
      status("");
      show("step-done");
    } catch (err) {
      fail(message(err));
    } finally {
      $("cast").disabled = false;
    }
  }

  async function audit() {
    clearErrors();
    $("audit").disabled = true;
    status(T("sending"));
    try {
      // Only the audit form is sent: no credential, so the audit links to nobody.
      await post("/audits", { ballot: prepared.audit, reveal: prepared.reveal }, "audit");
      $("audit-code").textContent = prepared.auditCode;
      receiptLinks(prepared.auditCode);
      const revealed = {};
      for (const r of prepared.reveal) revealed[r.contest] = r.values;
      renderReview($("audit-values"), revealed);
      $("audit-ranked").hidden = !contestsOfStyle().some((c) => c.kind === "rank");
      prepared = null;
      status("");
      show("step-audit");
    } catch (err) {
      fail(message(err));
    } finally {
      $("audit").disabled = false;
    }
  }

  function chooseAgain() {
    clearErrors();
    renderBallot();
    show("ballot-form");
  }

  codeFromLink();
  keepCodeAcrossLanguages();
  keyChecked().catch(failWith);
  $("start").addEventListener("click", start);
  $("credential").addEventListener("keydown", (ev) => {
    if (ev.key === "Enter") start();
  });
  $("ballot-form").addEventListener("submit", toReview);
  $("encrypt").addEventListener("click", encryptNow);
  $("change").addEventListener("click", () => show("ballot-form"));
  $("cast").addEventListener("click", cast);
  $("audit").addEventListener("click", audit);
  $("again").addEventListener("click", chooseAgain);
  $("again-audit").addEventListener("click", chooseAgain);
})();
