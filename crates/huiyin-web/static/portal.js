// Huiyin public portal: small progressive enhancements; every form works without this file.
(function () {
  "use strict";
  function norm(s) { return (s || "").toLowerCase().replace(/\s+/g, ""); }
  // The unit picker: a region choice and a search box narrow the list of units.
  var pick = document.querySelector("[data-unit-picker]");
  if (pick) {
    var select = pick.parentNode.querySelector("select[name=concerned_unit_id]");
    var search = pick.querySelector("[data-unit-search]");
    var region = pick.querySelector("[data-unit-region]");
    var count = pick.querySelector("[data-unit-count]");
    var all = Array.prototype.map.call(select.querySelectorAll("option[value]:not([value=''])"), function (o) {
      return { el: o, group: o.parentNode.getAttribute("label") || "", text: norm(o.textContent + o.parentNode.getAttribute("label")) };
    });
    function apply() {
      var q = norm(search.value), r = region.value, shown = 0;
      all.forEach(function (o) {
        var ok = (!r || o.group === r) && (!q || o.text.indexOf(q) >= 0);
        o.el.hidden = !ok; o.el.disabled = !ok;
        if (ok) shown += 1;
      });
      Array.prototype.forEach.call(select.querySelectorAll("optgroup"), function (g) {
        g.hidden = !g.querySelector("option:not([hidden])");
      });
      if (count) count.textContent = "共 " + shown + " 个单位";
      if (select.selectedOptions.length && select.selectedOptions[0].hidden) select.value = "";
    }
    search.addEventListener("input", apply);
    region.addEventListener("change", apply);
    pick.hidden = false;
    apply();
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (b) {
    b.hidden = false;
    b.addEventListener("click", function () { window.print(); });
  });
  // The receipt's query code copied in one tap (shown only where the browser allows it).
  Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (b) {
    if (!navigator.clipboard || !window.isSecureContext) return;
    b.hidden = false;
    var plain = b.textContent;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(b.dataset.copy).then(function () {
        b.textContent = b.dataset.copied || plain;
        setTimeout(function () { b.textContent = plain; }, 2000);
      });
    });
  });
  // One submission at a time: a double tap does not send the form twice.
  Array.prototype.forEach.call(document.querySelectorAll("form[data-once]"), function (f) {
    f.addEventListener("submit", function () {
      var b = f.querySelector("button[type=submit]");
      if (b) { setTimeout(function () { b.disabled = true; }, 0); }
    });
  });
})();
