// Progressive help on the decision page: the chosen standard text and the text field
// always agree, so what is saved is what the page shows. Without JavaScript the server
// applies the same rule (services/decisions/domain/decision_text.py).
(function () {
  "use strict";
  var text = document.getElementById("text");
  var radios = Array.prototype.slice.call(document.querySelectorAll("input.quick-choice"));
  if (!text || !radios.length) { return; }
  var standard = radios.map(function (r) { return r.value; }).filter(Boolean);
  var saved = (text.getAttribute("data-saved") || "").trim();

  function replaceable(value) {
    value = value.trim();
    return !value || value === saved || standard.indexOf(value) !== -1;
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", function () {
      if (radio.value && replaceable(text.value)) {
        text.value = radio.value;
      } else if (!radio.value && standard.indexOf(text.value.trim()) !== -1) {
        text.value = "";
        text.focus();
      }
    });
  });

  text.addEventListener("input", function () {
    var chosen = radios.filter(function (r) { return r.checked; })[0];
    if (chosen && chosen.value && text.value.trim() !== chosen.value) {
      var own = radios.filter(function (r) { return !r.value; })[0];
      if (own) { own.checked = true; }
    }
  });
}());
