// 一覧 / 地図: on a phone the results show as a list or as a map of the same results; on a wide
// screen both show side by side and the buttons are hidden (static/css/site.css). The page
// arrives showing the list with the buttons in place, so nothing moves when this runs; without
// a script, static/css/no-script.css hides the buttons and shows both, the list first.
(function () {
  "use strict";
  var views = document.querySelector("[data-results-views]");
  var toggle = document.querySelector("[data-view-toggle]");
  if (!views || !toggle) {
    return;
  }
  var buttons = toggle.querySelectorAll("[data-view]");

  function show(view) {
    views.setAttribute("data-view", view);
    buttons.forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-view") === view));
    });
    // static/js/map.js draws a map that was hidden until now.
    document.dispatchEvent(new CustomEvent("results:view", { detail: view }));
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      show(button.getAttribute("data-view"));
    });
  });
  show("list");
})();
