// baocao web: small improvements over pages that work without this script.
// Data entry: each changed cell is saved on change (POST …/o) and the page updates the
// totals, indicators and violations from the answer; totals follow the typing live.
// Narrative: the preview follows the typing. Forms with data-confirm ask first.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute("content") : "";

  // The period picker goes to the period chosen (without the script: its button).
  var picker = document.getElementById("ky");
  if (picker) {
    picker.addEventListener("change", function () {
      window.location.href = "/ky/" + encodeURIComponent(picker.value);
    });
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    var button = e.submitter;
    var message = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) e.preventDefault();
  });

  // Vietnamese numbers: "232.046" → 232046, "70,96" → 70.96; null when not a number.
  function parseVi(text) {
    var t = text.trim();
    if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/.test(t)) return null;
    return parseFloat(t.replace(/\./g, "").replace(",", "."));
  }
  var formatter = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 3 });

  function byId(id) { return document.getElementById(id); }

  function setList(list, items) {
    if (!list) return;
    list.textContent = "";
    items.forEach(function (text) {
      var li = document.createElement("li");
      li.textContent = text;
      list.appendChild(li);
    });
  }

  var entry = byId("form-nhap");
  if (entry) setUpEntry(entry);

  function setUpEntry(form) {
    var url = form.getAttribute("data-cell-url");
    var dv = form.getAttribute("data-dv") || "";
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input.num-input"));

    // Live sums: a total cell sums the cells of its element whose options include its own.
    function liveTotals(de) {
      var leaves = inputs.filter(function (i) { return i.dataset.de === de && i.dataset.total === "false"; });
      inputs.forEach(function (total) {
        if (total.dataset.de !== de || total.dataset.total !== "true") return;
        var options = total.dataset.coc === "default" ? [] : total.dataset.coc.split(".");
        var sum = 0, any = false;
        leaves.forEach(function (leaf) {
          var own = leaf.dataset.coc.split(".");
          if (!options.every(function (o) { return own.indexOf(o) >= 0; })) return;
          var v = parseVi(leaf.value);
          if (v !== null) { sum += v; any = true; }
        });
        var key = total.id.slice(3);
        var out = byId("tong-" + key);
        if (out && any) out.textContent = formatter.format(sum);
      });
    }

    function apply(answer) {
      (answer.cells || []).forEach(function (c) {
        var out = byId("tong-" + c.key);
        if (out) out.textContent = c.computed || "";
        var td = byId("o-" + c.key);
        if (td) td.classList.toggle("mismatch", !!c.mismatch);
        setList(byId("vp-" + c.key), c.violations || []);
      });
      (answer.indicators || []).forEach(function (i) {
        var out = byId("cs-" + i.key);
        if (out) out.textContent = i.computed;
        var row = byId("ind-" + i.key);
        if (row) row.classList.toggle("mismatch", !!i.mismatch);
        setList(byId("vp-ind-" + i.key), i.violations || []);
      });
      var progress = byId("tien-do");
      if (progress && answer.total) progress.textContent = answer.entered + "/" + answer.total;
    }

    function save(input) {
      var key = input.id.slice(3);
      var td = byId("o-" + key);
      var err = byId("loi-" + key);
      var ver = byId("ver-" + key);
      var was = byId("was-" + key);
      if (was && was.value === input.value.trim()) return;
      td.classList.add("saving");
      fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ de: input.dataset.de, coc: input.dataset.coc, text: input.value, version: ver ? ver.value : "", dv: dv })
      }).then(function (response) {
        return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
      }).then(function (r) {
        td.classList.remove("saving");
        var a = r.answer;
        if (a.status === "saved") {
          err.textContent = "";
          input.removeAttribute("aria-invalid");
          td.classList.remove("has-error");
          td.classList.add("saved");
          if (ver) ver.value = a.version;
          if (was) was.value = a.text;
          input.value = a.text;
        } else {
          err.textContent = a.message || "Không lưu được ô này.";
          input.setAttribute("aria-invalid", "true");
          td.classList.add("has-error");
          td.classList.remove("saved");
          if (a.status === "conflict") {
            // Theirs is now the stored value: a second save overwrites it knowingly.
            if (ver) ver.value = a.version;
            if (was) was.value = a.text;
          }
        }
        if (a.cells) apply(a);
      }).catch(function () {
        td.classList.remove("saving");
        err.textContent = "Không kết nối được máy chủ; ô chưa được lưu. Bấm «Lưu số liệu» để thử lại.";
      });
    }

    var editable = inputs.filter(function (i) { return !i.readOnly; });
    editable.forEach(function (input, index) {
      input.addEventListener("input", function () { liveTotals(input.dataset.de); });
      input.addEventListener("change", function () { save(input); });
      // Enter moves on to the next cell, as in a spreadsheet (the change event saves).
      input.addEventListener("keydown", function (e) {
        if (e.key !== "Enter") return;
        e.preventDefault();
        var next = editable[index + (e.shiftKey ? -1 : 1)];
        if (next) { next.focus(); next.select(); } else { input.blur(); }
      });
    });
  }

  var narrative = byId("form-noi-dung");
  if (narrative) {
    var area = byId("noi_dung");
    var target = byId("xem-truoc");
    var previewUrl = narrative.getAttribute("data-preview-url");
    var timer = null;
    area.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var body = new URLSearchParams();
        body.set("csrf", csrf);
        body.set("noi_dung", area.value);
        fetch(previewUrl, { method: "POST", credentials: "same-origin", body: body })
          .then(function (r) { return r.text(); })
          .then(function (html) { target.innerHTML = html; });
      }, 400);
    });
  }
})();
