// Facts about the loaded page for portalqa.browser.page_observer, in one round trip (execute_async_script).
// Waits at most arguments[0] ms for the load event's end and the first contentful paint (under mobile
// emulation paint entries can still be missing right after get()), and at most arguments[1] ms for the
// buffered largest-contentful-paint entries, which only a PerformanceObserver delivers.
// arguments[2] says how to recognise the monitoring code: {scripts: [...], html: [...]}, substrings of a
// script's src or of the document's markup (compared in lower case); both empty: not looked for (null).
const [maxWaitMs, lcpWaitMs, monitoring, done] = arguments;
const started = performance.now();
const norm = (s) => (s || "").replace(/\s+/g, " ").trim();
const byIds = (ids) => ids.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || "").join(" ");

let lcp = null;
let lcpDelivered = false;
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) lcp = entry.startTime;  // renderTime, or loadTime if none
    lcpDelivered = true;
  }).observe({type: "largest-contentful-paint", buffered: true});
} catch (e) {
  lcpDelivered = true;  // not supported here: nothing to wait for
}

const navigation = () => performance.getEntriesByType("navigation")[0];
const fcp = () => {
  const entry = performance.getEntriesByName("first-contentful-paint", "paint")[0];
  return entry ? entry.startTime : null;
};

function linkName(el) {
  if (el.getAttribute("aria-labelledby")) return norm(byIds(el.getAttribute("aria-labelledby")));
  if (el.getAttribute("aria-label")) return norm(el.getAttribute("aria-label"));
  const text = norm(el.textContent);
  if (text) return text;
  const img = el.querySelector("img[alt]");
  return norm((img && img.getAttribute("alt")) || el.getAttribute("title"));
}

function viewportMeta() {
  return [...document.querySelectorAll("meta[name]")]
    .filter((m) => m.getAttribute("name").trim().toLowerCase() === "viewport")
    .some((m) => (m.getAttribute("content") || "").split(/[,;]/).some((pair) => {
      const [key, value] = pair.split("=").map((s) => (s || "").trim().toLowerCase());
      return key === "width" && value === "device-width";
    }));
}

function monitoringCode() {
  const scripts = ((monitoring && monitoring.scripts) || []).map((s) => s.toLowerCase()).filter(Boolean);
  const html = ((monitoring && monitoring.html) || []).map((s) => s.toLowerCase()).filter(Boolean);
  if (!scripts.length && !html.length) return null;
  if (scripts.length) {
    for (const el of document.querySelectorAll("script[src]")) {
      const srcs = [el.getAttribute("src") || "", el.src || ""].map((s) => s.toLowerCase());
      if (srcs.some((src) => scripts.some((wanted) => src.includes(wanted)))) return true;
    }
  }
  if (html.length) {
    const markup = document.documentElement ? document.documentElement.outerHTML.toLowerCase() : "";
    if (html.some((wanted) => markup.includes(wanted))) return true;
  }
  return false;
}

function finish() {
  const nav = navigation();
  const timing = {};
  if (nav) {
    timing.response_start_ms = nav.responseStart;
    timing.server_response_ms = nav.requestStart > 0 && nav.responseStart >= nav.requestStart
      ? nav.responseStart - nav.requestStart : null;
    timing.dom_content_loaded_ms = nav.domContentLoadedEventEnd || null;
    timing.load_event_ms = nav.loadEventEnd || null;
    timing.duration_ms = nav.loadEventEnd ? nav.duration : null;
    timing.transfer_size = nav.transferSize;
  }
  timing.first_contentful_paint_ms = fcp();
  timing.largest_contentful_paint_ms = lcp;
  const names = new Set();
  for (const el of document.querySelectorAll("a[href], [role=link]")) {
    const name = linkName(el);
    if (name && name.length <= 200) names.add(name);
  }
  const root = document.documentElement;
  done({
    url: location.href,
    title: document.title,
    timing,
    viewport_meta: viewportMeta(),
    // The layout viewport: 412 on the emulated phone with a viewport meta, 980 without. (innerWidth
    // grows with content wider than that: it cannot tell that the page scrolls sideways.)
    viewport_width: root ? root.clientWidth : window.innerWidth,
    scroll_width: root ? root.scrollWidth : 0,
    link_names: [...names],
    lang: root ? (root.getAttribute("lang") || "").trim() : "",
    monitoring_code: monitoringCode(),
  });
}

(function poll() {
  const elapsed = performance.now() - started;
  const nav = navigation();
  const loaded = !nav || nav.loadEventEnd > 0 || document.readyState !== "complete";
  const painted = fcp() !== null;
  if ((loaded && painted && (lcpDelivered || elapsed >= lcpWaitMs)) || elapsed >= maxWaitMs) {
    finish();
  } else {
    setTimeout(poll, 5);
  }
})();
