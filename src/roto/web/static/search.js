// Search over the site's index (search.json, written when the site is built): models,
// resource and relationship types, dimension values and references. Runs in the browser
// only; results are built as DOM nodes (never as HTML text).
"use strict";
(function () {
  const input = document.getElementById("search-query");
  const list = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  if (!input || !list || !status) return;
  let index = null;

  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // Every word of the query must occur (as the start of a word) in the entry; label hits rank first.
  function score(entry, query) {
    const label = words(entry.label);
    const rest = words([entry.kind, entry.text, (entry.uses || []).join(" ")].join(" "));
    let total = 0;
    for (const q of query) {
      if (label.some(w => w === q)) total += 4;
      else if (label.some(w => w.startsWith(q))) total += 3;
      else if (rest.some(w => w.startsWith(q))) total += 1;
      else return 0;
    }
    return total;
  }

  function show() {
    const query = words(input.value);
    list.replaceChildren();
    if (!index || query.length === 0) {
      status.textContent = index ? "Type a model, a resource or relationship type, or a reference." : status.textContent;
      return;
    }
    const found = index.map((entry, order) => ({entry, order, score: score(entry, query)}))
      .filter(r => r.score > 0)
      .sort((a, b) => b.score - a.score || a.order - b.order);
    status.textContent = found.length + (found.length === 1 ? " result" : " results") + " for \u201c" + input.value.trim() + "\u201d";
    for (const {entry} of found) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = entry.page;
      link.textContent = entry.label;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = " (" + entry.kind + ")";
      item.append(link, kind);
      const about = entry.uses && entry.uses.length ? "Explicitly draws on: " + entry.uses.join(", ") + "." : entry.text;
      if (about) {
        const text = document.createElement("div");
        text.className = "evidence";
        text.textContent = about;
        item.append(text);
      }
      list.append(item);
    }
  }

  input.addEventListener("input", show);
  const asked = new URLSearchParams(window.location.search).get("q");
  if (asked) input.value = asked;
  status.textContent = "Loading the index\u2026";
  fetch(input.form.dataset.index)
    .then(r => { if (!r.ok) throw new Error(r.status + " " + r.statusText); return r.json(); })
    .then(entries => { index = entries; status.textContent = ""; document.body.dataset.searchReady = "yes"; show(); })
    .catch(error => { status.textContent = "The search index could not be loaded (" + error.message + ")."; });
})();
