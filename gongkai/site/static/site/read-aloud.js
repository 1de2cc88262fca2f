// 朗读: read the page's main text aloud with the browser's own speech synthesis (no outside service).
// Progressive enhancement: the buttons appear only where window.speechSynthesis exists; the page works the
// same without them. Text is spoken sentence by sentence (long utterances stop early in some browsers).
(function () {
  "use strict";
  var box = document.querySelector("[data-read-aloud]");
  if (!box || !("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var synth = window.speechSynthesis;
  var target = document.querySelector(box.getAttribute("data-target") || "#main");
  if (!target) {
    return;
  }
  var label = function (name) { return box.getAttribute("data-label-" + name); };
  var queue = [];
  var state = "idle"; // idle | speaking | paused

  function button(text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("data-action", action);
    box.appendChild(b);
    return b;
  }
  var readButton = button(label("read"), "read");
  var pauseButton = button(label("pause"), "pause");
  var stopButton = button(label("stop"), "stop");
  var status = document.createElement("span");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  box.appendChild(status);

  function chineseVoice() {
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (/^zh[-_]CN/i.test(voices[i].lang)) { return voices[i]; }
    }
    for (var j = 0; j < voices.length; j++) {
      if (/^zh/i.test(voices[j].lang)) { return voices[j]; }
    }
    return null;
  }

  function mainText() {
    var copy = target.cloneNode(true);
    // Forms, navigation and hidden parts are not read.
    copy.querySelectorAll("form, nav, script, style, [hidden], [aria-hidden='true'], .visually-hidden")
      .forEach(function (el) { el.remove(); });
    return (copy.innerText || copy.textContent || "").replace(/\s+/g, " ").trim();
  }

  function sentences(text) {
    var parts = text.match(/[^。！？!?；;\n]+[。！？!?；;]?/g) || [];
    var out = [];
    parts.forEach(function (p) {
      p = p.trim();
      while (p.length > 180) { out.push(p.slice(0, 180)); p = p.slice(180); }
      if (p) { out.push(p); }
    });
    return out;
  }

  function render() {
    readButton.setAttribute("aria-pressed", state === "idle" ? "false" : "true");
    pauseButton.hidden = state === "idle";
    stopButton.hidden = state === "idle";
    pauseButton.textContent = state === "paused" ? label("resume") : label("pause");
  }

  function speakNext() {
    if (state !== "speaking") { return; }
    var next = queue.shift();
    if (next === undefined) { state = "idle"; render(); return; }
    var u = new window.SpeechSynthesisUtterance(next);
    u.lang = "zh-CN";
    var voice = chineseVoice();
    if (voice) { u.voice = voice; }
    u.rate = document.documentElement.classList.contains("elder") ? 0.85 : 1;
    u.onend = speakNext;
    u.onerror = function () { state = "idle"; render(); };
    synth.speak(u);
  }

  readButton.addEventListener("click", function () {
    synth.cancel();
    queue = sentences(mainText());
    state = "speaking";
    status.textContent = chineseVoice() ? "" : label("unavailable");
    render();
    speakNext();
  });
  pauseButton.addEventListener("click", function () {
    if (state === "speaking") { synth.pause(); state = "paused"; }
    else if (state === "paused") { synth.resume(); state = "speaking"; }
    render();
  });
  stopButton.addEventListener("click", function () {
    state = "idle";
    queue = [];
    synth.cancel();
    render();
    readButton.focus();
  });
  window.addEventListener("pagehide", function () { synth.cancel(); });

  box.hidden = false;
  render();
})();
