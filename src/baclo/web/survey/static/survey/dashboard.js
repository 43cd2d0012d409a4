// Charts of the association's dashboard, drawn with the vendored Chart.js. Every chart has a
// table with the same (published) numbers next to it; a hidden cell stays hidden here too.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var node = document.getElementById("survey-charts");
  if (!node) { return; }
  var data = JSON.parse(node.textContent);
  var lang = document.documentElement.lang || "fr";
  var t = lang === "fr"
    ? { people: "Personnes", dose: "Dose efficace (mg/j)", reached: "Ont atteint leur dose efficace", day: "Jours depuis le début" }
    : { people: "People", dose: "Effective dose (mg/day)", reached: "Reached their effective dose", day: "Days since the start" };
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  var histogram = document.getElementById("dose-histogram");
  if (histogram && data.histogram.length) {
    histogram.chart = new Chart(histogram, {
      type: "bar",
      data: {
        labels: data.histogram.map(function (b) { return b.to_mg === null ? b.from_mg + "+" : b.from_mg + "–" + b.to_mg; }),
        datasets: [{ label: t.people, data: data.histogram.map(function (b) { return b.count; }), backgroundColor: "#1f5f8b" }]
      },
      options: { plugins: { legend: { position: "bottom" } }, scales: { x: { title: { display: true, text: t.dose } }, y: { beginAtZero: true, title: { display: true, text: t.people } } } }
    });
  }
  var km = document.getElementById("km-curve");
  if (km && data.km.length) {
    km.chart = new Chart(km, {
      type: "line",
      data: { datasets: [{ label: t.reached, data: data.km.map(function (p) { return { x: p.day, y: 100 * p.reached }; }), stepped: true, borderColor: "#1f5f8b", pointRadius: 0 }] },
      options: {
        plugins: { legend: { position: "bottom" } },
        scales: { x: { type: "linear", min: 0, title: { display: true, text: t.day } }, y: { min: 0, max: 100, title: { display: true, text: "%" } } }
      }
    });
  }
})();
