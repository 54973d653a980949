// Campaign editor (progressive enhancement; the page works without it): keeps the line numbers beside the
// definition in step while typing, and makes "line N" links in the error list put the cursor on that line.
(function () {
  'use strict';
  var area = document.getElementById('definition');
  var gutter = document.getElementById('gutter');
  if (!area || !gutter) {
    return;
  }
  var bad = {};
  Array.prototype.forEach.call(gutter.querySelectorAll('span.bad'), function (span) {
    bad[span.textContent] = true;
  });
  function renumber() {
    var lines = area.value.split('\n').length;
    if (area.value.endsWith('\n')) {
      lines -= 1;
    }
    lines = Math.max(lines, 1);
    var html = [];
    for (var n = 1; n <= lines; n++) {
      html.push(bad[n] ? '<span class="bad">' + n + '</span>' : '<span>' + n + '</span>');
    }
    gutter.innerHTML = html.join('\n') + '\n';
    area.rows = lines + 2;
  }
  area.addEventListener('input', renumber);
  Array.prototype.forEach.call(document.querySelectorAll('a.goto-line'), function (link) {
    link.addEventListener('click', function () {
      var line = parseInt(link.getAttribute('data-line'), 10);
      var lines = area.value.split('\n');
      var start = 0;
      for (var i = 0; i < line - 1 && i < lines.length; i++) {
        start += lines[i].length + 1;
      }
      var end = start + (lines[line - 1] || '').length;
      area.focus();
      area.setSelectionRange(start, end);
    });
  });
}());
