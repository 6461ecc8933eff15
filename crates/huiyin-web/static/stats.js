// Huiyin statistics page: draws each table's figures as a bar chart with vendored ECharts
// (static/echarts.min.js, nothing fetched). The table stays the accessible source and the
// chart's bars link to the same cases as the table's counts.
(function () {
  "use strict";

  function draw(box) {
    var table = document.getElementById(box.getAttribute("data-chart-for"));
    if (!table || typeof echarts === "undefined") { return; }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-label]"));
    if (rows.length === 0) { box.hidden = true; return; }
    var zh = document.documentElement.lang !== "en";
    var labels = rows.map(function (r) { return r.getAttribute("data-label"); });
    var counts = rows.map(function (r) { return Number(r.getAttribute("data-count")); });
    var last = rows.map(function (r) { return Number(r.getAttribute("data-last")); });
    var links = rows.map(function (r) { return r.getAttribute("data-href"); });
    var chart = echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      color: ["#1f4e8c", "#b9c3cf"],
      tooltip: { trigger: "axis" },
      legend: { data: [zh ? "本期" : "This period", zh ? "去年同期" : "Last year"], top: 0 },
      grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: labels, axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: zh ? "本期" : "This period", type: "bar", data: counts },
        { name: zh ? "去年同期" : "Last year", type: "bar", data: last }
      ]
    });
    chart.on("click", function (p) {
      if (p.seriesIndex === 0 && links[p.dataIndex]) { window.location.href = links[p.dataIndex]; }
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart-for]"), draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
