// Draws the report's charts from the results embedded in #results. No network: Chart is the inlined Chart.js.
(function () {
  "use strict";
  var results = JSON.parse(document.getElementById("results").textContent);
  var models = results.models || [];
  var palette = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83", "#e16f24", "#57606a"];
  var charts = [];
  Chart.defaults.animation = false;
  Chart.defaults.responsive = true;
  Chart.defaults.maintainAspectRatio = false;

  function add(id, title, config) {
    var wrap = document.createElement("div");
    wrap.className = "chart";
    wrap.innerHTML = "<h3></h3><div class=\"box\"><canvas></canvas></div>";
    wrap.querySelector("h3").textContent = title;
    var canvas = wrap.querySelector("canvas");
    canvas.id = id;
    document.getElementById("charts").appendChild(wrap);
    var chart = new Chart(canvas, config);
    charts.push(chart);
    var points = chart.data.datasets.reduce(function (n, d) { return n + d.data.length; }, 0);
    canvas.setAttribute("data-chart", chart.config.type);
    canvas.setAttribute("data-points", String(points));
    // What the test in headless Chromium reads back: how many pixels the chart really painted.
    var pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data, inked = 0;
    for (var p = 3; p < pixels.length; p += 4) if (pixels[p] !== 0) inked++;
    canvas.setAttribute("data-inked-pixels", String(inked));
  }

  function pct(v) { return v == null ? null : Math.round(v * 1000) / 10; }
  function color(i) { return palette[i % palette.length]; }
  // Korean and English keep the same colour in every chart.
  function langColor(lang) { return lang === "ko" ? palette[2] : lang === "en" ? palette[3] : palette[4]; }

  if (models.length > 0) {
    add("accuracy-latency", "Accuracy (key facts, %) vs median latency (ms)", {
      type: "scatter",
      data: { datasets: models.map(function (m, i) {
        return { label: m.profile, data: [{ x: m.latency.totalP50Ms || 0, y: pct(m.accuracy.keyFacts) || 0 }], backgroundColor: color(i), pointRadius: 7 };
      }) },
      options: { scales: { x: { title: { display: true, text: "total p50 (ms)" }, beginAtZero: true }, y: { title: { display: true, text: "key facts (%)" }, min: 0, max: 100 } } }
    });
    add("tokens-per-second", "Output tokens per second", {
      type: "bar",
      data: { labels: models.map(function (m) { return m.profile; }),
        datasets: [{ label: "tokens/s", data: models.map(function (m) { return m.tokensPerSecond || 0; }), backgroundColor: models.map(function (m, i) { return color(i); }) }] },
      options: { plugins: { legend: { display: false } } }
    });
    add("cost", "Cost per 100 questions (profile prices; 0 when none are set)", {
      type: "bar",
      data: { labels: models.map(function (m) { return m.profile; }),
        datasets: [{ label: "cost", data: models.map(function (m) { return m.costPer100Questions || 0; }), backgroundColor: models.map(function (m, i) { return color(i); }) }] },
      options: { plugins: { legend: { display: false } } }
    });
    var langs = ["ko", "en"];
    add("languages", "Korean vs English: key facts (%)", {
      type: "bar",
      data: { labels: models.map(function (m) { return m.profile; }),
        datasets: langs.map(function (lang, i) {
          return { label: lang === "ko" ? "Korean" : "English", backgroundColor: langColor(lang),
            data: models.map(function (m) { var s = (m.byLanguage || {})[lang]; return s ? (pct(s.accuracy.keyFacts) || 0) : 0; }) };
        }) },
      options: { scales: { y: { min: 0, max: 100 } } }
    });
    var loaded = models.filter(function (m) { return m.load && m.load.length > 0; });
    if (loaded.length > 0) {
      add("load", "Throughput (output tokens/s) as concurrency grows", {
        type: "line",
        data: { labels: loaded[0].load.map(function (p) { return String(p.concurrency); }),
          datasets: loaded.map(function (m, i) { return { label: m.profile, borderColor: color(i), data: m.load.map(function (p) { return p.throughputTokensPerSecond; }) }; }) },
        options: { scales: { x: { title: { display: true, text: "concurrent questions" } } } }
      });
    }
  }

  if (results.retrieval) {
    var modes = Object.keys(results.retrieval.byMode || {});
    add("retrieval", "Retrieval by mode (k = " + results.retrieval.k + ")", {
      type: "bar",
      data: { labels: ["recall@k", "MRR", "nDCG@k"],
        datasets: modes.map(function (mode, i) { var s = results.retrieval.byMode[mode]; return { label: mode, backgroundColor: color(i), data: [s.recallAtK, s.mrr, s.ndcgAtK] }; }) },
      options: { scales: { y: { min: 0, max: 1 } } }
    });
    var byLang = results.retrieval.byLanguage || {};
    add("retrieval-languages", "Retrieval: Korean vs English (" + results.retrieval.mode + ")", {
      type: "bar",
      data: { labels: ["recall@k", "MRR", "nDCG@k"],
        datasets: Object.keys(byLang).map(function (lang, i) { var s = byLang[lang]; return { label: lang === "ko" ? "Korean" : lang === "en" ? "English" : lang, backgroundColor: langColor(lang), data: [s.recallAtK, s.mrr, s.ndcgAtK] }; }) },
      options: { scales: { y: { min: 0, max: 1 } } }
    });
  }

  window.evalCharts = charts;
  document.body.setAttribute("data-charts-drawn", String(charts.length));
})();
