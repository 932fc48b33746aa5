// The query page: YASGUI pointed at our own endpoint, with the example queries in a menu.
// Everything it needs is served by Parley itself; nothing may reach another host.
(function () {
  "use strict";

  const root = document.getElementById("yasgui");
  const endpoint = new URL(root.dataset.endpoint, window.location.href).href;
  const examples = JSON.parse(document.getElementById("example-queries").textContent);
  const picker = document.getElementById("examples");
  const description = document.getElementById("example-description");
  const status = document.getElementById("query-status");

  // The "class" and "property" completers ask the LOV web service; keep only the local ones.
  // Yasgui.defaults.yasqe is the same object as Yasqe.defaults, so this covers new tabs too.
  Yasgui.Yasqe.defaults.autocompleters = ["prefixes", "variables"];

  const yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: false,
    // The endpoint box offers our endpoint only, never the built-in public ones.
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; }, keys: [] },
    persistenceId: "parley-query",
    yasqe: { value: examples.length ? examples[0].query : "SELECT * WHERE { ?s ?p ?o } LIMIT 10" },
  });

  function currentYasqe() {
    const tab = yasgui.getTab();
    return tab ? tab.getYasqe() : null;
  }

  // A tab restored from localStorage may carry another endpoint or the remote completers.
  function keepLocal(tab) {
    if (!tab) return;
    tab.setEndpoint(endpoint);
    const yasqe = tab.getYasqe();
    if (yasqe) {
      ["class", "property"].forEach(function (name) {
        if (yasqe.config.autocompleters.indexOf(name) >= 0) yasqe.disableCompleter(name);
      });
    }
  }
  keepLocal(yasgui.getTab());
  yasgui.on("tabSelect", function (_y, id) { setTimeout(function () { keepLocal(yasgui.getTab(id)); }); });

  function showExample(name) {
    const example = examples.find(function (e) { return e.name === name; });
    if (!example) { description.textContent = ""; return; }
    const tab = yasgui.getTab();
    tab.setQuery(example.query);
    tab.setName(example.title.length > 40 ? example.title.slice(0, 39) + "…" : example.title);
    description.textContent = example.description;
    const url = new URL(window.location.href);
    url.searchParams.set("example", name);
    window.history.replaceState(null, "", url);
  }
  picker.addEventListener("change", function () { showExample(picker.value); });
  if (picker.value) showExample(picker.value);

  // Downloads go to the endpoint itself with the right Accept header, so the file is exactly
  // what a script would get, not a re-encoding of the table.
  function download(button) {
    const yasqe = currentYasqe();
    if (!yasqe) return;
    status.textContent = "Preparing " + button.dataset.file + "…";
    fetch(endpoint, {
      method: "POST",
      headers: { "Accept": button.dataset.accept, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ query: yasqe.getValue() }),
    }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) {
          throw new Error(response.status + " " + text.slice(0, 300));
        });
      }
      return response.blob();
    }).then(function (blob) {
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = button.dataset.file;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      status.textContent = "";
    }).catch(function (error) {
      status.textContent = "Download failed: " + error.message;
    });
  }
  document.querySelectorAll(".downloads button").forEach(function (button) {
    button.addEventListener("click", function () { download(button); });
  });

  window.parleyYasgui = yasgui;
})();
