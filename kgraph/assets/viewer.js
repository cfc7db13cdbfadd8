/* kgraph viewer: filters, search and the actor/evidence panels over PyVis's vis.js network.
 *
 * The data comes from the JSON block #kg-data (read with JSON.parse). Everything taken
 * from articles (sentences, titles, names) is put into the page with textContent or as
 * an attribute value, never parsed as HTML. Links are only http(s) (checked in Python
 * and again here).
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var visNodes = network.body.data.nodes;
  var visEdges = network.body.data.edges;
  var nodeById = {};
  var edgeById = {};
  var edgesOf = {};
  var factual = {};
  var hiddenNode = {};
  var hiddenEdge = {};
  var state = {};

  DATA.factual.forEach(function (m) { factual[m] = true; });
  DATA.nodes.forEach(function (n) { nodeById[n.id] = n; edgesOf[n.id] = []; });
  DATA.edges.forEach(function (e) {
    edgeById[e.id] = e;
    edgesOf[e.from].push(e.id);
    edgesOf[e.to].push(e.id);
  });

  // ------------------------------------------------------------ small DOM helpers

  function $(id) { return document.getElementById(id); }

  /** An element whose text (never HTML) is `text`. */
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  function safeUrl(url) {
    return /^https?:\/\//i.test(url || "") ? url : "";
  }

  function link(url, text) {
    var a = el("a", null, text);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  function label(id) { return nodeById[id] ? nodeById[id].label : id; }

  function uniq(values) {
    var seen = {};
    return values.filter(function (v) { return seen[v] ? false : (seen[v] = true); });
  }

  // ------------------------------------------------------------ filters

  function present(key) {
    return uniq(key === "rel" ? DATA.edges.map(function (e) { return e.rel; })
                              : DATA.nodes.map(function (n) { return n.type; }));
  }

  function resetState() {
    state = { relations: {}, types: {}, minConf: 0, minSources: 1, since: "", until: "" };
    present("rel").forEach(function (r) { state.relations[r] = true; });
    present("type").forEach(function (t) { state.types[t] = true; });
  }

  function evidenceFilterActive() {
    return state.minConf > 0 || state.minSources > 1 || state.since !== "" || state.until !== "";
  }

  function rowPasses(row) {
    var date = DATA.docs[row[3]].date;
    if (row[2] < state.minConf) { return false; }
    if ((state.since || state.until) && !date) { return false; }
    if (state.since && date < state.since) { return false; }
    if (state.until && date > state.until) { return false; }
    return true;
  }

  function edgeVisible(e) {
    if (!state.relations[e.rel]) { return false; }
    if (!state.types[nodeById[e.from].type] || !state.types[nodeById[e.to].type]) { return false; }
    if (!evidenceFilterActive()) { return true; }
    var docs = {};
    var count = 0;
    e.ev.forEach(function (row) {
      if (factual[row[1]] && rowPasses(row) && !docs[row[3]]) { docs[row[3]] = true; count += 1; }
    });
    return count >= Math.max(1, state.minSources);
  }

  function applyFilters() {
    var edgeUpdates = [];
    var nodeUpdates = [];
    var shownNodes = {};
    var shownEdges = 0;
    DATA.edges.forEach(function (e) {
      var hide = !edgeVisible(e);
      if (!hide) { shownNodes[e.from] = shownNodes[e.to] = true; shownEdges += 1; }
      if (!!hiddenEdge[e.id] !== hide) { hiddenEdge[e.id] = hide; edgeUpdates.push({ id: e.id, hidden: hide }); }
    });
    DATA.nodes.forEach(function (n) {
      var hide = !state.types[n.type] || (!shownNodes[n.id] && edgesOf[n.id].length > 0);
      if (!!hiddenNode[n.id] !== hide) { hiddenNode[n.id] = hide; nodeUpdates.push({ id: n.id, hidden: hide }); }
    });
    setHidden(nodeUpdates, edgeUpdates);
    var nodeCount = DATA.nodes.filter(function (n) { return !hiddenNode[n.id]; }).length;
    $("kg-count").textContent = "Showing " + nodeCount + " of " + DATA.nodes.length + " actors, " +
      shownEdges + " of " + DATA.edges.length + " relations";
  }

  /* Hide or show items. Through the DataSets vis.js re-examines every item on each change
   * (seconds at 100,000 items), so where the bundled vis.js allows it the items are changed
   * in place and only the visible-item lists are rebuilt. */
  function setHidden(nodeUpdates, edgeUpdates) {
    if (!nodeUpdates.length && !edgeUpdates.length) { return; }
    if (typeof network._updateVisibleIndices !== "function") {
      if (nodeUpdates.length) { visNodes.update(nodeUpdates); }
      if (edgeUpdates.length) { visEdges.update(edgeUpdates); }
      return;
    }
    nodeUpdates.forEach(function (u) { network.body.nodes[u.id].setOptions({ hidden: u.hidden }); });
    edgeUpdates.forEach(function (u) { network.body.edges[u.id].setOptions({ hidden: u.hidden }); });
    network._updateVisibleIndices();
    network.redraw();
  }

  var pending = null;
  function applySoon() {
    if (pending !== null) { clearTimeout(pending); }
    pending = setTimeout(function () { pending = null; applyFilters(); }, 120);
  }

  function checkbox(group, value, count, swatch) {
    var row = el("label", "kg-check");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.id = "kg-" + group + "-" + value;
    box.dataset.value = value;
    box.addEventListener("change", function () {
      state[group === "rel" ? "relations" : "types"][value] = box.checked;
      applyFilters();
    });
    row.appendChild(box);
    row.appendChild(swatch);
    row.appendChild(el("span", "kg-check-name", value));
    row.appendChild(el("span", "kg-check-count", count));
    return row;
  }

  function relationSwatch(rel) {
    var style = DATA.relations[rel] || { color: "#888", dashed: false, directed: true };
    var line = el("span", "kg-line" + (style.dashed ? " kg-dashed" : ""));
    line.style.borderTopColor = style.color;
    var wrap = el("span", "kg-swatch-wrap");
    wrap.appendChild(line);
    wrap.appendChild(el("span", "kg-arrow", style.directed ? "→" : "—"));
    return wrap;
  }

  function typeSwatch(type) {
    var style = DATA.types[type] || { color: "#9E9E9E", shape: "dot" };
    var swatch = el("span", "kg-swatch kg-shape-" + style.shape.replace(/[^a-z]/g, ""));
    swatch.style.background = style.color;
    swatch.title = style.shape;
    return swatch;
  }

  function buildFilters() {
    var relCount = {};
    var typeCount = {};
    DATA.edges.forEach(function (e) { relCount[e.rel] = (relCount[e.rel] || 0) + 1; });
    DATA.nodes.forEach(function (n) { typeCount[n.type] = (typeCount[n.type] || 0) + 1; });
    var rels = $("kg-relations");
    var types = $("kg-types");
    rels.textContent = "";
    types.textContent = "";
    Object.keys(DATA.relations).concat(present("rel")).filter(function (r, i, all) {
      return relCount[r] && all.indexOf(r) === i;
    }).forEach(function (r) { rels.appendChild(checkbox("rel", r, relCount[r], relationSwatch(r))); });
    Object.keys(DATA.types).concat(present("type")).filter(function (t, i, all) {
      return typeCount[t] && all.indexOf(t) === i;
    }).forEach(function (t) { types.appendChild(checkbox("type", t, typeCount[t], typeSwatch(t))); });
    if (!DATA.edges.length) { rels.appendChild(el("p", "kg-hint", "No relations match these options.")); }
    dateBounds();
  }

  function dateBounds() {
    var dates = DATA.docs.map(function (d) { return d.date; }).filter(Boolean).sort();
    if (!dates.length) { return; }
    ["kg-since", "kg-until"].forEach(function (id) {
      $(id).min = dates[0];
      $(id).max = dates[dates.length - 1];
    });
  }

  function bindEvidenceFilters() {
    var conf = $("kg-min-conf");
    conf.addEventListener("input", function () {
      state.minConf = parseFloat(conf.value) || 0;
      $("kg-min-conf-value").textContent = state.minConf.toFixed(2);
      applySoon();
    });
    $("kg-min-sources").addEventListener("input", function () {
      state.minSources = Math.max(1, parseInt($("kg-min-sources").value, 10) || 1);
      applySoon();
    });
    ["since", "until"].forEach(function (key) {
      $("kg-" + key).addEventListener("change", function () {
        state[key] = $("kg-" + key).value || "";
        applyFilters();
      });
    });
    $("kg-reset").addEventListener("click", function () {
      resetState();
      conf.value = "0";
      $("kg-min-conf-value").textContent = "0.00";
      $("kg-min-sources").value = "1";
      $("kg-since").value = "";
      $("kg-until").value = "";
      document.querySelectorAll("#kg-filters input[type=checkbox]").forEach(function (b) { b.checked = true; });
      applyFilters();
    });
  }

  // ------------------------------------------------------------ panels

  function panel(title) {
    var box = $("kg-details");
    box.textContent = "";
    var head = el("div", "kg-panel-head");
    head.appendChild(el("span", "kg-panel-kind", title));
    var close = el("button", "kg-close", "×");
    close.type = "button";
    close.title = "Close";
    close.addEventListener("click", function () {
      box.textContent = "";
      box.appendChild(el("p", "kg-hint", "Click a relation or an actor."));
      network.unselectAll();
    });
    head.appendChild(close);
    box.appendChild(head);
    box.scrollTop = 0;
    return box;
  }

  function actorButton(id) {
    var b = el("button", "kg-actor-link", label(id));
    b.type = "button";
    b.addEventListener("click", function () { selectActor(id); });
    return b;
  }

  function edgeSummary(e) {
    var dates = e.ev.map(function (r) { return DATA.docs[r[3]].date; }).filter(Boolean).sort();
    var parts = [e.sources + (e.sources === 1 ? " source" : " sources"),
      e.ev.length + (e.ev.length === 1 ? " statement" : " statements")];
    if (dates.length && dates[0] === dates[dates.length - 1]) {
      parts.push("published " + dates[0]);
    } else if (dates.length) {
      parts.push("first published " + dates[0], "last " + dates[dates.length - 1]);
    }
    return parts.join(" · ");
  }

  function evidenceItem(row) {
    var doc = DATA.docs[row[3]];
    var item = el("li", "kg-ev" + (evidenceFilterActive() && !rowPasses(row) ? " kg-filtered" : ""));
    item.appendChild(el("blockquote", "kg-sentence", row[0]));
    var meta = el("div", "kg-meta");
    meta.appendChild(el("span", "kg-modality kg-mod-" + String(row[1]).replace(/[^a-z]/gi, ""), row[1]));
    meta.appendChild(el("span", "kg-conf", "confidence " + Number(row[2]).toFixed(2)));
    item.appendChild(meta);
    var source = el("div", "kg-source");
    var title = doc.title || doc.url || "untitled document";
    source.appendChild(safeUrl(doc.url) ? link(doc.url, title) : el("span", "kg-doc-title", title));
    source.appendChild(el("span", "kg-date", doc.date || "undated"));
    item.appendChild(source);
    return item;
  }

  function showEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    var box = panel("Relation");
    var head = el("h2", "kg-edge-title");
    head.appendChild(actorButton(e.from));
    head.appendChild(el("span", "kg-rel", " " + e.rel + (DATA.relations[e.rel] && !DATA.relations[e.rel].directed ? " ↔ " : " → ")));
    head.appendChild(actorButton(e.to));
    box.appendChild(head);
    box.appendChild(el("p", "kg-summary", edgeSummary(e)));
    var list = el("ol", "kg-evidence");
    e.ev.forEach(function (row) { list.appendChild(evidenceItem(row)); });
    box.appendChild(list);
  }

  function relationItem(edgeId, nodeId) {
    var e = edgeById[edgeId];
    var outgoing = e.from === nodeId;
    var symmetric = DATA.relations[e.rel] && !DATA.relations[e.rel].directed;
    var item = el("li", hiddenEdge[edgeId] ? "kg-filtered" : null);
    var b = el("button", "kg-edge-link", e.rel + (symmetric ? " ↔ " : outgoing ? " → " : " ← ") +
      label(outgoing ? e.to : e.from));
    b.type = "button";
    b.addEventListener("click", function () { network.selectEdges([edgeId]); showEdge(edgeId); });
    item.appendChild(b);
    item.appendChild(el("span", "kg-check-count", e.sources));
    return item;
  }

  function showNode(id) {
    var n = nodeById[id];
    if (!n) { return; }
    var box = panel("Actor");
    box.appendChild(el("h2", "kg-node-title", n.label));
    var facts = el("dl", "kg-facts");
    function fact(term, value) {
      facts.appendChild(el("dt", null, term));
      var dd = el("dd");
      if (typeof value === "string") { dd.textContent = value; } else { dd.appendChild(value); }
      facts.appendChild(dd);
    }
    fact("Type", n.type);
    if (n.aliases && n.aliases.length) { fact("Also known as", n.aliases.join("; ")); }
    if (n.wikidata) {
      fact("Wikidata", /^Q\d+$/.test(n.wikidata) ? link("https://www.wikidata.org/wiki/" + n.wikidata, n.wikidata)
                                                  : n.wikidata);
    }
    if (n.ucdp) { fact("UCDP actor id", n.ucdp); }
    fact("IRI", n.iri || n.id);
    box.appendChild(facts);
    box.appendChild(el("h3", null, "Relations (" + edgesOf[id].length + ")"));
    var list = el("ul", "kg-relations-list");
    edgesOf[id].slice().sort(function (a, b) {
      return edgeById[a].rel.localeCompare(edgeById[b].rel) || edgeById[b].sources - edgeById[a].sources;
    }).forEach(function (eid) { list.appendChild(relationItem(eid, id)); });
    box.appendChild(list);
  }

  // ------------------------------------------------------------ search

  function norm(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[’'`ʼ‘]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
  }

  var names = [];
  DATA.nodes.forEach(function (n) {
    names.push({ key: norm(n.label), id: n.id, label: true });
    (n.aliases || []).forEach(function (a) { names.push({ key: norm(a), id: n.id, label: false }); });
  });

  function findActor(query) {
    var q = norm(query);
    if (!q) { return null; }
    if (nodeById[query]) { return query; }
    var tests = [
      function (x) { return x.label && x.key === q; },
      function (x) { return x.key === q; },
      function (x) { return x.key.indexOf(q) === 0; },
      function (x) { return x.key.indexOf(q) >= 0; },
    ];
    for (var i = 0; i < tests.length; i += 1) {
      var hits = uniq(names.filter(tests[i]).map(function (x) { return x.id; }));
      if (hits.length) {
        hits.sort(function (a, b) { return nodeById[b].degree - nodeById[a].degree; });
        return hits[0];
      }
    }
    return null;
  }

  function selectActor(id) {
    network.selectNodes([id], true);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    showNode(id);
  }

  function focusActor(query) {
    var id = findActor(query);
    var status = $("kg-search-status");
    if (!id) {
      status.textContent = "No actor matches “" + query + "”.";
      return null;
    }
    status.textContent = hiddenNode[id] ? "(hidden by the filters)" : "";
    selectActor(id);
    return id;
  }

  function bindSearch() {
    var input = $("kg-search");
    var list = $("kg-names");
    var fragment = document.createDocumentFragment();
    var seen = {};
    DATA.nodes.forEach(function (n) {
      [n.label].concat(n.aliases || []).forEach(function (name) {
        if (seen[name]) { return; }
        seen[name] = true;
        var option = document.createElement("option");
        option.value = name;
        fragment.appendChild(option);
      });
    });
    list.appendChild(fragment);
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); focusActor(input.value); }
    });
    input.addEventListener("change", function () { if (input.value) { focusActor(input.value); } });
  }

  // ------------------------------------------------------------ wiring

  function markReady() {
    if (window.kgReady) { return; }
    var bar = document.getElementById("loadingBar");
    if (bar) { bar.style.display = "none"; }
    window.kgReady = true;
    window.kgReadyAt = performance.now();
    document.body.setAttribute("data-kg-ready", "1");
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); } else if (params.edges.length) { showEdge(params.edges[0]); }
  });
  /** Once the layout is settled: physics off (nodes stay where dropped), then the next frame. */
  function whenStable() {
    var done = false;
    var poll = null;
    function finish() {
      if (done) { return; }
      done = true;
      clearInterval(poll);
      if (DATA.physics) {
        network.setOptions({ physics: { enabled: false } });
        network.fit();
      }
      network.once("afterDrawing", markReady);
      network.redraw();
    }
    if (!DATA.physics) { finish(); return; }
    network.once("stabilizationIterationsDone", finish);
    // vis.js skips stabilisation (and its event) when no node can move: poll its own flag too
    poll = setInterval(function () { if (network.physics.ready) { finish(); } }, 100);
  }
  whenStable();
  setTimeout(markReady, 60000);

  resetState();
  buildFilters();
  bindEvidenceFilters();
  bindSearch();
  applyFilters();

  window.kg = {
    data: DATA,
    applyFilters: applyFilters,
    showEdge: showEdge,
    showNode: showNode,
    focusActor: focusActor,
    findActor: findActor,
    /** Ids of the edges vis.js draws now, optionally of one relation. */
    visibleEdges: function (rel) {
      return network.body.edgeIndices.filter(function (id) { return !rel || (edgeById[id] && edgeById[id].rel === rel); });
    },
  };
})();
