// Draw every chart of the page from its JSON data block (the page runs no inline script).
document.querySelectorAll('script[type="application/json"].chart-data').forEach(function (el) {
  var spec = JSON.parse(el.textContent);
  Plotly.newPlot(el.getAttribute("data-target"), spec.data, spec.layout, spec.config);
});
