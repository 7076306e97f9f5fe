// careprog's own progressive enhancements. Every page works without this file: forms post and
// pages reload as usual. Loaded with `defer`, after htmx and accessible-autocomplete.
(function () {
  "use strict";

  // Type-ahead pickers: see careprog/forms/pickers.py. Each enhances a plain text input, whose
  // typed text the server can still resolve on its own when this script does not run.
  function enhancePicker(input) {
    if (!window.accessibleAutocomplete || input.dataset.pickerReady) return;
    input.dataset.pickerReady = "true";
    const chosen = document.createElement("input");
    chosen.type = "hidden";
    chosen.name = input.dataset.pickerIdField;
    chosen.value = input.dataset.pickerChosenId || "";
    const container = document.createElement("div");
    container.className = "app-picker";
    input.insertAdjacentElement("afterend", container);
    container.appendChild(chosen);
    const labels = new Map();
    let unavailable = false;
    window.accessibleAutocomplete({
      element: container,
      id: input.id,
      name: input.name,
      defaultValue: input.value,
      minLength: 2,
      showNoOptionsFound: true,
      tNoResults: () =>
        unavailable
          ? "Suggestions are not available: type their full name or email"
          : "No one in the staff directory matches",
      source: (query, populate) => {
        const url = new URL(input.dataset.pickerSource, window.location.origin);
        url.searchParams.set("q", query);
        fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((response) => {
            if (!response.ok) throw new Error(`lookup answered ${response.status}`);
            return response.json();
          })
          .then((data) => {
            unavailable = false;
            data.results.forEach((result) => labels.set(result.label, result.id));
            populate(data.results.map((result) => result.label));
          })
          .catch(() => {
            // Refused or failed: say so, rather than that nobody matches.
            unavailable = true;
            populate([]);
          });
      },
      onConfirm: (label) => {
        if (label !== undefined) chosen.value = labels.get(label) || "";
      },
    });
    const created = container.querySelector("input[type=text], input:not([type])");
    if (created) {
      ["aria-describedby", "class"].forEach((name) => {
        if (input.getAttribute(name)) created.setAttribute(name, input.getAttribute(name));
      });
      // Typing again forgets the earlier choice, so the server resolves what is now typed.
      created.addEventListener("input", () => {
        chosen.value = "";
      });
    }
    input.remove();
  }

  // A ward list that follows the chosen CSC: options of other CSCs are hidden, and a ward
  // already chosen in another CSC is cleared. The server still refuses a mismatch.
  function followCsc(select) {
    if (select.dataset.followReady) return;
    select.dataset.followReady = "true";
    const csc = select.form && select.form.elements[select.dataset.follows];
    if (!csc) return;
    const apply = () => {
      for (const option of select.options) {
        const other = Boolean(option.dataset.csc) && Boolean(csc.value) && option.dataset.csc !== csc.value;
        option.hidden = other;
        option.disabled = other;
        if (other && option.selected) select.value = "";
      }
    };
    csc.addEventListener("change", apply);
    apply();
  }

  function enhance(root) {
    root.querySelectorAll("input[data-module='app-picker']").forEach(enhancePicker);
    root.querySelectorAll("select[data-follows]").forEach(followCsc);
  }

  // A change htmx could not save (refused, failed, or the server out of reach) must not look
  // like an ignored click: say so beside what was changed, and to screen readers.
  function notSaved(element, message) {
    const status = document.getElementById("rating-status");
    if (status) status.textContent = message;
    let note = element.parentElement.querySelector(":scope > .app-not-saved");
    if (!note) {
      note = document.createElement("p");
      note.className = "nhsuk-error-message app-not-saved";
      element.insertAdjacentElement("afterend", note);
    }
    note.textContent = message;
  }

  document.addEventListener("htmx:responseError", (event) => {
    const code = event.detail.xhr ? ` (${event.detail.xhr.status})` : "";
    notSaved(event.detail.elt, `Not saved: the server refused or failed${code}. Reload the page and try again.`);
  });
  document.addEventListener("htmx:sendError", (event) => {
    notSaved(event.detail.elt, "Not saved: the server could not be reached. Check the connection and try again.");
  });

  document.addEventListener("DOMContentLoaded", () => enhance(document));
  document.addEventListener("htmx:afterSettle", (event) => enhance(event.target));
})();
