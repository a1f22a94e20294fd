// Tracking-code look-up on the public election page (plain JS, no dependencies).
"use strict";
(function () {
  const form = document.getElementById("track");
  if (!form) return;
  const out = document.getElementById("track-result");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const code = form.elements.code.value.trim().toLowerCase();
    const res = await fetch(`/api/elections/${form.dataset.election}/ballots/${encodeURIComponent(code)}`);
    const body = await res.json();
    out.textContent = res.ok
      ? `#${body.seq}: ${body.state}${body.replaced_by ? " → " + body.replaced_by : ""}`
      : body.error.message;
  });
})();
