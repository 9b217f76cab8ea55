// Lists the page's form controls and actions with their accessible names, in one round trip.
// Names follow the order of the accessible-name computation that assistive technology uses:
// aria-labelledby, aria-label, <label for>, a wrapping <label>, then title and placeholder (which
// are reported apart: a control named only by them has no label, itself a finding).
const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
const byIds = (ids) => ids.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || "").join(" ");
function labelOf(el) {
  if (el.getAttribute("aria-labelledby")) return [norm(byIds(el.getAttribute("aria-labelledby"))), "aria-labelledby"];
  if (el.getAttribute("aria-label")) return [norm(el.getAttribute("aria-label")), "aria-label"];
  if (el.id) {
    const label = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
    if (label) return [norm(label.textContent), "label"];
  }
  const wrapping = el.closest("label");
  if (wrapping) return [norm(wrapping.textContent), "label"];
  if (el.getAttribute("title")) return [norm(el.getAttribute("title")), "title"];
  if (el.getAttribute("placeholder")) return [norm(el.getAttribute("placeholder")), "placeholder"];
  return ["", ""];
}
// The name of the group a control belongs to: its fieldset's legend, or an ARIA group's name.
function groupOf(el) {
  const group = el.closest('fieldset, [role=radiogroup], [role=group]');
  if (!group) return "";
  if (group.getAttribute("aria-labelledby")) return norm(byIds(group.getAttribute("aria-labelledby")));
  if (group.getAttribute("aria-label")) return norm(group.getAttribute("aria-label"));
  const legend = group.tagName === "FIELDSET" ? group.querySelector(":scope > legend") : null;
  return legend ? norm(legend.textContent) : "";
}
function nameOf(el) {
  if (el.getAttribute("aria-labelledby")) return norm(byIds(el.getAttribute("aria-labelledby")));
  if (el.getAttribute("aria-label")) return norm(el.getAttribute("aria-label"));
  if (el.tagName === "INPUT") return norm(el.value);
  return norm(el.innerText || el.textContent);
}
const described = (el) => norm(el.getAttribute("aria-describedby") ? byIds(el.getAttribute("aria-describedby")) : "");
const controls = [...document.querySelectorAll("input, select, textarea")]
  .filter((el) => el.type !== "hidden")
  .map((el) => {
    const [label, label_source] = labelOf(el);
    return {
      element: el,
      label,
      label_source,
      group: ["radio", "checkbox"].includes(el.type) ? groupOf(el) : "",
      tag: el.tagName.toLowerCase(),
      type: (el.getAttribute("type") || el.tagName).toLowerCase(),
      name: el.name || "",
      value: el.type === "file" ? "" : el.value || "",
      checked: !!el.checked,
      readonly: !!(el.readOnly || el.disabled),
      visible: visible(el),
      described_by: described(el),
      invalid: el.getAttribute("aria-invalid") === "true",
      required: el.required || el.getAttribute("aria-required") === "true",
      placeholder: el.getAttribute("placeholder") || "",
      pattern: el.getAttribute("pattern") || "",
      min: el.getAttribute("min") || "",
      max: el.getAttribute("max") || "",
      maxlength: el.maxLength > 0 ? el.maxLength : 0,
      inputmode: el.getAttribute("inputmode") || "",
      autocomplete: el.getAttribute("autocomplete") || "",
      options: el.tagName === "SELECT"
        ? [...el.options].map((o) => ({ text: norm(o.text), value: o.value, disabled: o.disabled }))
        : [],
    };
  });
const actions = [...document.querySelectorAll(
  'a[href], button, input[type=submit], input[type=button], [role=button], [role=link]')]
  .filter(visible)
  .map((el) => ({ element: el, name: nameOf(el), tag: el.tagName.toLowerCase(),
                  href: el.getAttribute("href") || "",
                  role: (el.getAttribute("role") || (el.tagName === "A" ? "link" : "button")) }));
// Error summaries: an alert role, or the class names design systems give them (GOV.UK's
// govuk-error-summary and the like), which do not always carry a role.
const alerts = [...document.querySelectorAll('[role=alert], [class*="error-summary"]')]
  .filter(visible).map((el) => norm(el.innerText)).filter(Boolean);
// Lines are kept: a sentence never runs across a heading or a list item.
const lines = (document.body ? document.body.innerText : "").split("\n").map(norm).filter(Boolean);
return { controls, actions, alerts: [...new Set(alerts)], text: lines.join("\n") };
