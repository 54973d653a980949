// Herald console, Templates: live preview while typing (progressive enhancement; the Preview button works without it).
(function () {
  'use strict';
  var form = document.getElementById('template-form');
  if (!form || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var url = form.getAttribute('data-preview-url');
  var csrf = form.querySelector('input[name="_csrf"]').value;
  var content = document.getElementById('content');
  var timer = null;
  var sequence = 0;

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) {
      el.textContent = value || '';
    }
  }

  function showErrors(errors) {
    var box = document.getElementById('template-errors');
    box.textContent = '';
    if (!errors || errors.length === 0) {
      return;
    }
    var list = document.createElement('ul');
    errors.forEach(function (e) {
      var item = document.createElement('li');
      item.className = 'error';
      item.setAttribute('data-line', e.line);
      item.textContent = e.file + ':' + e.line + ': ' + e.message;
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function preview() {
    var mine = ++sequence;
    var body = new URLSearchParams(new FormData(form));
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {'Accept': 'application/json', 'X-CSRF-Token': csrf,
                'Content-Type': 'application/x-www-form-urlencoded'},
      body: body.toString()
    }).then(function (r) {
      if (!r.ok) {
        throw new Error('preview failed (' + r.status + ')');
      }
      return r.json();
    }).then(function (p) {
      if (mine !== sequence) {
        return; // a newer preview is on its way
      }
      text('preview-of', 'of your unsaved text');
      text('customer-note', p.customerNote);
      text('preview-problem', p.problem);
      showErrors(p.errors);
      if (!p.problem) {
        text('preview-subject', p.subject);
        text('preview-preheader', p.preheader);
        text('preview-text', p.text);
        if (p.frame) {
          document.getElementById('preview-frame').src = p.frame;
        }
      }
    }).catch(function (e) {
      text('preview-problem', e.message);
    });
  }

  function later() {
    var notice = document.getElementById('notice');
    if (notice) {
      notice.remove(); // "Saved" no longer describes what is in the editor
    }
    clearTimeout(timer);
    timer = setTimeout(preview, 400);
  }

  content.addEventListener('input', later);
  document.getElementById('customer').addEventListener('change', later);
  document.getElementById('variant').addEventListener('change', later);
  document.getElementById('language').addEventListener('change', later);

  // clicking an error puts the cursor on its line
  document.getElementById('template-errors').addEventListener('click', function (event) {
    var line = parseInt(event.target.getAttribute('data-line'), 10);
    if (!line) {
      return;
    }
    var lines = content.value.split('\n');
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) {
      start += lines[i].length + 1;
    }
    var end = start + (lines[line - 1] || '').length;
    content.focus();
    content.setSelectionRange(start, end);
  });
})();
