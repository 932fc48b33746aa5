// Draws a node's neighbourhood with vis-network into every <div class="graph-view" data-src>,
// from the JSON of /api/graph/{kind}/{slug}. The page's tables stay the script-free view, so
// this only adds the picture; a click on a node opens its page.
(function () {
  "use strict";
  // One colour per kind of node, so delegations, people and claims tell apart at a glance.
  var COLOURS = {
    person: "#93c5fd", org: "#fca5a5", delegation: "#86efac", membership: "#bbf7d0",
    holding: "#fde68a", post: "#fef3c7", round: "#c4b5fd", series: "#ddd6fe",
    claim: "#e5e7eb", article: "#f5d0fe", source: "#f5d0fe", statement: "#fbcfe8",
    proposal: "#fed7aa", ultimatum: "#fdba74", agreement: "#99f6e4", exchange: "#a7f3d0",
    repatriation: "#a7f3d0", place: "#bae6fd", external: "#ffffff"
  };
  var FALLBACK = "#d1d5db";

  function say(holder, text) {
    holder.textContent = text;
    holder.classList.add("muted");
  }

  function draw(holder, data) {
    var nodes = data.nodes.map(function (n) {
      var centre = n.id === data.center;
      return {
        id: n.id,
        label: n.label.length > 40 ? n.label.slice(0, 38) + "…" : n.label,
        title: n.label + " (" + n.kind + ")",
        href: n.href,
        color: { background: COLOURS[n.kind] || FALLBACK, border: centre ? "#1f4e79" : "#57606a" },
        borderWidth: centre ? 3 : 1,
        shape: "box",
        font: { size: centre ? 16 : 12 }
      };
    });
    var edges = data.edges.map(function (e, index) {
      return { id: index, from: e.from, to: e.to, label: e.label, title: e.property, arrows: "to" };
    });
    var network = new vis.Network(holder, {
      nodes: new vis.DataSet(nodes),
      edges: new vis.DataSet(edges)
    }, {
      // Long springs: a node with a score of neighbours otherwise draws as one knot of labels.
      physics: { barnesHut: { springLength: 170, gravitationalConstant: -6000 },
                 stabilization: { iterations: 200 } },
      edges: { font: { size: 10, align: "middle" }, color: "#8c959f", smooth: false },
      interaction: { hover: true, tooltipDelay: 150 }
    });
    network.on("click", function (props) {
      var id = props.nodes[0];
      var chosen = nodes.find(function (n) { return n.id === id; });
      if (chosen && chosen.href) { window.location.href = chosen.href; }
    });
    // Exposed for the browser tests and the curious: the network and what it drew.
    window.parleyGraph = { network: network, nodes: nodes.length, edges: edges.length };
    var note = holder.parentNode.querySelector(".graph-note");
    if (note && data.truncated) {
      note.textContent = "Showing " + data.edges.length + " of " + data.total_edges +
        " links (the cap of this view).";
    }
  }

  var holders = document.querySelectorAll(".graph-view[data-src]");
  Array.prototype.forEach.call(holders, function (holder) {
    if (typeof vis === "undefined" || !vis.Network) {
      say(holder, "The graph view could not load its drawing library.");
      return;
    }
    fetch(holder.getAttribute("data-src"), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (data) {
        if (data.edges.length === 0) {
          say(holder, "This node has no links to other nodes.");
          return;
        }
        // The box gets its height only now, so without a drawing it takes no room.
        holder.textContent = "";
        holder.classList.add("drawn");
        draw(holder, data);
      })
      .catch(function (error) { say(holder, "The graph could not be loaded (" + error.message + ")."); });
  });
})();
