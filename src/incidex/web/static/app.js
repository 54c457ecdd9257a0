// Incidex workbench: the review forms call the token-protected API with fetch.
// No inline script anywhere (the Content-Security-Policy forbids it); everything is wired here.
"use strict";

(() => {
  const TOKEN = "incidex.token";
  const ANALYST = "incidex.analyst";
  const dialog = document.getElementById("token-dialog");

  const token = () => sessionStorage.getItem(TOKEN);
  const analyst = () => sessionStorage.getItem(ANALYST) || "analyst";

  function showSession() {
    const who = document.getElementById("who");
    const signedIn = Boolean(token());
    who.textContent = signedIn ? `Reviewing as ${analyst()}` : "Reading (sign in to review)";
    document.getElementById("sign-in").hidden = signedIn;
    document.getElementById("sign-out").hidden = !signedIn;
  }

  // Ask for the token once per tab; resolves to the token, or null if cancelled.
  function askToken() {
    return new Promise((resolve) => {
      const form = document.getElementById("token-form");
      form.reset();
      document.getElementById("analyst-input").value = sessionStorage.getItem(ANALYST) || "";
      dialog.addEventListener(
        "close",
        () => {
          if (dialog.returnValue === "ok") {
            const given = document.getElementById("token-input").value.trim();
            const name = document.getElementById("analyst-input").value.trim();
            if (given) sessionStorage.setItem(TOKEN, given);
            if (name) sessionStorage.setItem(ANALYST, name);
          }
          showSession();
          resolve(token());
        },
        { once: true },
      );
      dialog.returnValue = "";
      dialog.showModal();
    });
  }

  function payload(form) {
    const body = { analyst: analyst() };
    for (const el of form.elements) {
      if (!el.name) continue;
      if (el.dataset.type === "bool") body[el.name] = el.value === "true";
      else if (el.name === "note" && !el.value.trim()) continue;
      else body[el.name] = el.value;
    }
    return body;
  }

  async function send(form) {
    const output = form.querySelector(".form-error");
    const say = (text) => {
      if (output) output.textContent = text;
    };
    let given = token() || (await askToken());
    if (!given) {
      say("Sign in with the workbench token to make changes.");
      return;
    }
    say("Saving…");
    let response;
    try {
      response = await fetch(form.dataset.url, {
        method: form.dataset.method || "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${given}` },
        body: JSON.stringify(payload(form)),
      });
    } catch (error) {
      say(`Could not reach the server: ${error}`);
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (response.status === 401) {
      sessionStorage.removeItem(TOKEN);
      showSession();
      say("The token was refused. Sign in again, then save.");
      return;
    }
    if (!response.ok) {
      say((data.error && data.error.message) || `Error ${response.status}`);
      return;
    }
    const target = `/incidents/${encodeURIComponent(data.incident.id)}`;
    if (target === window.location.pathname) window.location.reload();
    else window.location.assign(target);
  }

  document.addEventListener("click", (event) => {
    const toggle = event.target.closest("[data-toggle]");
    if (!toggle) return;
    const panel = document.getElementById(toggle.dataset.toggle);
    if (!panel) return;
    panel.hidden = !panel.hidden;
    if (!panel.hidden) {
      const input = panel.querySelector("input[type=text]");
      if (input) input.focus();
    }
  });

  document.addEventListener("submit", (event) => {
    const form = event.target.closest("form.review");
    if (!form) return;
    event.preventDefault();
    if (form.dataset.confirm && form.dataset.armed !== "yes") {
      form.dataset.armed = "yes";
      const button = form.querySelector("button[type=submit]");
      if (button) button.textContent = `${form.dataset.confirm} Click again to confirm.`;
      return;
    }
    send(form);
  });

  // The incident page's sections fold (<details>): expand or collapse them all, and open the
  // one holding the element a link's #fragment points at.
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-fold]");
    if (!button) return;
    for (const section of document.querySelectorAll("details.fold")) {
      section.open = button.dataset.fold === "open";
    }
  });
  function openTarget() {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let fold = target.closest("details"); fold; ) {
      fold.open = true;
      fold = fold.parentElement && fold.parentElement.closest("details");
    }
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  if (window.location.hash) openTarget();

  // A chart-options form shows its choice at once (the Show button stays for keyboard users).
  document.addEventListener("change", (event) => {
    const form = event.target.closest("form[data-autosubmit]");
    if (form && event.target.matches("select")) form.requestSubmit();
  });

  document.getElementById("sign-in").addEventListener("click", () => askToken());
  document.getElementById("sign-out").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN);
    showSession();
  });
  showSession();
})();
