// The new-proposal form: what is typed is saved to the server every few seconds while it changes (the page says
// "已自动保存 HH:MM"), and the similar proposals are fetched as the subject and text are typed. No inline script:
// the form names the addresses in data- attributes. Without script the form works as before.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave-url]");
  if (!form) { return; }
  var SAVE_EVERY_MS = 4000, SIMILAR_AFTER_MS = 500;
  var status = document.getElementById("autosave-status");
  var results = document.getElementById("similar-results");
  var token = (form.querySelector("input[name=csrf_token]") || {}).value || "";
  var revision = form.getAttribute("data-autosave-revision") || "";
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
    fetch(form.getAttribute("data-autosave-url"), {
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

  function similar() {
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
  setInterval(save, SAVE_EVERY_MS);
  if ((form.querySelector("[name=title]") || {}).value) { similar(); }
})();
