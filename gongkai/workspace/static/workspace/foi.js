// The reply form: the part withheld and its reason are asked only for 部分公开 (the form works without this).
(function () {
  var outcome = document.getElementById("id_outcome");
  var withheld = document.getElementById("id_withheld_note");
  if (!outcome || !withheld || !withheld.closest("form[data-step='answered']")) return;
  var field = withheld.closest(".field");
  function sync() {
    var partial = outcome.value === "partial";
    field.hidden = !partial && !withheld.value && !field.classList.contains("has-error");
  }
  outcome.addEventListener("change", sync);
  sync();
})();
