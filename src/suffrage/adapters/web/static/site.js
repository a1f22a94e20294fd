// Small behaviours shared by the pages (plain JS, no dependencies): print and copy buttons,
// and a confirmation before an irreversible administrator action.
"use strict";
(function () {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
  for (const button of document.querySelectorAll("[data-copy]")) {
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      const done = document.getElementById(button.dataset.copyStatus || "");
      try {
        await navigator.clipboard.writeText(source.textContent.trim());
        if (done) done.textContent = button.dataset.copied || "";
      } catch (_err) {
        const range = document.createRange();
        range.selectNodeContents(source);
        const selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
    });
  }
})();
