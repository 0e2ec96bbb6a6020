/* The congress pages' small scripts, no library: live figures on the chair's console, the booth reloading
   itself when an item opens or closes, the add-item form showing the fields of the kind chosen, and an
   election ballot that stops at the number of choices allowed. */
(function () {
  'use strict';
  var EVERY = 5000;

  var root = document.querySelector('[data-poll]');
  if (root) {
    var tick = function () {
      fetch(root.dataset.poll, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          if (data.figures) {
            Object.keys(data.figures).forEach(function (key) {
              document.querySelectorAll('[data-live="' + key + '"]').forEach(function (el) {
                el.textContent = data.figures[key];
              });
            });
          }
          if (data.token !== undefined && data.token !== root.dataset.token) {
            var stale = document.getElementById('console-stale');
            if (stale) { stale.classList.remove('d-none'); }
          }
          if (data.state !== undefined && data.state !== root.dataset.state) {
            window.location.reload();
          }
        })
        .catch(function () { /* the next tick tries again */ })
        .then(function () { window.setTimeout(tick, EVERY); });
    };
    window.setTimeout(tick, EVERY);
  }

  var kind = document.getElementById('add-kind');
  if (kind) {
    var show = function () {
      document.querySelectorAll('[data-kind]').forEach(function (box) {
        box.hidden = box.dataset.kind.split(' ').indexOf(kind.value) < 0;
      });
    };
    kind.addEventListener('change', show);
    show();
  }

  var ballot = document.querySelector('[data-max-choices]');
  if (ballot) {
    var most = parseInt(ballot.dataset.maxChoices, 10);
    var boxes = ballot.querySelectorAll('input[type=checkbox]');
    var limit = function () {
      var picked = ballot.querySelectorAll('input[type=checkbox]:checked').length;
      boxes.forEach(function (box) { box.disabled = !box.checked && picked >= most; });
    };
    boxes.forEach(function (box) { box.addEventListener('change', limit); });
    limit();
  }
})();
