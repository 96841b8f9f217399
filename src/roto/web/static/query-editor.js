// The endpoint's query editor: YASGUI (vendored, editor/yasgui.min.js) put over the query
// form, which stays in the page and is what works without JavaScript. The canned queries,
// listed under the editor as links that run them in the form, open in the editor instead.
// Nothing is fetched from another origin: no prefix or vocabulary look-ups (LOV), no endpoint
// catalogue, no state kept in localStorage; queries go to this endpoint by POST.
"use strict";
(function () {
  const form = document.getElementById("query-form");
  const holder = document.getElementById("query-editor");
  if (!form || !holder || typeof window.Yasgui !== "function") return;
  const Yasgui = window.Yasgui;
  const endpoint = form.action;  // absolute, resolved by the browser
  // Only completers that work offline: prefixes from the editor's own list, and variables.
  const completers = Yasgui.Yasqe.defaults.autocompleters;
  completers.splice(0, completers.length, ...completers.filter(name => name === "prefixes" || name === "variables"));

  const yasgui = new Yasgui(holder, {
    requestConfig: {endpoint: endpoint, method: "POST"},
    endpointCatalogueOptions: {getData: () => [{endpoint: endpoint}], keys: []},
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: null,
    tabName: "Query",
  });
  const tab = yasgui.getTab();
  tab.setQuery(form.elements.query.value);
  form.hidden = true;
  holder.hidden = false;

  // A query sent with the page (the form, or a "run it in the editor" link): run it here.
  const sent = new URLSearchParams(window.location.search);
  if (sent.has("query") || sent.has("example")) {
    const shown = document.getElementById("form-results");
    if (shown) shown.hidden = true;
    tab.query().catch(() => {});  // the editor shows errors itself
  }

  // An example opens in a tab of its own (or the tab it already has), named by its title.
  const opened = new Map();  // example name -> its tab's id
  for (const a of document.querySelectorAll("a[data-example]")) {
    a.addEventListener("click", event => {
      event.preventDefault();
      fetch(a.dataset.text).then(response => {
        if (!response.ok) throw new Error(`${a.dataset.text}: ${response.status}`);
        return response.text();
      }).then(text => {
        let target = opened.has(a.dataset.example) && yasgui.getTab(opened.get(a.dataset.example));
        if (target) yasgui.selectTabId(target.getId());
        else target = yasgui.addTab(true, {name: a.textContent});
        opened.set(a.dataset.example, target.getId());
        target.setQuery(text);
        holder.scrollIntoView({block: "start"});
      }).catch(error => console.warn(error));
    });
  }
})();
