// Marking areas to redact: drag on a page picture to draw a box; each box is added to the 要遮盖的区域 field
// as "页码,左,上,右,下" in the file's own unit (points for a PDF, pixels for a picture). The field itself
// works without this script.
(function () {
  var form = document.querySelector("form[data-redact]");
  if (!form) return;
  var field = form.querySelector("#id_areas");
  var scale = parseFloat(form.dataset.scale) || 1;
  var hint = form.querySelector("[data-draw-hint]");
  if (hint) hint.hidden = false;

  function lines() {
    return field.value.split("\n").filter(function (line) { return line.trim(); });
  }

  function show(figure, box) {
    var mark = document.createElement("span");
    mark.className = "foi-mark";
    mark.style.left = box.left + "px";
    mark.style.top = box.top + "px";
    mark.style.width = box.width + "px";
    mark.style.height = box.height + "px";
    figure.appendChild(mark);
  }

  form.querySelectorAll("figure[data-page]").forEach(function (figure) {
    var picture = figure.querySelector("img");
    var start = null;
    var drawing = null;
    picture.draggable = false;
    figure.addEventListener("pointerdown", function (event) {
      if (event.target !== picture) return;
      var rect = picture.getBoundingClientRect();
      start = { x: event.clientX - rect.left, y: event.clientY - rect.top };
      drawing = document.createElement("span");
      drawing.className = "foi-mark drawing";
      figure.appendChild(drawing);
      figure.setPointerCapture(event.pointerId);
      event.preventDefault();
    });
    figure.addEventListener("pointermove", function (event) {
      if (!start) return;
      var rect = picture.getBoundingClientRect();
      var x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
      var y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
      drawing.style.left = Math.min(x, start.x) + "px";
      drawing.style.top = Math.min(y, start.y) + "px";
      drawing.style.width = Math.abs(x - start.x) + "px";
      drawing.style.height = Math.abs(y - start.y) + "px";
    });
    figure.addEventListener("pointerup", function (event) {
      if (!start) return;
      var rect = picture.getBoundingClientRect();
      var x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
      var y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
      drawing.remove();
      var box = { left: Math.min(x, start.x), top: Math.min(y, start.y), width: Math.abs(x - start.x), height: Math.abs(y - start.y) };
      start = null;
      if (box.width < 3 || box.height < 3) return;
      // Displayed pixels to the file's unit: the picture may be shown smaller than its natural size.
      var ratio = picture.naturalWidth / rect.width / scale;
      var values = [box.left, box.top, box.left + box.width, box.top + box.height].map(function (v) {
        return (v * ratio).toFixed(1);
      });
      field.value = lines().concat([figure.dataset.page + "," + values.join(",")]).join("\n");
      show(figure, box);
    });
  });
})();
