// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-locate]").forEach(function (button) {
    if (!("geolocation" in navigator)) return;
    var input = document.getElementById(button.getAttribute("data-locate"));
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        input.value = pos.coords.latitude.toFixed(5) + "," + pos.coords.longitude.toFixed(5);
        input.form.submit();
      });
    });
  });
})();
