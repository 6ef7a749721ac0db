// The network page: vis-network draws the projection embedded in #kg-data. Everything
// that shows data builds DOM nodes with textContent, never HTML from the data.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const UI = {
    zh: {
      title: "对口支援知识图谱 · 关系网络", search: "搜索名称（中文或英文）", city: "援助城市",
      allCities: "全部城市", fit: "全图", language: "English", legend: "图例",
      fundingEdge: "资金流（出资方 → 受援方，粗细按金额）", inferredEdge: "推断关系（原文暗示）",
      hint: "点击一个节点，查看它的属性和原文引述。", iri: "IRI", attributes: "属性", comment: "说明",
      links: "关系", quotes: "原文引述", noQuotes: "没有直接引述。", offsets: "位置",
      shown: "显示 {n} / {all} 个节点", inferred: "推断", flow: "资金流", none: "（无结果）",
      hidden: "该节点被当前筛选隐藏，已清除筛选。",
    },
    en: {
      title: "Paired-assistance knowledge graph · network", search: "Search a name (Chinese or English)",
      city: "Sending city", allCities: "All cities", fit: "Fit", language: "中文", legend: "Legend",
      fundingEdge: "Funding flow (funder → recipient, width by amount)",
      inferredEdge: "Inferred link (implied by the text)",
      hint: "Click a node to see its attributes and the passages of the source that state it.",
      iri: "IRI", attributes: "Attributes", comment: "Note", links: "Links", quotes: "Quotes from the source",
      noQuotes: "No passage quotes it directly.", offsets: "offsets",
      shown: "{n} of {all} nodes shown", inferred: "inferred", flow: "funding flow", none: "(nothing found)",
      hidden: "That node was hidden by the filters; they were cleared.",
    },
  };
  let lang = data.language;
  const info = new Map(data.nodes.map((n) => [n.id, n]));
  const edgeInfo = new Map(data.edges.map((e) => [e.id, e]));
  const hiddenClasses = new Set();
  let city = "";
  const text = (key) => UI[lang][key];
  const label = (item) => item["label_" + lang] || item.label_zh;
  const term = (name) => (data.terms[name] ? data.terms[name][lang] : name);

  function nodeItem(n) {
    return {
      id: n.id, label: label(n), shape: n.shape, size: n.size,
      font: { size: n.label_size },
      color: { background: n.color, border: n.color, highlight: { background: n.color, border: "#000" } },
    };
  }
  function edgeItem(e) {
    const funding = e.property === "funding";
    return {
      id: e.id, from: e.from, to: e.to, label: label(e), arrows: "to",
      dashes: e.inferred,
      width: funding ? 1.5 + Math.log10(Math.max(e.weight, 1e4) / 1e4) : 1,
      color: { color: funding ? data.funding_color : data.edge_color, highlight: "#333" },
      font: { size: funding ? 11 : 9, color: funding ? "#8a5a00" : "#777", strokeWidth: 3 },
    };
  }
  const nodes = new vis.DataSet(data.nodes.map(nodeItem));
  const edges = new vis.DataSet(data.edges.map(edgeItem));
  const visible = (id) => {
    const n = info.get(id);
    return !hiddenClasses.has(n.class) && (city === "" || n.cities.includes(city));
  };
  const nodeView = new vis.DataView(nodes, { filter: (n) => visible(n.id) });
  const edgeView = new vis.DataView(edges, { filter: (e) => visible(e.from) && visible(e.to) });
  const network = new vis.Network(document.getElementById("network"), { nodes: nodeView, edges: edgeView }, {
    layout: { randomSeed: 7, improvedLayout: false },
    nodes: {
      font: { face: data.font, size: 14, strokeWidth: 3, strokeColor: "#fff" },
      scaling: { label: { enabled: true, drawThreshold: 6 } },
    },
    edges: { smooth: { type: "continuous" }, font: { face: data.font, align: "middle" },
             scaling: { label: { enabled: true, drawThreshold: 7 } } },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 400, updateInterval: 50, fit: false },
               forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4 } },
    interaction: { hover: true, tooltipDelay: 150 },
  });
  // Fit the visible graph, leaving room for the labels of the outermost nodes.
  function fitAll() {
    network.fit({ animation: false });
    network.moveTo({ scale: network.getScale() * 0.9, animation: false });
  }
  // A node filtered out and back in returns to where it was (or where it was dragged).
  // network.storePositions() cannot do this: it fails on nodes a filter has hidden.
  function keepPositions() {
    const positions = network.getPositions();
    nodes.update(Object.keys(positions).map((id) => ({ id, x: positions[id].x, y: positions[id].y })));
  }
  window.kg = { network, nodes, edges, nodeView, edgeView, ready: false, select, setCity, setLanguage };
  network.once("stabilizationIterationsDone", () => {
    network.setOptions({ physics: false });
    keepPositions();
    // a small graph settles before the canvas has its size: fit once it has been drawn
    network.once("afterDrawing", () => {
      fitAll();
      window.kg.ready = true;
    });
    network.redraw();
  });

  // ---- details panel -------------------------------------------------------------
  const details = document.getElementById("details");
  let current = null;
  function el(tag, content, className) {
    const node = document.createElement(tag);
    if (content !== undefined && content !== null) node.textContent = String(content);
    if (className) node.className = className;
    return node;
  }
  function quoteList(iri) {
    const box = el("div");
    const found = data.quotes[iri] || [];
    if (!found.length) box.append(el("p", text("noQuotes"), "muted"));
    for (const q of found) {
      const block = el("blockquote", null, "quote");
      block.append(el("span", q.prefix, "context"), el("span", q.exact, "exact"), el("span", q.suffix, "context"));
      block.append(el("span", `${q.source} · ${text("offsets")} [${q.start}, ${q.end})`, "where"));
      block.dataset.start = q.start;
      block.dataset.end = q.end;
      box.append(block);
    }
    return box;
  }
  function link(id) {
    const a = el("a", label(info.get(id)));
    a.addEventListener("click", () => select(id));
    return a;
  }
  function showNode(id) {
    const n = info.get(id);
    current = { node: id };
    details.replaceChildren();
    details.append(el("h2", label(n)));
    const badge = el("span", term(n.class), "class");
    badge.style.background = n.color;
    details.append(badge);
    if (lang === "en" && n.label_en && n.label_zh) details.append(el("span", " " + n.label_zh, "muted"));
    if (lang === "zh" && n.label_en) details.append(el("span", " " + n.label_en, "muted"));
    const comment = n["comment_" + lang] || n.comment_zh;
    if (comment) details.append(el("p", comment));
    details.append(el("h2", text("attributes")));
    const table = el("table");
    const row = (key, value) => {
      const tr = el("tr");
      tr.append(el("th", key), el("td", value));
      table.append(tr);
    };
    row(text("iri"), n.id);
    table.lastChild.lastChild.className = "iri";
    for (const [key, value] of n.attributes) row(term(key), value);
    details.append(table);
    details.append(el("h2", text("quotes")));
    details.append(quoteList(id));
    const around = network.getConnectedEdges(id).map((e) => edgeInfo.get(e)).filter(Boolean);
    if (around.length) {
      details.append(el("h2", text("links")));
      const list = el("ul");
      for (const e of around) {
        const li = el("li");
        const other = e.from === id ? e.to : e.from;
        li.append(el("span", (e.from === id ? "→ " : "← ") + label(e) + (e.inferred ? ` (${text("inferred")})` : "") + " "));
        li.append(link(other));
        list.append(li);
      }
      details.append(list);
    }
  }
  function showEdge(id) {
    const e = edgeInfo.get(id);
    current = { edge: id };
    details.replaceChildren();
    details.append(el("h2", e.property === "funding" ? text("flow") + " · " + label(e) : label(e)));
    const p = el("p");
    p.append(link(e.from), el("span", " → "), link(e.to));
    details.append(p);
    if (e.inferred) details.append(el("p", `${text("inferred")}: ${e.inference}`, "muted"));
    if (e.flow) {
      details.append(el("h2", text("quotes")));
      details.append(quoteList(e.flow));
    }
  }
  network.on("click", (params) => {
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ---- search ----------------------------------------------------------------------
  const search = document.getElementById("search");
  const results = document.getElementById("results");
  function matches(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const scored = [];
    for (const n of data.nodes) {
      const names = [n.label_zh, n.label_en, n.id.split("/").pop()].concat(
        (n.attributes.find(([k]) => k === "alt_labels") || [null, ""])[1].split("、"));
      let best = 9;
      for (const name of names) {
        const s = (name || "").toLowerCase();
        if (!s) continue;
        if (s === q) best = Math.min(best, 0);
        else if (s.startsWith(q)) best = Math.min(best, 1);
        else if (s.includes(q)) best = Math.min(best, 2);
      }
      if (best < 9) scored.push([best, label(n).length, n.id]);
    }
    scored.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    return scored.map((s) => s[2]);
  }
  function showResults() {
    results.replaceChildren();
    const found = matches(search.value);
    if (search.value.trim() && !found.length) results.append(el("li", text("none"), "muted"));
    for (const id of found.slice(0, 15)) {
      const li = el("li", label(info.get(id)));
      li.append(el("span", " · " + term(info.get(id).class), "muted"));
      li.addEventListener("mousedown", (event) => { event.preventDefault(); select(id); });
      results.append(li);
    }
  }
  search.addEventListener("input", showResults);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const found = matches(search.value);
      if (found.length) select(found[0]);
    } else if (event.key === "Escape") {
      results.replaceChildren();
    }
  });
  search.addEventListener("blur", () => results.replaceChildren());
  function select(id) {
    results.replaceChildren();
    if (!visible(id)) {
      hiddenClasses.clear();
      setCity("");
      drawLegend();
      document.getElementById("status").textContent = text("hidden");
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.1, animation: false });
    showNode(id);
  }

  // ---- filters and legend ----------------------------------------------------------
  const cityFilter = document.getElementById("city-filter");
  function drawCities() {
    cityFilter.replaceChildren(new Option(text("allCities"), ""));
    for (const c of data.cities) cityFilter.append(new Option(label(c), c.id));
    cityFilter.value = city;
  }
  function refresh() {
    if (window.kg.ready) keepPositions();
    nodeView.refresh();
    edgeView.refresh();
    document.getElementById("status").textContent =
      text("shown").replace("{n}", nodeView.length).replace("{all}", data.nodes.length);
  }
  function setCity(id) {
    city = id;
    cityFilter.value = id;
    refresh();
  }
  cityFilter.addEventListener("change", () => { setCity(cityFilter.value); fitAll(); });
  const SYMBOLS = { dot: "●", square: "■", diamond: "◆", star: "★", triangle: "▲", triangleDown: "▼", hexagon: "⬢" };
  function drawLegend() {
    const legend = document.getElementById("legend");
    legend.replaceChildren();
    for (const c of data.classes) {
      const li = el("li");
      const box = el("input");
      box.type = "checkbox";
      box.checked = !hiddenClasses.has(c.name);
      box.dataset.class = c.name;
      box.addEventListener("change", () => {
        if (box.checked) hiddenClasses.delete(c.name); else hiddenClasses.add(c.name);
        refresh();
      });
      const symbol = el("span", SYMBOLS[c.shape] || "●", "symbol");
      symbol.style.color = c.color;
      li.append(box, symbol, el("span", label(c)), el("span", c.count, "count"));
      legend.append(li);
    }
    document.getElementById("funding-key").style.borderColor = data.funding_color;
  }
  document.getElementById("fit").addEventListener("click", () => fitAll());

  // ---- language --------------------------------------------------------------------
  function setLanguage(next) {
    lang = next;
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    for (const node of document.querySelectorAll("[data-text]")) node.textContent = text(node.dataset.text);
    search.placeholder = text("search");
    document.getElementById("language").textContent = text("language");
    document.title = text("title");
    nodes.update(data.nodes.map((n) => ({ id: n.id, label: label(n) })));
    edges.update(data.edges.map((e) => ({ id: e.id, label: label(e) })));
    drawCities();
    drawLegend();
    refresh();
    if (current && current.node) showNode(current.node);
    else if (current && current.edge) showEdge(current.edge);
  }
  document.getElementById("language").addEventListener("click", () => setLanguage(lang === "zh" ? "en" : "zh"));
  setLanguage(lang);
})();
