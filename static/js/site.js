// Progressive enhancement only: every page works without JavaScript.
"use strict";

// Dark mode follows the system setting, now and when it changes: Bootstrap's colour modes read
// data-bs-theme on <html>. Set at once (not on DOMContentLoaded) to keep the light flash short.
// Without JavaScript the page stays light, which is still readable.
const darkScheme = window.matchMedia("(prefers-color-scheme: dark)");
const followScheme = () => {
  document.documentElement.dataset.bsTheme = darkScheme.matches ? "dark" : "light";
};
followScheme();
darkScheme.addEventListener("change", followScheme);
// Paper is white: a dark page prints light (light text on white would be unreadable).
window.addEventListener("beforeprint", () => {
  document.documentElement.dataset.bsTheme = "light";
});
window.addEventListener("afterprint", followScheme);

document.addEventListener("DOMContentLoaded", () => {
  // The site menu (a <details> element) also closes with Escape, giving focus back to its button,
  // as other menus do.
  const menu = document.querySelector(".site-menu");
  if (menu) {
    menu.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

  // Move focus to the error summary so screen-reader and keyboard users hear the errors first.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  // "Copy" buttons copy the text of the element named by data-copy-target as it reads on screen
  // (innerText: a paragraph or list item a line). Every word they show comes from the page,
  // translated with the rest of it (no text here): data-copy-label (the label), data-copy-copied
  // (the label for a moment after copying), data-copy-done and data-copy-failed (said in the
  // status element), and data-copy-lang (their language). Each is read from the button, else
  // from an element around it marked data-copy-labels: the complaint's sections for an online
  // form are written in the complaint's language, and their buttons must still speak the reader's.
  for (const button of document.querySelectorAll("[data-copy-target]")) {
    const around = button.parentElement?.closest("[data-copy-labels]");
    const words = { ...(around ? around.dataset : {}), ...button.dataset };
    const status = document.getElementById(words.copyStatus);
    if (words.copyLabel) button.textContent = words.copyLabel;
    if (words.copyLang) {
      button.lang = words.copyLang;
      if (status) status.lang = words.copyLang;
    }
    const label = button.textContent;
    let restore = 0;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const target = document.getElementById(words.copyTarget);
      try {
        await navigator.clipboard.writeText(target.innerText.trim());
        if (status) status.textContent = words.copyDone || "";
        if (words.copyCopied) {
          button.textContent = words.copyCopied;
          clearTimeout(restore);
          restore = setTimeout(() => {
            button.textContent = label;
          }, 2000);
        }
      } catch {
        if (status) status.textContent = words.copyFailed || "";
      }
    });
  }
});
