// Progressive enhancement only: every page works without JavaScript.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen-reader and keyboard users hear the errors first.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // "Copy" buttons copy the text of the element named by data-copy-target as it reads on screen
  // (innerText: a paragraph or list item a line). What they then say
  // comes from the page (data-copy-done, data-copy-failed), translated with the rest of it.
  for (const button of document.querySelectorAll("[data-copy-target]")) {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const target = document.getElementById(button.dataset.copyTarget);
      const status = document.getElementById(button.dataset.copyStatus);
      try {
        await navigator.clipboard.writeText(target.innerText.trim());
        if (status) status.textContent = button.dataset.copyDone || "";
      } catch {
        if (status) status.textContent = button.dataset.copyFailed || "";
      }
    });
  }
});
