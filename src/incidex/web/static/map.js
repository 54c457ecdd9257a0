// The /map page: incidents over the Natural Earth country outlines, clustered, with no tile server.
// Leaflet and Leaflet.markercluster are served from /static/vendor; the points are the page's JSON.
"use strict";

(() => {
  const box = document.getElementById("map");
  const data = document.getElementById("map-points");
  if (!box || !data || !window.L) return;
  const L = window.L;
  const points = JSON.parse(data.textContent);
  const status = document.getElementById("map-status");
  const picker = document.getElementById("zoom-to");

  const map = L.map(box, {
    minZoom: 1,
    maxZoom: 12,
    zoomSnap: 0.5,
    worldCopyJump: false,
    maxBounds: [
      [-89, -220],
      [89, 220],
    ],
  });
  map.attributionControl.addAttribution("Natural Earth");
  map.createPane("outline").style.zIndex = 250; // under the markers, over the sea

  const outlines = {}; // country name -> its layer
  fetch(box.dataset.outline)
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((world) => {
      L.geoJSON(world, {
        pane: "outline",
        style: { className: "country", weight: 0.6, color: "#8a99a6", fillColor: "#e8ecef", fillOpacity: 1 },
        onEachFeature: (feature, layer) => {
          outlines[feature.properties.name] = layer;
          layer.bindTooltip(feature.properties.name, { sticky: true, className: "country-name" });
          layer.on("click", () => map.fitBounds(layer.getBounds(), { maxZoom: 7 }));
        },
      }).addTo(map);
    })
    .catch((error) => {
      if (status) status.textContent = `The country outlines could not be loaded (${error}).`;
    });

  // A cluster: markercluster's own look (a circle with the count), its countries in a tooltip.
  function clusterIcon(cluster) {
    const counts = new Map();
    for (const marker of cluster.getAllChildMarkers()) {
      const country = marker.options.country || "unknown";
      counts.set(country, (counts.get(country) || 0) + 1);
    }
    const n = cluster.getChildCount();
    const inner = document.createElement("div");
    const count = document.createElement("span");
    count.textContent = String(n);
    inner.append(count);
    inner.dataset.count = String(n);
    inner.dataset.countries = [...counts].map(([name, k]) => `${name}:${k}`).join("|");
    inner.title = [...counts].map(([name, k]) => `${name} ${k}`).join(", ");
    const size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    return L.divIcon({ html: inner, className: `marker-cluster marker-cluster-${size}`, iconSize: L.point(40, 40) });
  }

  const clusters = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 45,
    iconCreateFunction: clusterIcon,
  });
  for (const point of points) {
    const marker = L.marker([point.lat, point.lon], {
      icon: L.divIcon({ className: "incident-marker", iconSize: [14, 14] }),
      title: point.label,
      country: point.country,
      keyboard: true,
      riseOnHover: true,
    });
    marker.on("add", () => {
      const element = marker.getElement();
      if (element) {
        element.dataset.id = point.id;
        element.dataset.country = point.country;
        element.setAttribute("role", "link");
      }
    });
    const open = () => window.location.assign(`/incidents/${encodeURIComponent(point.id)}`);
    marker.on("click", open);
    marker.on("keydown", (event) => {
      if (event.originalEvent.key === "Enter") open(); // Leaflet's own Enter opens popups only
    });
    clusters.addLayer(marker);
  }
  map.addLayer(clusters);

  function showInView() {
    if (!status) return;
    const view = map.getBounds();
    const shown = points.filter((p) => view.contains([p.lat, p.lon]));
    const counts = new Map();
    for (const p of shown) counts.set(p.country || "unknown", (counts.get(p.country || "unknown") || 0) + 1);
    const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name} ${n}`);
    const noun = shown.length === 1 ? "incident" : "incidents";
    status.textContent = `${shown.length} ${noun} in view${parts.length ? `: ${parts.join(", ")}` : ""}`;
    box.dataset.inView = String(shown.length);
  }
  map.on("moveend", showInView);

  function zoomTo(country) {
    if (!country) {
      home();
      return;
    }
    const own = points.filter((p) => p.country === country).map((p) => [p.lat, p.lon]);
    const outline = outlines[country];
    const bounds = outline ? outline.getBounds() : null;
    // An outline with far-off territories (overseas departments, Alaska) would frame an ocean.
    if (bounds && bounds.getEast() - bounds.getWest() < 40) map.fitBounds(bounds, { maxZoom: 7 });
    else if (own.length) map.fitBounds(L.latLngBounds(own).pad(0.3), { maxZoom: 7 });
  }

  function home() {
    if (points.length) map.fitBounds(L.latLngBounds(points.map((p) => [p.lat, p.lon])).pad(0.2), { maxZoom: 4 });
    else map.setView([20, 0], 1.5);
  }

  if (picker) picker.addEventListener("change", () => zoomTo(picker.value));
  home();
  showInView();
})();
