// 「現在地から探す」: puts the browser's position into the form's hidden lat/lng and submits.
// The position is rounded to about 100 m before it leaves the browser, since it ends up in the
// page's URL (and so in history and server logs).
(function () {
  "use strict";
  // The button shows from the start (so the page does not move when this runs); a browser
  // that cannot tell its position does without it.
  if (!("geolocation" in navigator)) {
    document.querySelectorAll("[data-geolocate]").forEach(function (button) {
      button.hidden = true;
    });
    return;
  }
  document.querySelectorAll("[data-geolocate]").forEach(function (button) {
    var form = button.form;
    var lat = form.elements.namedItem("lat");
    var lng = form.elements.namedItem("lng");
    var place = form.elements.namedItem("near");
    var status = form.querySelector("[data-geolocate-status]");

    // A typed place replaces an earlier position.
    if (place) {
      place.addEventListener("input", function () {
        lat.value = "";
        lng.value = "";
      });
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = "現在地を確認しています…";
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(3);
          lng.value = position.coords.longitude.toFixed(3);
          if (place) {
            place.value = "";
          }
          status.textContent = "現在地から近い順にさがしています…";
          form.submit();
        },
        function (error) {
          button.disabled = false;
          status.textContent =
            error.code === error.PERMISSION_DENIED
              ? "現在地の利用が許可されませんでした。駅名や住所を入力してさがしてください。"
              : "現在地を確認できませんでした。駅名や住所を入力してさがしてください。";
        },
        { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 }
      );
    });
  });
})();
