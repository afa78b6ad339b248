// The public maps (directory/public/maps.py): every element with a data-map attribute becomes a
// Leaflet map. The attribute holds the configuration (tiles, starting view, the kinds of the
// legend) and either the markers themselves (a detail page) or the URL of the markers as JSON
// (list pages: the same filters as the page). Every text in them was HTML-escaped on the server,
// which is why it may be used in popup HTML here. No inline script: loaded with defer after
// Leaflet and markercluster.
(function () {
  "use strict";
  if (!window.L || !L.markerClusterGroup) {
    return;
  }

  // Leaflet's own controls, in Japanese.
  L.Control.Zoom.prototype.options.zoomInTitle = "拡大";
  L.Control.Zoom.prototype.options.zoomOutTitle = "縮小";

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

  // A listing marker: row = [lat, lng, kind index, id, escaped name].
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
  function areaMarkers(cfg, areas) {
    return areas.map(function (area) {
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
  // names it), so it never sits on top of a marker as a competing target. Its name shows beside
  // it: 「現在地」 (you are here) after 「現在地から探す」, else the station or address searched.
  function searchOrigin(map, cfg) {
    var here = Boolean(cfg.origin.here);
    var marker = L.marker([cfg.origin.lat, cfg.origin.lng], {
      icon: L.divIcon({
        className: "map-origin" + (here ? " map-origin--here" : ""),
        html:
          '<span class="visually-hidden">' +
          (here ? "現在地（あなたがいる場所）" : "検索した場所: " + cfg.origin.label) +
          "</span>",
        iconSize: [22, 22],
      }),
      interactive: false,
      keyboard: false,
      zIndexOffset: 1000,
    }).addTo(map);
    // The visible name repeats the hidden text above, so assistive technology skips it.
    marker
      .bindTooltip(here ? "現在地" : cfg.origin.label, {
        permanent: true,
        direction: "right",
        offset: [12, 0],
        className: "map-origin__label",
      })
      .openTooltip();
    marker.getTooltip().getElement().setAttribute("aria-hidden", "true");
    return marker;
  }

  function circle(map, cfg) {
    return L.circle([cfg.origin.lat, cfg.origin.lng], {
      radius: cfg.circle.radius,
      color: "#1d4ed8",
      weight: 2,
      fill: true,
      fillOpacity: 0.05,
      interactive: false,
    }).addTo(map);
  }

  // The points the view is fitted to: every marker; after a "near me" search the place and its
  // circle, or without a radius the place and its nearest markers (the first cards), so the map
  // follows the search instead of showing the whole ward.
  function viewPoints(cfg, points) {
    if (!cfg.origin) {
      return points;
    }
    var origin = L.latLng(cfg.origin.lat, cfg.origin.lng);
    if (cfg.circle) {
      return points.concat([origin], cfg.circle.bounds);
    }
    var nearest = points
      .map(function (p) {
        return L.latLng(p[0], p[1]);
      })
      .sort(function (a, b) {
        return origin.distanceTo(a) - origin.distanceTo(b);
      })
      .slice(0, cfg.nearest || points.length);
    return nearest.concat([origin]);
  }

  // Markers in, then the view fitted to them.
  function place(map, cluster, cfg, data) {
    var markers = data.listings.map(listingMarker(cfg)).concat(areaMarkers(cfg, data.areas));
    var points = data.listings
      .map(function (row) {
        return [row[0], row[1]];
      })
      .concat(
        data.areas.map(function (area) {
          return [area.lat, area.lng];
        })
      );
    points = viewPoints(cfg, points);
    if (points.length) {
      map.fitBounds(L.latLngBounds(points), cfg.fit);
    }
    cluster.addLayers(markers);
  }

  function unavailable(element) {
    var note = document.createElement("p");
    note.className = "map-panel__noscript";
    note.textContent = "地図の印を読み込めませんでした。場所は一覧でご覧いただけます。";
    element.insertAdjacentElement("afterend", note);
  }

  function draw(element) {
    var cfg = JSON.parse(element.dataset.map);
    var options = Object.assign({ center: cfg.center, zoom: cfg.zoom }, cfg.map);
    var map = L.map(element, options);
    L.control.scale({ imperial: false }).addTo(map);
    L.tileLayer(cfg.tiles.url, cfg.tiles.options).addTo(map);
    var cluster = L.markerClusterGroup(
      Object.assign({ iconCreateFunction: clusterIcon }, cfg.cluster)
    ).addTo(map);
    if (cfg.origin) {
      searchOrigin(map, cfg);
    }
    if (cfg.circle) {
      circle(map, cfg);
    }
    if (!cfg.markers) {
      place(map, cluster, cfg, cfg);
      return;
    }
    fetch(cfg.markers, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        place(map, cluster, cfg, data);
      })
      .catch(function () {
        unavailable(element);
      });
  }

  // A map out of sight is drawn only when it comes near the screen (on a phone, a listing's map
  // sits below its facts) or is shown (the 地図 view of a phone's results, results-view.js), so
  // Leaflet's work never competes with the first screen.
  var maps = document.querySelectorAll("[data-map]");
  var waiting = [];

  function drawWhenShown(element) {
    if (window.getComputedStyle(element).visibility === "hidden") {
      waiting.push(element);
    } else {
      draw(element);
    }
  }

  document.addEventListener("results:view", function () {
    var hidden = waiting;
    waiting = [];
    hidden.forEach(drawWhenShown);
  });

  if (!("IntersectionObserver" in window)) {
    maps.forEach(drawWhenShown);
    return;
  }
  var observer = new IntersectionObserver(
    function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          drawWhenShown(entry.target);
        }
      });
    },
    { rootMargin: "400px 0px" }
  );
  maps.forEach(function (element) {
    observer.observe(element);
  });
})();
