// Filters, issue index and keyboard navigation for the mtqa HTML report. No network, no libraries.
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var cat = document.getElementById('f-cat');
  var code = document.getElementById('f-code');
  var text = document.getElementById('f-text');
  var count = document.getElementById('f-count');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr.seg'));
  var indexItems = Array.prototype.slice.call(document.querySelectorAll('#index li[data-sev]'));
  var issues = Array.prototype.slice.call(document.querySelectorAll('li.issue'));
  var current = -1;

  function severities() {
    var on = {};
    Array.prototype.forEach.call(document.querySelectorAll('.f-sev'), function (box) { on[box.value] = box.checked; });
    return on;
  }

  // An issue matches when its severity is ticked, its category and code match the selects, and the
  // search text occurs in its message, code or category or in its segment's source or target.
  function matches(el, on, needle, rowText) {
    if (!on[el.getAttribute('data-sev')]) return false;
    if (cat.value && el.getAttribute('data-cat') !== cat.value) return false;
    if (code.value && el.getAttribute('data-code') !== code.value) return false;
    if (!needle) return true;
    var own = (el.textContent + ' ' + el.getAttribute('data-code') + ' ' + el.getAttribute('data-cat')).toLowerCase();
    return own.indexOf(needle) >= 0 || rowText.indexOf(needle) >= 0;
  }

  function apply() {
    var on = severities();
    var needle = text.value.trim().toLowerCase();
    var narrowed = !!(cat.value || code.value);
    var shownIssues = 0;
    var shownRows = 0;
    var rowTexts = {};
    rows.forEach(function (row) {
      var rowText = '';
      Array.prototype.forEach.call(row.querySelectorAll('td.text'), function (td) { rowText += td.textContent.toLowerCase() + ' '; });
      rowTexts[row.id] = rowText;
      var own = row.querySelectorAll('li.issue');
      var any = false;
      Array.prototype.forEach.call(own, function (li) {
        var ok = matches(li, on, needle, rowText);
        li.classList.toggle('hidden', !ok);
        if (ok) { any = true; shownIssues += 1; }
      });
      var visible = own.length ? any : (on.ok && !narrowed && (!needle || rowText.indexOf(needle) >= 0));
      row.classList.toggle('hidden', !visible);
      if (visible) shownRows += 1;
    });
    indexItems.forEach(function (li) {
      var rowText = rowTexts['seg-' + li.getAttribute('data-seg')] || '';
      li.classList.toggle('hidden', !matches(li, on, needle, rowText));
    });
    count.textContent = shownIssues + ' of ' + issues.length + ' issues, ' + shownRows + ' of ' + rows.length + ' segments shown';
  }

  function visibleIssues() {
    return issues.filter(function (li) { return !li.classList.contains('hidden') && !li.closest('tr').classList.contains('hidden'); });
  }

  function go(step) {
    var list = visibleIssues();
    if (!list.length) return;
    var at = list.indexOf(issues[current]);
    var next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    if (current >= 0) issues[current].classList.remove('current');
    current = issues.indexOf(list[next]);
    var li = issues[current];
    li.classList.add('current');
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: 'center' });
    // The address follows, so a reload or a shared link returns here; a page shown in a sandboxed
    // frame (a mail or CI artifact preview) may not change its history, and then it stays as it is.
    try { history.replaceState(null, '', '#' + li.id); } catch (err) { /* sandboxed: keep the address */ }
  }

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var tag = (e.target && e.target.tagName) || '';
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') {
      if (e.key === 'Escape') e.target.blur();
      return;
    }
    if (e.key === 'j' || e.key === 'n') { go(1); e.preventDefault(); }
    else if (e.key === 'k' || e.key === 'p') { go(-1); e.preventDefault(); }
    else if (e.key === '/') { text.focus(); e.preventDefault(); }
  });

  // A jump link from the index makes that issue the current one for j/k.
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('#index a');
    if (!a) return;
    var target = document.getElementById(a.getAttribute('href').slice(1));
    var at = issues.indexOf(target);
    if (at >= 0) {
      if (current >= 0) issues[current].classList.remove('current');
      current = at;
      target.classList.add('current');
    }
  });

  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  window.mtqaReport = { apply: apply, next: function () { go(1); }, previous: function () { go(-1); } };
  apply();
})();
