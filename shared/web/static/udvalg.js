// Udvalg: small progressive help for every service's pages. Each page works without it;
// the Content-Security-Policy allows scripts only from files like this one, not inline.
(function () {
  "use strict";

  // A choice with data-fills="<id>" puts its value into that field while the field is empty.
  document.querySelectorAll("[data-fills]").forEach(function (choice) {
    choice.addEventListener("change", function () {
      var target = document.getElementById(choice.getAttribute("data-fills"));
      if (target && choice.value && !target.value.trim()) { target.value = choice.value; }
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
