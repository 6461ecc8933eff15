// Huiyin 研判 page: draws each weekly trend as an SVG chart from the data table beside it
// (the table stays the accessible source; no chart library, nothing fetched). Bars are the
// week's petitions and link to them; the grey band runs from the expected count to the EARS
// upper bound; a week above its bound is red.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";

  function el(name, attrs, parent) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (parent) parent.appendChild(e);
    return e;
  }

  function num(row, key) {
    var v = row.getAttribute("data-" + key);
    return v === null || v === "" ? null : parseFloat(v);
  }

  function draw(table) {
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));
    var pts = rows.map(function (r) {
      var a = r.querySelector("a");
      return {
        week: r.getAttribute("data-week"),
        count: num(r, "count") || 0,
        expected: num(r, "expected"),
        upper: num(r, "upper"),
        above: r.getAttribute("data-above") === "1",
        href: a ? a.getAttribute("href") : null
      };
    });
    if (!pts.length) return;
    var W = 640, H = 170, L = 34, R = 6, T = 10, B = 22;
    var max = 1;
    pts.forEach(function (p) { max = Math.max(max, p.count, p.upper || 0); });
    max = Math.ceil(max * 1.1);
    var step = (W - L - R) / pts.length;
    function y(v) { return T + (H - T - B) * (1 - v / max); }
    function x(i) { return L + i * step; }
    var svg = el("svg", {
      viewBox: "0 0 " + W + " " + H, "class": "trend-chart", role: "img",
      "aria-label": table.getAttribute("data-label") || ""
    });
    // Axis: zero and the top value.
    el("line", { x1: L, x2: W - R, y1: y(0), y2: y(0), "class": "axis" }, svg);
    [0, max].forEach(function (v) {
      var t = el("text", { x: L - 4, y: y(v) + 4, "class": "tick", "text-anchor": "end" }, svg);
      t.textContent = String(v);
    });
    // The expected band, week by week where the weeks before give one.
    pts.forEach(function (p, i) {
      if (p.upper === null || p.expected === null) return;
      var lo = Math.min(p.expected, p.upper);
      el("rect", {
        x: x(i), width: step, y: y(p.upper), height: Math.max(1, y(lo) - y(p.upper)), "class": "band"
      }, svg);
    });
    pts.forEach(function (p, i) {
      var parent = svg;
      if (p.href) parent = el("a", { href: p.href }, svg);
      var bar = el("rect", {
        x: x(i) + step * 0.2, width: step * 0.6, y: y(p.count),
        height: Math.max(0, y(0) - y(p.count)), "class": p.above ? "bar above" : "bar"
      }, parent);
      var title = el("title", {}, bar);
      title.textContent = p.week + "：" + p.count +
        (p.upper === null ? "" : "（预期 " + p.expected.toFixed(1) + "，上限 " + p.upper.toFixed(1) + "）");
      if (i % Math.max(1, Math.ceil(pts.length / 8)) === 0) {
        var t = el("text", { x: x(i) + step / 2, y: H - 6, "class": "tick", "text-anchor": "middle" }, svg);
        t.textContent = p.week.slice(5);
      }
    });
    var details = table.closest("details");
    (details || table).parentNode.insertBefore(svg, details || table);
  }

  document.querySelectorAll('table[data-chart="trend"]').forEach(draw);
})();
