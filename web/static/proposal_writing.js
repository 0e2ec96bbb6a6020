// A proposal's form as it is written: what is typed is saved to the server every few seconds while it changes (the
// page says "已自动保存 HH:MM"), and on the new-proposal page the similar proposals are fetched as the subject and
// text are typed. The form (or, on a case page, #autosave naming the action's form) carries the addresses in data-
// attributes, and on a case page what was saved, restored here. No inline script; without script the form works.
(function () {
  "use strict";
  var holder = document.getElementById("autosave");
  var box = holder ? document.getElementById(holder.getAttribute("data-form")) : null;
  var form = box ? box.querySelector("form") : document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  var config = holder || form;
  var SAVE_EVERY_MS = 4000, SIMILAR_AFTER_MS = 500;
  var status = document.getElementById("autosave-status");
  if (!status) {
    status = document.createElement("p");
    status.id = "autosave-status";
    status.className = "autosave-status small text-muted";
    status.setAttribute("role", "status");
    form.insertBefore(status, form.querySelector("button[type=submit]"));
  }
  var results = document.getElementById("similar-results");
  var token = (form.querySelector("input[name=csrf_token]") || {}).value || "";
  var revision = config.getAttribute("data-autosave-revision") || "";
  var dirty = false, saving = false, sent = false, similarTimer = null, lastQuery = null;

  function fields() {
    var data = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token" && typeof value === "string") { data.append(name, value); }
    });
    return data;
  }

  function save() {
    if (!dirty || saving || sent) { return; }
    saving = true; dirty = false;
    var body = fields();
    body.append("revision", revision);
    fetch(config.getAttribute("data-autosave-url"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": token, "Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (answer) { return {ok: response.ok, answer: answer}; });
    }).then(function (r) {
      if (r.ok) {
        revision = String(r.answer.revision);
        status.textContent = r.answer.message + (r.answer.notice ? " " + r.answer.notice : "");
      } else { dirty = true; }
    }).catch(function () { dirty = true; }).then(function () { saving = false; });
  }

  function restore() {
    var text = config.getAttribute("data-values");
    if (!text) { return; }
    var values = JSON.parse(text);
    Object.keys(values).forEach(function (name) {
      var wanted = [].concat(values[name]);
      Array.prototype.forEach.call(form.querySelectorAll("[name='" + name + "']"), function (field) {
        if (field.type === "checkbox") {
          field.checked = wanted.indexOf(field.value) >= 0 || (field.value === "on" && wanted[0] === "on");
        } else if (field.multiple) {
          Array.prototype.forEach.call(field.options, function (o) { o.selected = wanted.indexOf(o.value) >= 0; });
        } else { field.value = wanted[0]; }
      });
    });
    status.textContent = config.getAttribute("data-restored") || "";
    if (box && box.tagName === "DETAILS") { box.open = true; }
  }

  function similar() {
    if (!results) { return; }
    var query = fields(), wanted = new URLSearchParams();
    ["session_id", "title", "reasons", "measures"].forEach(function (name) { wanted.set(name, query.get(name) || ""); });
    var text = wanted.toString();
    if (text === lastQuery) { return; }
    lastQuery = text;
    fetch(form.getAttribute("data-similar-url") + "?" + text, {credentials: "same-origin"})
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && text === lastQuery) { results.innerHTML = html; } })
      .catch(function () { lastQuery = null; });
  }

  form.addEventListener("input", function (event) {
    dirty = true;
    if (["title", "reasons", "measures", "session_id"].indexOf(event.target.name) >= 0) {
      clearTimeout(similarTimer);
      similarTimer = setTimeout(similar, SIMILAR_AFTER_MS);
    }
  });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function () { sent = true; });
  restore();
  setInterval(save, SAVE_EVERY_MS);
  if ((form.querySelector("[name=title]") || {}).value) { similar(); }
})();
