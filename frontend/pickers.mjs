// TalentBridge pickers: turn each server-rendered picker text box
// (talentbridge/core/pickers.py, input[data-picker-url]) into an accessible
// autocomplete (GOV.UK's accessible-autocomplete, bundled before this file by
// frontend/build.mjs, which sets self.accessibleAutocomplete).
//
// Without JavaScript the text box is submitted and the server shows the
// matches as radios. With it, typing asks the picker's JSON address
// (?q=...: {"results": [{id, name, detail}], "more": bool}) and choosing a
// suggestion puts its id in the hidden <name>_id input; typing again clears
// it, so the server searches the text instead.
//
// No import/export here: build.mjs concatenates this file into the one module
// script the layout loads.

function tbEscape(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function tbPickerTarget(box) {
  let target = document.getElementById(box.dataset.pickerTarget);
  if (!target) {
    // After a search without JavaScript the radios of matches carry <name>_id;
    // a choice from the autocomplete goes in a hidden input before them (the
    // server reads the last value sent, so a radio chosen later still wins).
    target = document.createElement("input");
    target.type = "hidden";
    target.id = box.dataset.pickerTarget;
    target.name = box.dataset.pickerName;
    box.closest(".tb-picker").prepend(target);
  }
  return target;
}

function tbPickerSource(url) {
  let latest = "";
  return (query, populate) => {
    latest = query;
    const address = `${url}?q=${encodeURIComponent(query)}`;
    fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((answer) => {
        if (query === latest) populate(answer.results || []);
      })
      .catch(() => {
        if (query === latest) populate([]);
      });
  };
}

// The autocomplete sets its own aria-describedby (its usage hint, until the
// user types); keep the field's hint and error message in it as well.
function tbKeepDescriptions(input, describedBy) {
  if (!input || !describedBy) return;
  const keep = () => {
    const now = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    const missing = describedBy.split(" ").filter((id) => id && !now.includes(id));
    if (missing.length) input.setAttribute("aria-describedby", [...now, ...missing].join(" "));
  };
  keep();
  new MutationObserver(keep).observe(input, { attributes: true, attributeFilter: ["aria-describedby"] });
}

function tbEnhancePicker(box) {
  const target = tbPickerTarget(box);
  const holder = document.createElement("div");
  holder.className = "tb-picker__autocomplete";
  box.after(holder);
  const noun = box.dataset.pickerNoun || "match";
  self.accessibleAutocomplete({
    element: holder,
    id: box.id,
    name: box.name,
    defaultValue: box.value,
    minLength: 1,
    showNoOptionsFound: true,
    confirmOnBlur: false,
    displayMenu: "overlay",
    inputClasses: box.className,
    source: tbPickerSource(box.dataset.pickerUrl),
    templates: {
      inputValue: (match) => (match ? match.name : ""),
      suggestion: (match) =>
        typeof match === "string"
          ? tbEscape(match)
          : `${tbEscape(match.name)}<span class="tb-picker__detail">${tbEscape(match.detail)}</span>`,
    },
    tNoResults: () => `No ${noun} you can choose matches. Check the spelling, or type less of the name`,
    onConfirm: (match) => {
      if (match) target.value = match.id;
    },
  });
  const describedBy = box.getAttribute("aria-describedby");
  box.remove();
  tbKeepDescriptions(holder.querySelector("input"), describedBy);
  holder.addEventListener("input", () => {
    target.value = "";
  });
}

function tbInitPickers() {
  if (typeof self.accessibleAutocomplete !== "function") return;
  document.querySelectorAll("input[data-picker-url]").forEach(tbEnhancePicker);
}

tbInitPickers();
