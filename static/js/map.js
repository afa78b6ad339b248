// Markers, popups and labels for the maps folium draws (directory/maps.py).
// Listing data comes from the page's JSON block (<script type="application/json">), never from
// inline script; every text in it was HTML-escaped on the server, which is why it may be used in
// popup HTML here. Loaded after Leaflet and before the map's own script.
(function () {
  "use strict";
  if (!window.L) {
    return;
  }

  // Leaflet's own controls, in Japanese.
  L.Control.Zoom.prototype.options.zoomInTitle = "拡大";
  L.Control.Zoom.prototype.options.zoomOutTitle = "縮小";

  var configs = {};

  function config(id) {
    if (!configs[id]) {
      configs[id] = JSON.parse(document.getElementById(id).textContent);
    }
    return configs[id];
  }

  function detailUrl(cfg, pk) {
    return cfg.detail + Number(pk) + "/";
  }

  // The next meeting is looked up when a popup opens, so the page need not compute it for
  // every listing on the map.
  function onPopupOpen(event) {
    var root = event.popup.getElement();
    if (!root) {
      return;
    }
    var close = root.querySelector(".leaflet-popup-close-button");
    if (close) {
      close.setAttribute("aria-label", "閉じる");
      close.setAttribute("title", "閉じる");
    }
    var next = root.querySelector("[data-next-date]");
    if (!next || next.dataset.loaded) {
      return;
    }
    next.dataset.loaded = "1";
    fetch(next.dataset.nextDate, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        next.textContent = "次回: " + (data.next_date || "日時は問合せ先へ");
      })
      .catch(function () {
        next.textContent = "次回の日時は、くわしいページでご確認ください。";
      });
  }

  function kindIcon(kind, nameHtml) {
    return L.divIcon({
      className: "map-marker map-marker--" + kind[0],
      html:
        '<span aria-hidden="true">' + kind[2] + "</span>" +
        '<span class="visually-hidden">' + nameHtml + "（" + kind[1] + "）</span>",
      iconSize: [30, 30],
      iconAnchor: [15, 15],
      popupAnchor: [0, -14],
    });
  }

  // FastMarkerCluster's callback: row = [lat, lng, kind index, id, escaped name].
  function listingMarker(cfg) {
    return function (row) {
      var kind = cfg.kinds[row[2]];
      var url = detailUrl(cfg, row[3]);
      var marker = L.marker([row[0], row[1]], { icon: kindIcon(kind, row[4]) });
      marker.bindPopup(
        '<div class="map-popup">' +
          '<p class="map-popup__kind">' + kind[1] + "</p>" +
          '<p class="map-popup__name"><a href="' + url + '">' + row[4] + "</a></p>" +
          '<p class="map-popup__next" data-next-date="' + url + 'next-date/">次回: 確認しています…</p>' +
          "</div>"
      );
      marker.on("popupopen", onPopupOpen);
      return marker;
    };
  }

  // Counts listings: an area marker stands for several.
  function clusterIcon(cluster) {
    var count = cluster.getAllChildMarkers().reduce(function (sum, marker) {
      return sum + (marker.options.listingCount || 1);
    }, 0);
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
      html:
        "<div><span>" + count +
        '<span class="visually-hidden">件の場所。拡大すると個別に表示します</span></span></div>',
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40),
    });
  }

  // Approximate listings: one marker per area, at the area office, never their own point.
  function areaMarkers(cfg) {
    return cfg.areas.map(function (area) {
      var title = area.name + "エリアに " + area.count + " 件（場所は非公開）";
      var items = area.listings
        .map(function (item) {
          return '<li><a href="' + detailUrl(cfg, item[0]) + '">' + item[1] + "</a></li>";
        })
        .join("");
      var more = area.count - area.listings.length;
      var marker = L.marker([area.lat, area.lng], {
        icon: L.divIcon({
          className: "map-area-group",
          html:
            '<span aria-hidden="true">' + area.count + "</span>" +
            '<span class="visually-hidden">' + title + "</span>",
          iconSize: [40, 40],
          iconAnchor: [20, 20],
          popupAnchor: [0, -18],
        }),
        listingCount: area.count,
      });
      marker.bindPopup(
        '<div class="map-popup">' +
          '<p class="map-popup__name">' + title + "</p>" +
          "<p>場所を公開していない活動です。印はエリアの特別出張所の位置です。</p>" +
          '<ul class="map-popup__list">' + items + "</ul>" +
          (more > 0 ? '<p>ほか ' + more + ' 件は <a href="' + area.url + '">エリアのページ</a> へ</p>' : "") +
          "</div>"
      );
      marker.on("popupopen", onPopupOpen);
      return marker;
    });
  }

  // The place a "near me" search measures from: a mark, not a control (the results heading
  // names it), so it never sits on top of a marker as a competing target.
  function searchOrigin(map, cfg) {
    if (!cfg.origin) {
      return null;
    }
    return L.marker([cfg.origin.lat, cfg.origin.lng], {
      icon: L.divIcon({
        className: "map-origin",
        html: '<span class="visually-hidden">検索した場所: ' + cfg.origin.label + "</span>",
        iconSize: [22, 22],
      }),
      interactive: false,
      keyboard: false,
      zIndexOffset: 1000,
    }).addTo(map);
  }

  window.TsunagariMap = {
    config: config,
    listingMarker: listingMarker,
    clusterIcon: clusterIcon,
    areaMarkers: areaMarkers,
    searchOrigin: searchOrigin,
  };
})();
