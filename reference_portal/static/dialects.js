// The reference portal's dialects (reference_portal/dialects.py) that need a script:
// info_tabs (a WAI-ARIA tablist), js_tracking (the result fetched as JSON and rendered here) and
// js_assistant (a widget whose replies are appended to a role=log region).
// Loaded only when a dialect is on; every part does nothing when its markup is absent.
(function () {
  "use strict";

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    return node;
  }

  function later(milliseconds, action) {
    window.setTimeout(action, milliseconds);
  }

  // --- info_tabs ---------------------------------------------------------------------------------
  function setUpTabs(tablist) {
    var tabs = Array.prototype.slice.call(tablist.querySelectorAll('[role="tab"]'));
    function select(chosen, focus) {
      tabs.forEach(function (tab) {
        var selected = tab === chosen;
        var panel = document.getElementById(tab.getAttribute("aria-controls"));
        tab.setAttribute("aria-selected", selected ? "true" : "false");
        if (selected) {
          tab.removeAttribute("tabindex");
        } else {
          tab.setAttribute("tabindex", "-1");
        }
        if (panel) {
          panel.hidden = !selected;
        }
      });
      if (focus) {
        chosen.focus();
      }
    }
    tabs.forEach(function (tab, index) {
      tab.addEventListener("click", function () {
        select(tab, false);
      });
      tab.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight") {
          next = tabs[(index + 1) % tabs.length];
        } else if (event.key === "ArrowLeft") {
          next = tabs[(index - 1 + tabs.length) % tabs.length];
        } else if (event.key === "Home") {
          next = tabs[0];
        } else if (event.key === "End") {
          next = tabs[tabs.length - 1];
        }
        if (next) {
          event.preventDefault();
          select(next, true);
        }
      });
    });
  }

  // --- js_tracking -------------------------------------------------------------------------------
  function setUpTracking(form) {
    var field = form.querySelector("#code");
    var group = field.closest(".form-group");
    var errors = document.getElementById("track-errors");
    var result = document.getElementById("track-result");
    var delay = parseInt(form.getAttribute("data-delay-ms"), 10) || 0;
    var title = document.title;

    function clear() {
      errors.textContent = "";
      result.textContent = "";
      document.title = title;
      field.removeAttribute("aria-invalid");
      field.setAttribute("aria-describedby", "code-hint");
      group.classList.remove("has-error");
      var old = document.getElementById("code-error");
      if (old) {
        old.remove();
      }
    }

    function showError(message, signIn) {
      if (signIn) {
        var notice = element("div", { class: "notice", role: "status" });
        notice.appendChild(element("p", {}, message));
        var link = element("p");
        link.appendChild(element("a", { href: signIn.href }, signIn.text));
        notice.appendChild(link);
        result.appendChild(notice);
        return;
      }
      var summary = element("div", { role: "alert", class: "error-summary", tabindex: "-1" });
      summary.appendChild(element("h2", {}, errors.getAttribute("data-heading")));
      var list = element("ul");
      var item = element("li");
      item.appendChild(element("a", { href: "#code" }, message));
      list.appendChild(item);
      summary.appendChild(list);
      errors.appendChild(summary);
      var fieldError = element("p", { id: "code-error", class: "field-error" }, message);
      group.insertBefore(fieldError, field.closest(".search-row"));
      group.classList.add("has-error");
      field.setAttribute("aria-invalid", "true");
      field.setAttribute("aria-describedby", "code-hint code-error");
      document.title = errors.getAttribute("data-title-prefix") + title;
      summary.focus();
    }

    function showResult(data) {
      var facts = element("dl", { class: "facts" });
      data.facts.forEach(function (fact) {
        facts.appendChild(element("dt", {}, fact.label));
        facts.appendChild(element("dd", {}, fact.value));
      });
      result.appendChild(facts);
      var status = element("section", { "aria-labelledby": "track-status-heading", class: "tracking-result" });
      status.appendChild(element("h2", { id: "track-status-heading" }, data.heading));
      if (data.sentence) {
        status.appendChild(element("p", { class: "status-sentence" }, data.sentence));
      } else {
        var steps = element("ol", { class: "timeline" });
        data.steps.forEach(function (step) {
          var item = element("li");
          item.appendChild(element("span", { class: "status-name" }, step.label));
          item.appendChild(document.createTextNode(" "));
          item.appendChild(element("time", { datetime: step.at }, step.time));
          steps.appendChild(item);
        });
        data.pending.forEach(function (text) {
          var item = element("li", { class: "pending" });
          item.appendChild(element("span", { class: "status-name" }, text));
          steps.appendChild(item);
        });
        status.appendChild(steps);
      }
      result.appendChild(status);
      if (data.result) {
        var issued = element("section", { "aria-labelledby": "track-result-heading" });
        issued.appendChild(element("h2", { id: "track-result-heading" }, data.result.heading));
        if (data.result.in_person) {
          issued.appendChild(element("p", { class: "notice" }, data.result.in_person));
        }
        var links = element("ul", { class: "result-list" });
        data.result.downloads.forEach(function (download) {
          var item = element("li");
          item.appendChild(element("a", { class: "button", href: download.href, download: "" }, download.text));
          links.appendChild(item);
        });
        if (data.result.downloads.length) {
          issued.appendChild(links);
        }
        if (data.result.note) {
          issued.appendChild(element("p", { class: "hint" }, data.result.note));
        }
        result.appendChild(issued);
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clear();
      var address = form.getAttribute("data-api") + "?code=" + encodeURIComponent(field.value);
      fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (answer) {
          later(delay, function () {
            if (answer.ok) {
              showResult(answer.data);
            } else {
              showError(answer.data.error, answer.data.sign_in);
            }
          });
        })
        .catch(function () {
          later(delay, function () {
            showError(form.getAttribute("data-failed") || "", null);
          });
        });
    });
  }

  // --- js_assistant ------------------------------------------------------------------------------
  function setUpAssistant(widget) {
    var toggle = widget.querySelector(".assistant-toggle");
    var panel = document.getElementById(toggle.getAttribute("aria-controls"));
    var form = widget.querySelector("form");
    var question = form.querySelector("textarea");
    var log = widget.querySelector('[role="log"]');
    var delay = parseInt(form.getAttribute("data-delay-ms"), 10) || 0;

    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
      if (open) {
        question.focus();
      }
    });

    function fieldError(message) {
      var old = document.getElementById("assistant-question-error");
      if (old) {
        old.remove();
      }
      if (message) {
        var error = element("p", { id: "assistant-question-error", class: "field-error" }, message);
        question.parentNode.insertBefore(error, question);
        question.setAttribute("aria-invalid", "true");
        question.setAttribute("aria-describedby", "assistant-question-error");
      } else {
        question.removeAttribute("aria-invalid");
        question.removeAttribute("aria-describedby");
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = new URLSearchParams(new FormData(form));
      fetch(form.getAttribute("action"), {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        body: body,
      })
        .then(function (response) {
          return response.json();
        })
        .then(function (data) {
          later(delay, function () {
            if (data.error) {
              fieldError(data.error);
              return;
            }
            fieldError("");
            log.appendChild(element("p", { class: "assistant-reply" }, data.reply));
            question.value = "";
          });
        })
        .catch(function () {
          later(delay, function () {
            log.appendChild(element("p", { class: "assistant-reply" }, form.getAttribute("data-failed")));
          });
        });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll('[role="tablist"]'), setUpTabs);
    Array.prototype.forEach.call(document.querySelectorAll("form.js-tracking"), setUpTracking);
    Array.prototype.forEach.call(document.querySelectorAll(".assistant-widget"), setUpAssistant);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
