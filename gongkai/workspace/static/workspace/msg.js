// 常用回复: choosing a template fills the reply at once (without JavaScript, 填入所选回复 does it on the server).
(function () {
  document.querySelectorAll("select[data-fills]").forEach(function (select) {
    var target = document.getElementById(select.getAttribute("data-fills"));
    var button = select.form && select.form.querySelector("[data-fill-button]");
    if (!target) { return; }
    if (button) { button.hidden = true; }
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var body = option && option.getAttribute("data-body");
      if (!body) { return; }
      var typed = target.value.trim();
      target.value = typed ? typed + "\n" + body : body;
      target.focus();
    });
  });
})();
