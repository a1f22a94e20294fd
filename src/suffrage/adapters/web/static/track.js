// Tracking-code look-up on the public election page (plain JS, no dependencies). Without
// JavaScript the form still works: it opens the board at the ballot's event.
"use strict";
(function () {
  const form = document.getElementById("track");
  if (!form) return;
  const text = JSON.parse(document.getElementById("track-text").textContent);
  const out = document.getElementById("track-result");
  const election = encodeURIComponent(form.dataset.election);

  function T(key, values) {
    const template = Object.prototype.hasOwnProperty.call(text, key) ? text[key] : key;
    return template.replace(/\{(\w+)\}/g, (m, name) => (values && name in values ? String(values[name]) : m));
  }

  function say(kind, message, code) {
    const box = document.createElement("div");
    box.className = `notice ${kind}`;
    const p = document.createElement("p");
    p.textContent = message;
    box.appendChild(p);
    if (code) {
      const a = document.createElement("a");
      a.href = `/elections/${election}/board?code=${encodeURIComponent(code)}`;
      a.textContent = T("see_on_board");
      const q = document.createElement("p");
      q.appendChild(a);
      box.appendChild(q);
    }
    out.replaceChildren(box);
  }

  async function look(code) {
    if (!/^[0-9a-f]{8,64}$/.test(code)) {
      say("error", T("err_format"));
      return;
    }
    let res;
    try {
      res = await fetch(`/api/elections/${election}/ballots/${encodeURIComponent(code)}`);
    } catch (_err) {
      say("error", T("err_network"));
      return;
    }
    const body = await res.json().catch(() => ({}));
    if (res.status === 404) say("error", T("not_found"));
    else if (!res.ok) say("error", T("err_format"));
    else if (body.state === "counted") say("ok", T("state_counted", { seq: body.seq }), code);
    else if (body.state === "replaced") say("warn", T("state_replaced", { seq: body.seq, by: body.replaced_by }), code);
    else if (body.state === "audited") say("warn", T("state_audited", { seq: body.seq }), code);
    else say("ok", T("state_other", { seq: body.seq }), code);
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    look(form.elements.code.value.replace(/\s/g, "").toLowerCase());
  });
  if (form.elements.code.value) look(form.elements.code.value.trim().toLowerCase());
})();
