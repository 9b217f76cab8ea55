// Lists the page's form controls and actions with their accessible names, in one round trip.
// Names follow the order assistive technology uses: aria-labelledby, aria-label, <label>, text.
const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
const byIds = (ids) => ids.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || "").join(" ");
function labelOf(el) {
  if (el.getAttribute("aria-labelledby")) return norm(byIds(el.getAttribute("aria-labelledby")));
  if (el.getAttribute("aria-label")) return norm(el.getAttribute("aria-label"));
  if (el.id) {
    const label = document.querySelector('label[for="' + CSS.escape(el.id) + '"]');
    if (label) return norm(label.textContent);
  }
  const wrapping = el.closest("label");
  return wrapping ? norm(wrapping.textContent) : "";
}
function nameOf(el) {
  if (el.getAttribute("aria-labelledby")) return norm(byIds(el.getAttribute("aria-labelledby")));
  if (el.getAttribute("aria-label")) return norm(el.getAttribute("aria-label"));
  if (el.tagName === "INPUT") return norm(el.value);
  return norm(el.innerText || el.textContent);
}
const controls = [...document.querySelectorAll("input, select, textarea")]
  .filter((el) => el.type !== "hidden")
  .map((el) => ({
    element: el,
    label: labelOf(el),
    tag: el.tagName.toLowerCase(),
    type: (el.getAttribute("type") || el.tagName).toLowerCase(),
    name: el.name || "",
    value: el.type === "file" ? "" : el.value || "",
    checked: !!el.checked,
    readonly: !!(el.readOnly || el.disabled),
    visible: visible(el),
    described_by: norm(el.getAttribute("aria-describedby") ? byIds(el.getAttribute("aria-describedby")) : ""),
    invalid: el.getAttribute("aria-invalid") === "true",
    required: el.required || el.getAttribute("aria-required") === "true",
  }));
const actions = [...document.querySelectorAll(
  'a[href], button, input[type=submit], input[type=button], [role=button], [role=link]')]
  .filter(visible)
  .map((el) => ({ element: el, name: nameOf(el), tag: el.tagName.toLowerCase(),
                  href: el.getAttribute("href") || "",
                  role: (el.getAttribute("role") || (el.tagName === "A" ? "link" : "button")) }));
const alerts = [...document.querySelectorAll('[role=alert], .error-summary')]
  .filter(visible).map((el) => norm(el.innerText));
// Lines are kept: a sentence never runs across a heading or a list item.
const lines = (document.body ? document.body.innerText : "").split("\n").map(norm).filter(Boolean);
return { controls, actions, alerts, text: lines.join("\n") };
