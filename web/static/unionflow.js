/* The small scripts every page may use, loaded as a file (the Content-Security-Policy allows no inline script):
   the filter boxes of long pick lists, the reason picker of text templates, the print button, a token field that
   selects itself, and the alert of a refused action or form errors taking the focus so that a phone shows it. */
(function () {
  'use strict';

  document.querySelectorAll('.pick-filter').forEach(function (box) {
    box.addEventListener('input', function () {
      var words = box.value.trim().toLowerCase();
      document.querySelectorAll('#' + box.dataset.target + ' .form-check').forEach(function (row) {
        row.classList.toggle('hidden-by-filter', row.textContent.toLowerCase().indexOf(words) < 0);
      });
    });
  });

  var picker = document.getElementById('reason-template');
  if (picker) {
    picker.addEventListener('change', function () {
      var option = picker.options[picker.selectedIndex];
      if (!option.value) { return; }
      document.querySelectorAll('textarea[name="reason"]').forEach(function (box) { box.value = option.dataset.body; });
    });
  }

  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.addEventListener('click', function () { window.print(); });
  });

  document.querySelectorAll('select[data-autosubmit]').forEach(function (select) {
    select.addEventListener('change', function () { select.form.submit(); });
  });

  document.querySelectorAll('[data-select-on-focus]').forEach(function (field) {
    field.addEventListener('focus', function () { field.select(); });
  });

  var alert = document.querySelector('[data-focus-alert]');
  if (alert) {
    window.scrollTo(0, 0);
    alert.focus();
  }
}());
