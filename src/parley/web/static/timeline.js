// Draws the events listed on /timeline with vis-timeline; the list below stays the accessible,
// script-free view, so this only adds the picture.
(function () {
  "use strict";
  var holder = document.getElementById("timeline");
  var source = document.getElementById("timeline-data");
  if (!holder || !source || typeof vis === "undefined") {
    if (holder) { holder.hidden = true; }
    return;
  }
  var items = JSON.parse(source.textContent).map(function (item, index) {
    var counts = item.counts.map(function (c) { return c.text; }).join("; ");
    return {
      id: index,
      content: item.label,
      start: item.date,
      className: "kind-" + item.kind,
      title: item.kind + ", " + item.date + (counts ? ": " + counts : ""),
      page: item.page
    };
  });
  var timeline = new vis.Timeline(holder, new vis.DataSet(items), {
    stack: true,
    zoomable: true,
    margin: { item: 6 },
    orientation: "top"
  });
  timeline.on("select", function (props) {
    var chosen = items[props.items[0]];
    if (chosen) { window.location.href = chosen.page; }
  });
})();
