// Charts of baclo, drawn with the vendored Chart.js. Every chart has a <table> next to it with
// the same numbers, so nothing here is needed to read them.
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var lang = document.documentElement.lang || "fr";
  var t = lang === "fr" ? {
    planned: "Dose prévue (mg)", taken: "Dose prise (mg)", craving: "Craving (0-10)",
    alcohol: "Alcool (verres standard)", typical: "Patient typique (ng/mL)", band: "5-95 % des patients",
    date: "Jour", cravingAxis: "craving", alcoholAxis: "verres",
    onset: "Craving", hour: "Heure", conc: "ng/mL", mg: "mg/jour", peak: "Pic",
    own: "Ce patient (ng/mL)", ownBand: "5-95 % compatibles avec ses dosages"
  } : {
    planned: "Planned dose (mg)", taken: "Dose taken (mg)", craving: "Craving (0-10)",
    alcohol: "Alcohol (standard drinks)", typical: "Typical patient (ng/mL)", band: "5-95% of patients",
    date: "Day", cravingAxis: "craving", alcoholAxis: "drinks",
    onset: "Craving", hour: "Time", conc: "ng/mL", mg: "mg/day", peak: "Peak",
    own: "This patient (ng/mL)", ownBand: "5-95% compatible with the levels"
  };
  var number = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  Chart.defaults.font.size = 13;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  function clockLabel(hours) {
    var minutes = Math.round(hours * 60) % 1440;
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }
  function clockHours(text) {
    var parts = /^(\d{2}):(\d{2})$/.exec(text || "");
    return parts ? Number(parts[1]) + Number(parts[2]) / 60 : null;
  }

  // A vertical line at the craving onset (hours), drawn after the datasets.
  var onsetLine = {
    id: "onsetLine",
    afterDatasetsDraw: function (chart) {
      var hour = chart.options.plugins.onsetLine && chart.options.plugins.onsetLine.hour;
      if (hour === null || hour === undefined) { return; }
      var x = chart.scales.x.getPixelForValue(hour), area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = "#a4161a"; ctx.lineWidth = 2; ctx.setLineDash([6, 4]);
      ctx.beginPath(); ctx.moveTo(x, area.top); ctx.lineTo(x, area.bottom); ctx.stroke();
      ctx.setLineDash([]); ctx.fillStyle = "#a4161a"; ctx.font = "bold 12px sans-serif";
      ctx.textAlign = x > area.right - 100 ? "right" : "left";
      ctx.fillText(t.onset + " " + clockLabel(hour), x + (ctx.textAlign === "left" ? 4 : -4), area.top + 12);
      ctx.restore();
    }
  };

  function staircase() {
    var canvas = document.getElementById("staircase-chart");
    var rows = data("staircase-data");
    if (!canvas || !rows) { return; }
    var labels = rows.map(function (r) {
      return new Date(r.date + "T12:00:00").toLocaleDateString(lang, { day: "numeric", month: "short" });
    });
    function col(key) { return rows.map(function (r) { return r[key]; }); }
    function logged(dataset) { return dataset.data.some(function (v) { return v !== null && v !== undefined; }); }
    var datasets = [
      { type: "line", label: t.planned, data: col("planned_mg"), stepped: true, borderColor: "#8a96a3", borderDash: [5, 4], pointRadius: 0, yAxisID: "y" },
      { type: "line", label: t.taken, data: col("taken_mg"), stepped: true, borderColor: "#1f5f8b", backgroundColor: "#1f5f8b", pointRadius: 2, spanGaps: false, yAxisID: "y" },
      { type: "line", label: t.craving, data: col("craving"), borderColor: "#d35400", backgroundColor: "#d35400", pointRadius: 3, tension: 0.2, yAxisID: "y1" },
      { type: "bar", label: t.alcohol, data: col("drinks"), backgroundColor: "rgba(164, 22, 26, 0.45)", yAxisID: "y2" }
    ].map(function (dataset) { dataset.hidden = !logged(dataset); return dataset; });
    var cravingShown = !datasets[2].hidden, alcoholShown = !datasets[3].hidden;
    canvas.chart = new Chart(canvas, {
      data: { labels: labels, datasets: datasets },
      options: {
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14, filter: function (item, chart) { return logged(chart.datasets[item.datasetIndex]); } } } },
        // Three stacked panels, each with its own labelled axis, so that grams of alcohol are
        // never read against milligrams of baclofen: dose on top, craving, then alcohol.
        scales: {
          x: { ticks: { maxRotation: 0, autoSkipPadding: 12 }, title: { display: true, text: t.date } },
          // Chart.js stacks panels from the bottom up, in the order the axes are listed.
          // A panel with nothing logged takes no room (the plan page shows the dose alone).
          y2: alcoholShown ? { stack: "panels", stackWeight: 2, offset: true, beginAtZero: true, title: { display: true, text: t.alcoholAxis } } : { display: false },
          y1: cravingShown ? { stack: "panels", stackWeight: 2, offset: true, min: 0, max: 10, ticks: { stepSize: 5 }, title: { display: true, text: t.cravingAxis } } : { display: false },
          y: { stack: "panels", stackWeight: 3, beginAtZero: true, title: { display: true, text: t.mg } }
        }
      }
    });
  }

  function curveChart(canvas, curve) {
    var onset = clockHours(canvas.getAttribute("data-onset"));
    var points = curve ? curve.points : [];
    function series(key) { return points.map(function (p) { return { x: p.hour, y: p[key] }; }); }
    var datasets = [
      { label: t.band, data: series("p95"), borderWidth: 0, pointRadius: 0, backgroundColor: "rgba(31, 95, 139, 0.18)", fill: "+1" },
      { label: "5 %", data: series("p5"), borderWidth: 0, pointRadius: 0, fill: false },
      { label: t.typical, data: series("typical"), borderColor: "#1f5f8b", borderWidth: 3, pointRadius: 0, fill: false }
    ];
    if (points.length && points[0].individual !== undefined) {
      // the patient's own curve, estimated from measured levels, beside the population's
      datasets.push(
        { label: t.ownBand, data: series("i95"), borderWidth: 0, pointRadius: 0, backgroundColor: "rgba(211, 84, 0, 0.18)", fill: "+1" },
        { label: "5 %", data: series("i5"), borderWidth: 0, pointRadius: 0, fill: false },
        { label: t.own, data: series("individual"), borderColor: "#d35400", borderWidth: 3, pointRadius: 0, fill: false }
      );
    }
    return new Chart(canvas, {
      type: "line",
      data: { datasets: datasets },
      options: {
        parsing: true,
        interaction: { mode: "index", intersect: false },
        plugins: {
          onsetLine: { hour: onset },
          legend: { position: "bottom", labels: { boxWidth: 14, filter: function (item) { return item.text !== "5 %"; } } },
          tooltip: { callbacks: { title: function (items) { return items.length ? clockLabel(items[0].parsed.x) : ""; } } }
        },
        scales: {
          x: { type: "linear", min: 0, max: 24, ticks: { stepSize: 3, callback: function (v) { return clockLabel(v); } }, title: { display: true, text: t.hour } },
          y: { beginAtZero: true, title: { display: true, text: t.conc } }
        }
      },
      plugins: [onsetLine]
    });
  }

  function curves() {
    document.querySelectorAll("canvas[data-curve]").forEach(function (canvas) {
      if (canvas.id === "planner-chart") { return; }
      canvas.chart = curveChart(canvas, data(canvas.getAttribute("data-curve")));
    });
  }

  // The split planner: the closed-form steady state of the one-compartment model with
  // first-order absorption (the same formula as baclo.pk.steady_state_concentration), using
  // the typical parameters the server embedded from baclo.pk.
  function steadyState(model, intakes, hour) {
    var k = model.cl / model.v, ka = model.ka, total = 0;
    var coef = ka / (model.v * (ka - k));
    intakes.forEach(function (intake) {
      var tau = (((hour - intake.hour - model.lag) % 24) + 24) % 24;
      total += intake.dose * coef * (Math.exp(-k * tau) / (1 - Math.exp(-24 * k)) - Math.exp(-ka * tau) / (1 - Math.exp(-24 * ka)));
    });
    return total * 1000;
  }
  window.bacloSteadyState = steadyState;

  function planner() {
    var form = document.getElementById("planner-form");
    var canvas = document.getElementById("planner-chart");
    var model = data("pk-model");
    if (!form || !canvas || !model) { return; }
    var chart = curveChart(canvas, data("planner-chart-data"));
    canvas.chart = chart;
    var peak = document.getElementById("planner-peak"), total = document.getElementById("planner-total");
    function intakes() {
      var times = form.querySelectorAll("input[name=time]"), doses = form.querySelectorAll("input[name=dose]");
      var list = [];
      for (var i = 0; i < times.length; i++) {
        var hour = clockHours(times[i].value), dose = Number(String(doses[i].value).replace(",", "."));
        if (hour !== null && isFinite(dose) && dose > 0 && dose <= 300) { list.push({ hour: hour, dose: dose }); }
      }
      return list;
    }
    // The band needs the population simulation: asked from the API (the same engine as the
    // server-drawn page) a moment after the last change; the typical curve does not wait.
    var pending = null, asked = 0;
    function fetchBand(list) {
      var token = (document.cookie.match(/(?:^|; )csrftoken=([^;]+)/) || [])[1] || "";
      var body = { days: 3, intakes: list.map(function (i) { return { time: clockLabel(i.hour), dose_mg: i.dose }; }) };
      var ticket = ++asked;
      fetch(form.getAttribute("data-simulate-url"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": decodeURIComponent(token) },
        body: JSON.stringify(body)
      }).then(function (response) { return response.ok ? response.json() : null; }).then(function (result) {
        if (!result || ticket !== asked) { return; }
        var p5 = [], p95 = [];
        result.t_h.forEach(function (t, i) {
          if (t >= 48) { p5.push({ x: t - 48, y: result.band.p5[i] * 1000 }); p95.push({ x: t - 48, y: result.band.p95[i] * 1000 }); }
        });
        chart.data.datasets[0].data = p95;
        chart.data.datasets[1].data = p5;
        chart.update();
      }).catch(function () { /* the typical curve is already drawn; the band stays off */ });
    }
    function redraw() {
      var list = intakes(), typical = [], best = { x: 0, y: 0 };
      for (var n = 0; n <= 96; n++) {
        var y = list.length ? steadyState(model, list, n / 4) : 0;
        typical.push({ x: n / 4, y: Math.round(y * 10) / 10 });
        if (y > best.y) { best = { x: n / 4, y: y }; }
      }
      chart.data.datasets[0].data = [];
      chart.data.datasets[1].data = [];
      chart.data.datasets[2].data = typical;
      chart.update();
      var sum = list.reduce(function (a, b) { return a + b.dose; }, 0);
      total.textContent = new Intl.NumberFormat(lang).format(sum);
      peak.textContent = list.length ? t.peak + " " + clockLabel(best.x) + " : " + number.format(best.y) + " " + t.conc : "";
      var stale = canvas.closest("section").querySelector("details.fallback");
      if (stale) { stale.hidden = true; }
      clearTimeout(pending);
      if (list.length) { pending = setTimeout(function () { fetchBand(list); }, 300); }
    }
    form.addEventListener("input", redraw);
    document.getElementById("planner-add").addEventListener("click", function () {
      var rows = form.querySelectorAll(".planner-row");
      var last = rows[rows.length - 1], copy = last.cloneNode(true), index = rows.length;
      copy.querySelectorAll("input").forEach(function (input) {
        input.value = ""; input.id = input.name + "-" + index; input.removeAttribute("aria-invalid");
      });
      copy.querySelectorAll("label").forEach(function (label) { label.htmlFor = label.htmlFor.replace(/\d+$/, String(index)); });
      copy.querySelectorAll(".field-error").forEach(function (e) { e.remove(); });
      last.after(copy);
    });
  }

  staircase();
  curves();
  planner();
})();
