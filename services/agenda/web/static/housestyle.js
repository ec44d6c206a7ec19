// The house-style page without reloading: while the secretary types, the preview is
// fetched again for what the form says (the same request "Vis eksempel" sends, for the
// preview part only). Without JavaScript the button does the same with a page load.
(function () {
  "use strict";
  var form = document.getElementById("husstil");
  var target = document.getElementById("eksempel");
  if (!form || !target || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-preview-url");
  var timer = null;
  var latest = 0;

  function refresh() {
    var body = new FormData(form);
    body.set("handling", "vis");
    var ticket = ++latest;
    fetch(url, { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null && ticket === latest) { target.innerHTML = html; }
      })
      .catch(function () { /* the button still works */ });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 350);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
}());
