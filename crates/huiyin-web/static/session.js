// Huiyin staff pages: nothing typed is lost (issue 12 item 5).
// 1. Drafts: a <form data-draft="name"> is saved as it is typed into this tab's sessionStorage
//    (keyed by user and page; gone when the tab closes, cleared on sign-out), restored into
//    empty fields when the page is opened again — after a session timeout and signing in
//    again, say — and dropped once the server answers the submission with success
//    ([data-testid=done] on the next page).
// 2. The session's idle limit (<body data-idle-seconds>) is watched: two minutes before it a
//    banner offers to continue (GET /session/ping), and after it says how to get back.
(function () {
  "use strict";
  var body = document.body;
  var user = body.dataset.user;
  if (!user) return;
  var PREFIX = "hy-draft:" + user + ":";
  var PENDING = "hy-draft-pending";
  var store = null;
  try { store = window.sessionStorage; } catch (e) { store = null; }

  function keyOf(form) { return PREFIX + location.pathname + ":" + form.dataset.draft; }

  function kept(el) {
    if (!el.name || el.name === "_csrf" || el.disabled) return false;
    var t = (el.type || "").toLowerCase();
    return ["hidden", "password", "file", "submit", "button", "reset"].indexOf(t) < 0;
  }

  function save(form) {
    if (!store) return;
    var values = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!kept(el)) return;
      var t = (el.type || "").toLowerCase();
      if (t === "checkbox" || t === "radio") {
        if (el.checked) values.push([el.name, el.value, 1]);
      } else if (el.value !== "") {
        values.push([el.name, el.value, 0]);
      }
    });
    try {
      if (values.length) store.setItem(keyOf(form), JSON.stringify({ at: Date.now(), values: values }));
      else store.removeItem(keyOf(form));
    } catch (e) { /* storage full or denied: the form still works */ }
  }

  function restore(form) {
    var raw = store && store.getItem(keyOf(form));
    if (!raw) return;
    var draft;
    try { draft = JSON.parse(raw); } catch (e) { return; }
    var restored = 0;
    (draft.values || []).forEach(function (v) {
      var name = v[0], value = v[1], checkable = v[2];
      // A petitioner row added before: add rows until it exists.
      var add = form.querySelector("[data-add-petitioner]");
      for (var i = 0; add && !form.elements[name] && /^p\d+_/.test(name) && i < 50; i++) add.click();
      var found = form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']");
      Array.prototype.forEach.call(found, function (el) {
        if (!kept(el)) return;
        if (checkable) {
          var group = form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']:checked");
          if (el.value === value && !el.checked && (el.type === "checkbox" || group.length === 0)) {
            el.checked = true; restored++;
          }
        } else if (el.value === "" || (el.tagName === "SELECT" && el.selectedIndex <= 0)) {
          el.value = value;
          if (el.value === value) restored++;
        }
      });
    });
    if (!restored) return;
    var note = document.createElement("div");
    note.className = "notice-ok draft-restored";
    note.setAttribute("role", "status");
    note.dataset.testid = "draft-restored";
    var time = new Date(draft.at || Date.now());
    var hhmm = ("0" + time.getHours()).slice(-2) + ":" + ("0" + time.getMinutes()).slice(-2);
    note.textContent = (body.dataset.draftRestored || "").replace("{time}", hhmm) + " ";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "linkish";
    discard.textContent = body.dataset.draftDiscard || "×";
    discard.addEventListener("click", function () {
      store.removeItem(keyOf(form));
      location.reload();
    });
    note.appendChild(discard);
    form.insertBefore(note, form.firstChild);
    if (form.tagName === "FORM" && form.closest("details")) form.closest("details").open = true;
  }

  if (store) {
    // The last submission succeeded: its draft is done with.
    var pending = store.getItem(PENDING);
    if (pending && document.querySelector("[data-testid=done]")) {
      store.removeItem(pending);
      store.removeItem(PENDING);
    }
    var timers = {};
    document.querySelectorAll("form[data-draft]").forEach(function (form) {
      restore(form);
      var k = keyOf(form);
      var later = function () {
        clearTimeout(timers[k]);
        timers[k] = setTimeout(function () { save(form); }, 300);
      };
      form.addEventListener("input", later);
      form.addEventListener("change", later);
      form.addEventListener("submit", function () {
        save(form);
        store.setItem(PENDING, k);
      });
    });
    // Signing out on purpose leaves nothing behind in the tab.
    document.querySelectorAll("form[action='/logout']").forEach(function (form) {
      form.addEventListener("submit", function () {
        for (var i = store.length - 1; i >= 0; i--) {
          var key = store.key(i);
          if (key && key.indexOf("hy-draft") === 0) store.removeItem(key);
        }
      });
    });
  }

  // The idle limit.
  var idle = Number(body.dataset.idleSeconds || 0);
  var banner = document.getElementById("session-warning");
  if (!idle || !banner) return;
  var last = Date.now();
  var expired = false;
  // A request the user made keeps the session alive; the badge's background refresh does not
  // (the server does not count it either).
  document.addEventListener("htmx:afterRequest", function (ev) {
    var elt = ev.detail && ev.detail.elt;
    if (elt && elt.id === "notify-link") return;
    if (!expired) last = Date.now();
  });
  function show(text, action, label) {
    banner.hidden = false;
    banner.querySelector("[data-session-text]").textContent = text;
    var button = banner.querySelector("[data-session-action]");
    button.textContent = label;
    button.onclick = action;
  }
  function signIn() {
    location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search);
  }
  function goneOut() {
    expired = true;
    show(banner.dataset.expired, signIn, banner.dataset.signIn);
  }
  function keepAlive() {
    fetch("/session/ping", { credentials: "same-origin", redirect: "manual" })
      .then(function (r) {
        if (r.status === 204) { last = Date.now(); banner.hidden = true; } else { goneOut(); }
      })
      .catch(function () { /* offline: try again from the banner */ });
  }
  function tick() {
    if (expired) return;
    var left = idle - (Date.now() - last) / 1000;
    if (left <= 0) {
      goneOut();
    } else if (left <= 120) {
      show(banner.dataset.soon.replace("{n}", String(Math.ceil(left / 60))), keepAlive,
        banner.dataset.continue);
    }
  }
  tick();
  setInterval(tick, 10000);
  // A test or a user can ask for the check now (e.g. after the machine woke up).
  document.addEventListener("visibilitychange", function () { if (!document.hidden) tick(); });
})();
