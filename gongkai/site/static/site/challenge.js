// Public forms: once the browser has solved the ALTCHA proof of work, the text question is not needed.
// Without JavaScript (or if the proof of work fails) the question stays and is answered by hand.
document.querySelectorAll("[data-challenge]").forEach(function (box) {
  var widget = box.querySelector("altcha-widget");
  var question = box.querySelector("[data-challenge-question]");
  if (!widget || !question) return;
  widget.addEventListener("statechange", function (event) {
    var state = event.detail && event.detail.state;
    question.hidden = state === "verified";
  });
});
