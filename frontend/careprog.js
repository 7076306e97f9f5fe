// careprog's own progressive enhancements. Every page works without this file: forms post and
// pages reload as usual. Loaded with `defer`, after htmx and accessible-autocomplete.
(function () {
  "use strict";

  // Ask a lookup endpoint (careprog:staff_lookup) for suggestions: resolves to their labels,
  // remembering each label's id in ``ids``; rejects when the server refuses or fails.
  function lookup(source, query, ids) {
    const url = new URL(source, window.location.origin);
    url.searchParams.set("q", query);
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error(`lookup answered ${response.status}`);
        return response.json();
      })
      .then((data) => {
        data.results.forEach((result) => ids.set(result.label, result.id));
        return data.results.map((result) => result.label);
      });
  }

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
        lookup(input.dataset.pickerSource, query, labels)
          .then((found) => {
            unavailable = false;
            populate(found);
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

  // Several choices, typed: see MultiPickerSelect in careprog/forms/pickers.py. The select
  // stays in the form (hidden) and is what is posted; each choice shows as a tag to remove.
  function enhanceMultiPicker(select) {
    if (!window.accessibleAutocomplete || select.dataset.pickerReady) return;
    select.dataset.pickerReady = "true";
    const source = select.dataset.pickerSource;
    const wrapper = document.createElement("div");
    wrapper.className = "app-multi-picker";
    const chosenList = document.createElement("ul");
    chosenList.className = "app-multi-picker__chosen nhsuk-list";
    chosenList.setAttribute("aria-label", "Chosen");
    const status = document.createElement("p");
    status.className = "nhsuk-u-visually-hidden";
    status.setAttribute("aria-live", "polite");
    const box = document.createElement("div");
    select.insertAdjacentElement("afterend", wrapper);
    wrapper.append(chosenList, box, status);
    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    const ids = new Map();

    function optionFor(id, label) {
      let option = [...select.options].find((o) => o.value === String(id));
      if (!option) {
        option = new Option(label, id);
        select.add(option);
      }
      return option;
    }

    function showChosen() {
      chosenList.replaceChildren();
      [...select.selectedOptions].forEach((option) => {
        const item = document.createElement("li");
        item.className = "app-multi-picker__tag";
        const text = document.createElement("span");
        text.textContent = option.text;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "app-multi-picker__remove";
        remove.innerHTML = 'Remove<span class="nhsuk-u-visually-hidden"></span>';
        remove.querySelector("span").textContent = ` ${option.text}`;
        remove.addEventListener("click", () => {
          option.selected = false;
          status.textContent = `${option.text} removed`;
          showChosen();
          const input = box.querySelector("input");
          if (input) input.focus();
        });
        item.append(text, remove);
        chosenList.appendChild(item);
      });
      chosenList.hidden = select.selectedOptions.length === 0;
    }

    function localSource(query, populate) {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      const found = [...select.options]
        .filter((o) => o.value && !o.selected)
        .filter((o) => words.every((word) => o.text.toLowerCase().includes(word)))
        .slice(0, 20);
      found.forEach((o) => ids.set(o.text, o.value));
      populate(found.map((o) => o.text));
    }

    function remoteSource(query, populate) {
      lookup(source, query, ids)
        .then(populate)
        .catch(() => populate([]));
    }

    const label = document.querySelector(`label[for="${select.id}"]`);
    window.accessibleAutocomplete({
      element: box,
      id: `${select.id}-typeahead`,
      minLength: source ? 2 : 1,
      showNoOptionsFound: true,
      tNoResults: () => "Nothing matches: check the spelling",
      source: source ? remoteSource : localSource,
      onConfirm: (chosen) => {
        if (chosen === undefined || !ids.has(chosen)) return;
        optionFor(ids.get(chosen), chosen).selected = true;
        status.textContent = `${chosen} added`;
        showChosen();
        // Empty the box for the next name; the autocomplete sets its value after onConfirm.
        setTimeout(() => {
          const input = box.querySelector("input");
          if (input) input.value = "";
        }, 0);
      },
    });
    const input = box.querySelector("input");
    if (input && label) label.setAttribute("for", input.id);
    if (input && select.getAttribute("aria-describedby")) {
      input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
    }
    showChosen();
  }

  function enhance(root) {
    root.querySelectorAll("input[data-module='app-picker']").forEach(enhancePicker);
    root.querySelectorAll("select[data-module='app-multi-picker']").forEach(enhanceMultiPicker);
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
