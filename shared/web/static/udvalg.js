// Udvalg: small progressive help for every service's pages. Each page works without it;
// the Content-Security-Policy allows scripts only from files like this one, not inline.
(function () {
  "use strict";

  // Radio choices with data-fills="<id>" (a standard text, or "" for "own words") and that
  // field always agree, so what is saved is what the page shows; the server applies the same
  // rule without JavaScript (services/decisions/domain/decision_text.py). A chosen text
  // replaces the field when it is empty, still holds its saved value (data-saved) or another
  // choice's text; choosing "own words" clears a standard text; typing selects "own words".
  var filled = {};
  document.querySelectorAll("[data-fills]").forEach(function (choice) {
    var id = choice.getAttribute("data-fills");
    (filled[id] = filled[id] || []).push(choice);
  });
  Object.keys(filled).forEach(function (id) {
    var target = document.getElementById(id);
    var choices = filled[id];
    if (!target) { return; }
    var texts = choices.map(function (c) { return c.value; }).filter(Boolean);
    var saved = (target.getAttribute("data-saved") || "").trim();
    var own = choices.filter(function (c) { return !c.value; })[0];
    choices.forEach(function (choice) {
      choice.addEventListener("change", function () {
        var current = target.value.trim();
        if (choice.value && (!current || current === saved || texts.indexOf(current) !== -1)) {
          target.value = choice.value;
        } else if (!choice.value && texts.indexOf(current) !== -1) {
          target.value = "";
          target.focus();
        }
      });
    });
    target.addEventListener("input", function () {
      var chosen = choices.filter(function (c) { return c.checked; })[0];
      if (own && chosen && chosen.value && target.value.trim() !== chosen.value) { own.checked = true; }
    });
  });

  // A read-only address meant for copying is selected whole when clicked.
  document.querySelectorAll("[data-select-on-click]").forEach(function (field) {
    field.addEventListener("click", function () { field.select(); });
  });

  // "Gå tilbage" returns to the page before when there is one; else it follows its link.
  document.querySelectorAll("[data-back]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (window.history.length > 1) {
        event.preventDefault();
        window.history.back();
      }
    });
  });
})();
