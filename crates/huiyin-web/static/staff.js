// Huiyin staff workbench: small progressive enhancements. Every page works without it,
// except the confirmation dialog (forms then submit directly) and adding petitioner rows.
(function () {
  "use strict";

  // Confirmation before a form that changes a case is sent: <form data-confirm="…">.
  var dialog = document.getElementById("confirm-dialog");
  var pending = null;
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form.matches || !form.matches("form[data-confirm]")) return;
    // A button that only reads (export, print) sends without asking.
    if (ev.submitter && ev.submitter.hasAttribute("data-no-confirm")) return;
    if (form.dataset.confirmed === "1" || !dialog || typeof dialog.showModal !== "function") return;
    ev.preventDefault();
    if (!form.reportValidity()) return;
    pending = form;
    dialog.querySelector("[data-confirm-text]").textContent = form.dataset.confirm;
    var ok = dialog.querySelector("[data-confirm-ok]");
    // The confirming button says what it does: the form's own button's words (转送, 登记…).
    if (ok) {
      if (!ok.dataset.plain) ok.dataset.plain = ok.textContent;
      var own = (ev.submitter && ev.submitter.textContent || "").trim();
      ok.textContent = form.dataset.confirmOk || own || ok.dataset.plain;
    }
    dialog.showModal();
    if (ok) ok.focus();
  }, true);
  if (dialog) {
    dialog.addEventListener("close", function () {
      var form = pending;
      pending = null;
      if (form && dialog.returnValue === "ok") {
        form.dataset.confirmed = "1";
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });
  }

  // Petitioner rows: <template id="petitioner-template"> with __i__ placeholders.
  document.addEventListener("click", function (ev) {
    var add = ev.target.closest && ev.target.closest("[data-add-petitioner]");
    if (add) {
      ev.preventDefault();
      var tpl = document.getElementById("petitioner-template");
      var list = document.getElementById("petitioners");
      if (!tpl || !list) return;
      var next = Number(list.dataset.next || list.children.length);
      list.dataset.next = String(next + 1);
      var html = tpl.innerHTML.split("__i__").join(String(next)).split("__n__").join(String(next + 1));
      var wrap = document.createElement("div");
      wrap.innerHTML = html;
      var row = wrap.firstElementChild;
      list.appendChild(row);
      if (window.htmx) window.htmx.process(row);
      var first = row.querySelector("input");
      if (first) first.focus();
      return;
    }
    var remove = ev.target.closest && ev.target.closest("[data-remove-petitioner]");
    if (remove) {
      ev.preventDefault();
      var r = remove.closest(".petitioner");
      if (r && document.querySelectorAll("#petitioners .petitioner").length > 1) r.remove();
      return;
    }
    var print = ev.target.closest && ev.target.closest("[data-print]");
    if (print) {
      ev.preventDefault();
      window.print();
    }
  });

  // Searching a long select (the unit tree): <input data-filter-for="select-id">.
  document.addEventListener("input", function (ev) {
    var input = ev.target;
    if (!input.dataset || !input.dataset.filterFor) return;
    var select = document.getElementById(input.dataset.filterFor);
    if (!select) return;
    var q = input.value.trim().toLowerCase();
    var firstMatch = null;
    Array.prototype.forEach.call(select.options, function (o) {
      var hit = !q || o.text.toLowerCase().indexOf(q) >= 0 || o.value === "";
      o.hidden = !hit;
      if (hit && o.value !== "" && !firstMatch) firstMatch = o;
    });
    if (q && firstMatch && (select.selectedIndex < 0 || select.options[select.selectedIndex].hidden)) {
      firstMatch.selected = true;
    }
  });

  // A text file read into a textarea: <input type="file" data-fill="textarea-id"> (the holiday
  // notice on the calendar page); nothing is uploaded until the form is sent.
  document.addEventListener("change", function (ev) {
    var input = ev.target;
    if (!input.matches || !input.matches("input[type=file][data-fill]")) return;
    var area = document.getElementById(input.dataset.fill);
    var file = input.files && input.files[0];
    if (!area || !file || typeof FileReader !== "function") return;
    var reader = new FileReader();
    reader.onload = function () { area.value = String(reader.result || ""); };
    reader.readAsText(file);
  });
})();
