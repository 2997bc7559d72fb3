// Field Kit's progressive enhancement. Every flow works without it: it
// only adds live search, commune filtering, ID-number hints and upload
// progress. No libraries, nothing loaded from outside.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Print buttons: the CSP (script-src 'self') blocks inline onclick
  // handlers, so printing is wired here.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  // Live procedure search: fetch the server-rendered results as one types.
  // A form that deletes something asks first.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.confirm(form.getAttribute("data-confirm"))) ev.preventDefault();
    });
  });
  document.querySelectorAll("form[data-live]").forEach(function (form) {
    var input = form.querySelector("input[type=search]");
    var target = document.querySelector(form.getAttribute("data-live"));
    var timer, seq = 0;
    if (!input || !target) return;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var mine = ++seq;
        // Every field of the form goes along (e.g. "for", the dossier whose
        // applicant the next one is for), as a plain submit would send it.
        var params = new URLSearchParams(new FormData(form));
        var url = form.action + "?partial=1&" + params.toString();
        fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.text() : null; }).then(function (html) {
          if (html === null || mine !== seq) return;
          target.outerHTML = html;
          target = document.querySelector(form.getAttribute("data-live"));
          history.replaceState(null, "", "?" + params.toString());
        }).catch(function () {});
      }, 150);
    });
  });

  // Commune picker: filter the 94 options as one types.
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    var sel = document.getElementById(input.getAttribute("data-filter"));
    if (!sel) return;
    var fold = function (s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase(); };
    input.addEventListener("input", function () {
      var q = fold(input.value), first = null;
      Array.prototype.forEach.call(sel.options, function (o) {
        var show = !o.value || fold(o.text).indexOf(q) >= 0;
        o.hidden = !show;
        if (show && o.value && !first) first = o;
      });
      if (first && q && sel.value !== first.value) { sel.value = first.value; sel.dispatchEvent(new Event("change")); }
    });
  });

  // Dates are typed day first, as the card prints them (the server's
  // model.ParseDisplayDate is the rule; this mirrors it for live hints):
  // dd/mm/yyyy or d/m/yyyy, with "/", ".", "-" or a space, or ddmmyyyy
  // where the keypad has no "/"; ISO too. Returns {d, m, y} or null.
  function readDate(s) {
    s = s.trim().replace(/\s+/g, " ");
    if (/[\/.\-]/.test(s)) s = s.replace(/ /g, "");
    var p, d, m, y;
    if ((p = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(s))) { y = +p[1]; m = +p[2]; d = +p[3]; }
    else if ((p = /^([0-9]{1,2})([\/.\- ])([0-9]{1,2})\2([0-9]{4})$/.exec(s))) { d = +p[1]; m = +p[3]; y = +p[4]; }
    else if ((p = /^([0-9]{2})([0-9]{2})([0-9]{4})$/.exec(s))) { d = +p[1]; m = +p[2]; y = +p[3]; }
    else return null;
    var t = new Date(0);
    t.setUTCFullYear(y, m - 1, d); // Date.UTC would read year 50 as 1950
    if (y === 0 || t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) return null;
    return { d: d, m: m, y: y };
  }
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  // Once typed, a date reads back as dd/mm/yyyy: "12051990" becomes
  // 12/05/1990, for the helper to check against the card.
  document.querySelectorAll("input[data-date]").forEach(function (el) {
    el.addEventListener("change", function () {
      var r = readDate(el.value);
      if (r) el.value = pad(r.d) + "/" + pad(r.m) + "/" + r.y;
    });
  });

  // Live ID-number checks (the server checks again): 12 digits, and the
  // century/year digits agreeing with the date of birth.
  var idInput = document.querySelector("input[data-check=cccd]");
  var dobInput = document.querySelector("input[data-check=dob]");
  function checkID() {
    if (!idInput) return;
    var v = idInput.value.trim(), msg = "";
    var lang = document.documentElement.lang;
    if (v && !/^[0-9]{12}$/.test(v)) msg = lang === "en" ? "must have 12 digits" : "phải có 12 chữ số";
    else if (v && dobInput && readDate(dobInput.value)) {
      var year = readDate(dobInput.value).y;
      var g = parseInt(v[3], 10), yy = parseInt(v.slice(4, 6), 10);
      if (1900 + 100 * Math.floor(g / 2) !== Math.floor(year / 100) * 100 || year % 100 !== yy)
        msg = lang === "en" ? "does not agree with the date of birth" : "không khớp với ngày sinh";
    }
    idInput.setCustomValidity(msg);
    var note = document.getElementById("f-applicant.id_number-live");
    if (!note) {
      note = document.createElement("p");
      note.id = "f-applicant.id_number-live";
      note.className = "err";
      note.setAttribute("aria-live", "polite");
      idInput.insertAdjacentElement("afterend", note);
    }
    note.textContent = msg;
  }
  if (idInput) {
    idInput.addEventListener("input", checkID);
    // A typed date is read as it is typed, and again once reformatted.
    if (dobInput) { dobInput.addEventListener("input", checkID); dobInput.addEventListener("change", checkID); }
  }

  // The declaration repeats the applicant block (name, ID, residence, the
  // commune's People's Committee): copy it as the helper types, into fields
  // still empty or still holding what was copied, never over their typing.
  var prefilled = document.querySelectorAll("[data-prefill]");
  if (prefilled.length) {
    var val = function (n) { var e = document.querySelector('[name="' + n + '"]'); return e ? e.value.trim() : ""; };
    var communeName = function () {
      var sel = document.querySelector('[name="applicant.address.commune_code"]');
      return sel && sel.value ? sel.options[sel.selectedIndex].text : "";
    };
    var from = {
      "applicant.full_name": function () { return val("applicant.full_name"); },
      "applicant.id_number": function () { return val("applicant.id_number"); },
      "applicant.date_of_birth": function () { return val("applicant.date_of_birth"); },
      "applicant.phone": function () { return val("applicant.phone"); },
      "applicant.gender": function () { return { male: "nam", female: "nu" }[val("applicant.gender")] || ""; },
      "applicant.id_document": function () { var id = val("applicant.id_number"); return id ? "Căn cước công dân số " + id : ""; },
      "applicant.address": function () { return [val("applicant.address.detail"), communeName()].filter(Boolean).join(", "); },
      "applicant.commune": function () { var c = communeName(); return c ? "Ủy ban nhân dân " + c : ""; },
      "applicant.police": function () { var c = communeName(); return c ? "Công an " + c : ""; }
    };
    var copied = new Map();
    var copyAll = function () {
      prefilled.forEach(function (el) {
        var f = from[el.getAttribute("data-prefill")];
        if (!f) return;
        var v = f();
        if (el.value === "" || el.value === copied.get(el)) { el.value = v; copied.set(el, v); }
      });
    };
    document.querySelectorAll('[name^="applicant."]').forEach(function (el) {
      el.addEventListener("input", copyAll);
      el.addEventListener("change", copyAll);
    });
    copyAll();
  }

  // Upload progress: send the same form with XHR to show a bar, then go
  // where the server redirects (POST-redirect-GET as without scripting).
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    // A photo taken or a file chosen goes up at once: one tap less on a phone.
    // A form has two pickers (camera, files); whichever holds files is sent.
    var pickers = form.querySelectorAll("input[type=file]");
    function chosen() {
      for (var i = 0; i < pickers.length; i++) if (pickers[i].files.length) return true;
      return false;
    }
    pickers.forEach(function (picker) {
      picker.addEventListener("change", function () {
        if (picker.files.length) form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
      });
    });
    var errBox = form.querySelector(".upload-error");
    function refuse(msg) {
      if (errBox) { errBox.textContent = msg; errBox.hidden = false; }
      pickers.forEach(function (p) { p.value = ""; });
    }
    // XHR's responseURL never carries the redirect's fragment (the spec
    // drops it), so the helper would land at the top of a long dossier,
    // with the pages just added far below and, on a phone, never drawn
    // (thumbnails load lazily). Put back the form's own place on the page.
    function landing(next) {
      var anchor = form.getAttribute("data-anchor");
      if (anchor && next.indexOf("#") < 0) next += "#" + anchor;
      return next;
    }
    function go(next) {
      // The same address with a fragment would only scroll, not reload.
      if (next.split("#")[0] === window.location.href.split("#")[0]) {
        window.location.replace(next);
        window.location.reload();
        return;
      }
      window.location.href = next;
    }
    form.addEventListener("submit", function (ev) {
      if (!chosen() || !window.XMLHttpRequest) return;
      ev.preventDefault();
      if (errBox) errBox.hidden = true;
      // Check the size here: a body over the server's limit is cut off
      // before any handler can answer with the page.
      var max = parseInt(form.getAttribute("data-max") || "0", 10), total = 0;
      pickers.forEach(function (p) { for (var i = 0; i < p.files.length; i++) total += p.files[i].size; });
      if (max && total > max) { refuse(form.getAttribute("data-too-large")); return; }
      var bar = form.querySelector("progress");
      if (bar) { bar.hidden = false; bar.value = 0; }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.onprogress = function (e) { if (bar && e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
      xhr.onload = function () {
        // A refusal that did not redirect back to the dossier (413 from the
        // body limit, a 5xx) keeps the helper on this page.
        if (xhr.status >= 400) {
          if (bar) bar.hidden = true;
          refuse(xhr.status === 413 ? form.getAttribute("data-too-large") : form.getAttribute("data-failed"));
          return;
        }
        go(landing(xhr.responseURL || window.location.href));
      };
      xhr.onerror = function () { form.submit(); };
      var data = new FormData(form);
      // An empty picker would add an empty part: send only chosen files.
      data.delete("file");
      pickers.forEach(function (p) { for (var i = 0; i < p.files.length; i++) data.append("file", p.files[i]); });
      xhr.send(data);
    });
  });
})();
