// static/app.js — live estimate beside the application form. The form's field names
// are the JSON paths of the application format, so this builds the same document the
// server builds on save (src/web/form.c form_to_application), asks POST /api/v1/check
// and redraws the estimate panel. Without JavaScript the form still works: saving
// shows the same panel from the server.
// The print buttons of the print view (/applications/{id}/print): the browser's print
// dialog; without JavaScript the browser's own print menu does the same.
(function () {
  'use strict';
  var buttons = document.querySelectorAll('[data-print]');
  for (var i = 0; i < buttons.length; i++)
    buttons[i].addEventListener('click', function () { window.print(); });
})();

(function () {
  'use strict';
  var form = document.getElementById('application-form');
  var panel = document.getElementById('estimate');
  if (!form || !panel || !window.fetch) return;

  var DECL = ['primary_purpose_staff_efficiency', 'demonstration_only', 'multi_year_build', 'one_off_event',
    'ict_purchase_subsidy_without_service', 'smartphone_class_or_staffing', 'wifi_or_devices_primary'];

  function endsWith(s, t) { return s.length >= t.length && s.slice(s.length - t.length) === t; }

  function typed(path, value) {
    if (endsWith(path, 'fiscal_year')) return /^-?\d+$/.test(value) ? parseInt(value, 10) : value;
    if (endsWith(path, '.value')) return value.trim() !== '' && !isNaN(Number(value)) ? Number(value) : value;
    if (endsWith(path, '.eligible') || endsWith(path, 'external_evaluation') || path.indexOf('declarations.') === 0)
      return value === '1' || value === 'true' || value === 'on';
    return value;
  }

  function setPath(root, path, leaf) {
    var re = /([^.[\]]+)|\[(\d+)\]/g, parts = [], m;
    while ((m = re.exec(path)) !== null) parts.push(m[1] !== undefined ? m[1] : Number(m[2]));
    var cur = root;
    for (var i = 0; i < parts.length - 1; i++) {
      var k = parts[i], nextIsIndex = typeof parts[i + 1] === 'number';
      if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== 'object') cur[k] = nextIsIndex ? [] : {};
      if (nextIsIndex) { while (cur[k].length <= parts[i + 1]) cur[k].push({}); }
      cur = cur[k];
    }
    if (typeof parts[parts.length - 1] !== 'number') cur[parts[parts.length - 1]] = leaf;
  }

  function prune(v) {
    if (Array.isArray(v)) {
      for (var i = v.length - 1; i >= 0; i--)
        if (v[i] && typeof v[i] === 'object' && !Array.isArray(v[i]) && prune(v[i])) v.splice(i, 1);
      return false;
    }
    if (v && typeof v === 'object') {
      Object.keys(v).forEach(function (k) { if (prune(v[k])) delete v[k]; });
      return Object.keys(v).length === 0;
    }
    return false;
  }

  function build() {
    var root = { declarations: {} };
    DECL.forEach(function (d) { root.declarations[d] = false; });
    new FormData(form).forEach(function (value, name) {
      if (name === 'csrf' || name.charAt(0) === '_' || value === '') return;
      if (name === 'fields') { (root.fields = root.fields || []).push(value); return; }
      if (name === 'mynumber_card.new_uses' || name === 'data_platform.services_linked') {
        setPath(root, name, value.split(/\r?\n/).filter(function (s) { return s !== ''; }));
        return;
      }
      setPath(root, name, typed(name, value));
    });
    prune(root);
    root.format = 'digiden/application/1';
    root.services = root.services || [];
    root.services.forEach(function (s) {
      s.cost_items = s.cost_items || [];
      s.cost_items.forEach(function (c) { if (c.eligible === undefined) c.eligible = false; });
    });
    if (root.pdca && root.pdca.external_evaluation === undefined) root.pdca.external_evaluation = false;
    return root;
  }

  function yen(v) {
    if (typeof v !== 'number') return v === null || v === undefined ? '—' : String(v);
    var s = v.toLocaleString('ja-JP') + '円';
    if (v >= 10000 && v % 10000 === 0) {
      var oku = Math.floor(v / 100000000), man = (v % 100000000) / 10000, h = '';
      if (oku) h += oku.toLocaleString('ja-JP') + '億';
      if (man) h += man.toLocaleString('ja-JP') + '万';
      s += '（' + h + '円）';
    }
    return s;
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function diagList(parent, list, cls, heading) {
    if (!list || !list.length) return;
    parent.appendChild(el('h3', heading + '（' + list.length + '件）'));
    var ul = el('ul', undefined, 'diags');
    list.forEach(function (d) {
      var li = el('li', undefined, cls);
      if (d.path) {
        var a = el('a', d.path);
        a.href = '#' + d.path;
        li.appendChild(a);
        li.appendChild(document.createTextNode(': '));
      }
      li.appendChild(document.createTextNode(d.message));
      ul.appendChild(li);
    });
    parent.appendChild(ul);
  }

  function render(c) {
    function set(id, text) { var e = document.getElementById(id); if (e) e.textContent = text; }
    var verdict = document.getElementById('estimate-verdict');
    if (verdict) {
      verdict.textContent = c.ok ? '受付可能です（エラーなし）' : 'このままでは受け付けられません';
      verdict.className = 'notice ' + (c.ok ? 'ok' : 'error');
    }
    set('estimate-project-cost', yen(c.project_cost_yen));
    set('estimate-eligible-cost', yen(c.eligible_cost_yen));
    set('estimate-rate', c.rate || '—');
    set('estimate-cap', yen(c.cap_yen));
    set('estimate-national-share', yen(c.national_share_yen));
    set('estimate-local-share', yen(c.local_share_yen));
    var diags = document.getElementById('estimate-diags');
    if (diags) {
      while (diags.firstChild) diags.removeChild(diags.firstChild);
      diagList(diags, c.errors, 'error', 'エラー');
      diagList(diags, c.warnings, 'warning', '警告（審査で弱いと見られる点）');
      diagList(diags, c.info, 'info', 'お知らせ');
    }
    var trace = document.getElementById('estimate-trace');
    if (trace) {
      while (trace.firstChild) trace.removeChild(trace.firstChild);
      (c.trace || []).forEach(function (t) {
        var li = el('li', t.label);
        if (t.source && t.source !== 'application') {
          li.appendChild(document.createElement('br'));
          li.appendChild(el('small', '出典: ' + t.source + (t.quote ? '「' + t.quote + '」' : '')));
        }
        trace.appendChild(li);
      });
    }
    panel.setAttribute('data-updated', String(Date.now()));
  }

  var timer = null, seq = 0;
  function update() {
    var mine = ++seq;
    fetch('/api/v1/check', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(build()), credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (c) { if (mine === seq && c && !c.error) render(c); })
      .catch(function () { /* the estimate stays as it was; saving still checks on the server */ });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(update, 300); }
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
})();
