/* Names for the back-office fields Django's admin widgets leave without one (WCAG 4.1.2, 1.3.1): each
   input of a table of rows (tabular inlines) is named by its column; a date-and-time field's two boxes by
   its label and 日期/时间; the autocomplete boxes (select2) by their field's label; the column picker's
   filter icon gets the role its aria-label needs. The widgets build their markup after load and when rows
   are added, so this runs again whenever the page changes. Works on the markup only: without JavaScript
   none of these widgets exist and the plain fields keep their labels. */
(function () {
  "use strict";

  function text(el) {
    return el ? el.textContent.replace(/[:：?？]\s*$/, "").replace(/\s+/g, " ").trim() : "";
  }

  function labelFor(id) {
    return id ? document.querySelector('label[for="' + id + '"]') : null;
  }

  function columnName(cell) {
    var table = cell.closest("table");
    if (!table) { return ""; }
    if (cell.classList.contains("delete")) { return "删除"; }
    var field = Array.prototype.find.call(cell.classList, function (c) { return c.indexOf("field-") === 0; });
    if (!field) { return ""; }
    return text(table.querySelector("thead th.column-" + field.slice(6)));
  }

  function name(el, value) {
    if (value && !el.getAttribute("aria-label") && !labelFor(el.id)) { el.setAttribute("aria-label", value); }
  }

  function fix() {
    document.querySelectorAll(".tabular td input:not([type=hidden]), .tabular td select, .tabular td textarea")
      .forEach(function (el) { name(el, columnName(el.closest("td"))); });
    document.querySelectorAll("p.datetime").forEach(function (p) {
      var row = p.closest(".form-row, td");
      var base = row && row.querySelector("label") ? text(row.querySelector("label")) : "";
      if (!base && row && row.tagName === "TD") { base = columnName(row); }
      var boxes = p.querySelectorAll("input:not([type=hidden])");
      if (boxes[0]) { name(boxes[0], base + "（日期）"); }
      if (boxes[1]) { name(boxes[1], base + "（时间）"); }
    });
    document.querySelectorAll(".select2-selection[role=combobox]").forEach(function (box) {
      var container = box.closest(".select2-container");
      var select = container && container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") { return; }
      var label = labelFor(select.id);
      var value = label ? text(label) : columnName(select.closest("td") || document.createElement("td"));
      if (value && box.getAttribute("aria-label") !== value) {
        box.removeAttribute("aria-labelledby");
        box.setAttribute("aria-label", value);
      }
      var shown = box.querySelector(".select2-selection__rendered[role=textbox]");
      if (value && shown && !shown.getAttribute("aria-label")) { shown.setAttribute("aria-label", value); }
    });
    document.querySelectorAll(".selector span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    fix();
    new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", fix);
})();
