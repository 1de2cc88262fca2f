// Suggestions as you type: fills the shared <datalist> from /search/suggest/. Search works without this.
(function () {
  "use strict";
  var list = document.getElementById("search-suggestions");
  if (!list || !window.fetch) { return; }
  var timer = null;
  function fill(words) {
    list.replaceChildren.apply(list, words.map(function (word) {
      var option = document.createElement("option");
      option.value = word;
      return option;
    }));
  }
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    input.addEventListener("input", function () {
      var typed = input.value.trim();
      clearTimeout(timer);
      if (!typed) { fill([]); return; }
      timer = setTimeout(function () {
        fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(typed), {
          headers: { Accept: "application/json" }
        })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) { if (input.value.trim() === typed) { fill(data.suggestions); } })
          .catch(function () { fill([]); });
      }, 150);
    });
  });
})();
