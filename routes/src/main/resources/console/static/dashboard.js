// Herald console dashboard: refreshes the numbers every few seconds from dashboard.json.
// Progressive enhancement: without this script the page shows the numbers as rendered, with a Reload link.
(function () {
  'use strict';
  var root = document.getElementById('dashboard');
  if (!root || !window.fetch) {
    return;
  }
  var url = root.getAttribute('data-refresh-url');
  var status = document.getElementById('dashboard-updated');
  var PERIOD_MS = 5000;

  function show(data) {
    var display = data.display || {};
    root.querySelectorAll('[data-metric]').forEach(function (el) {
      var key = el.getAttribute('data-metric');
      if (Object.prototype.hasOwnProperty.call(display, key) && key !== 'at') {
        el.textContent = display[key];
      }
    });
    var line = document.getElementById('sparkline-line');
    if (line && data.sparklinePoints) {
      line.setAttribute('points', data.sparklinePoints);
    }
    if (status) {
      status.textContent = 'As of ' + display.at + ', refreshed every ' + (PERIOD_MS / 1000) + ' seconds.';
      status.classList.remove('warn');
    }
  }

  function refresh() {
    fetch(url, {credentials: 'same-origin', headers: {'Accept': 'application/json'}})
      .then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        if (!response.ok || type.indexOf('application/json') !== 0) {
          throw new Error('HTTP ' + response.status);
        }
        return response.json();
      })
      .then(show)
      .catch(function () {
        if (status) {
          status.textContent = 'Could not refresh the numbers (signed out or Herald unreachable); reload the page.';
          status.classList.add('warn');
        }
      });
  }

  refresh();
  window.setInterval(refresh, PERIOD_MS);
})();
