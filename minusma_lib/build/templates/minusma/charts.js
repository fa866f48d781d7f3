// Draw every chart of the page from its JSON data block (the page runs no inline script).
document.querySelectorAll('script[type="application/json"].chart-data').forEach(function (el) {
  var spec = JSON.parse(el.textContent);
  Plotly.newPlot(el.getAttribute("data-target"), spec.data, spec.layout, spec.config);
});
// Chart / Data / Sources / Method: one panel shown at a time, chosen by its button.
document.querySelectorAll(".chart-views").forEach(function (group) {
  var buttons = group.querySelectorAll("button.chart-tab");
  function show(chosen) {
    buttons.forEach(function (b) {
      var on = b === chosen;
      b.setAttribute("aria-pressed", on ? "true" : "false");
      var panel = document.getElementById(b.getAttribute("data-panel"));
      panel.hidden = !on;
      if (on && panel.querySelector(".plotly-chart")) {
        Plotly.Plots.resize(panel.querySelector(".plotly-chart"));
      }
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () { show(b); });
  });
  show(buttons[0]);
});
