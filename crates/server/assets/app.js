// dyad dashboard: plain JavaScript and SVG, no external libraries or CDNs.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const QUAD_COLORS = { 1: "#4f9d69", 2: "#1b7f3b", 3: "#e08a2c", 4: "#b3261e" };
const LINE_COLORS = ["#2f6fde", "#b3261e", "#1b7f3b", "#8e44ad", "#e08a2c", "#16a2b8"];
const CAMEO_ROOTS = {
  "01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate",
  "04": "Consult", "05": "Engage in diplomatic cooperation", "06": "Engage in material cooperation",
  "07": "Provide aid", "08": "Yield", "09": "Investigate", "10": "Demand", "11": "Disapprove",
  "12": "Reject", "13": "Threaten", "14": "Protest", "15": "Exhibit force posture",
  "16": "Reduce relations", "17": "Coerce", "18": "Assault", "19": "Fight",
  "20": "Use unconventional mass violence",
};

let events = [];

function el(tag, attrs = {}, text) {
  const node = tag === "svg" || ["g", "path", "line", "circle", "rect", "text", "polyline"].includes(tag)
    ? document.createElementNS(SVG, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function queryString(extra = {}) {
  const form = new FormData(document.getElementById("filters"));
  const params = new URLSearchParams();
  for (const [k, v] of form.entries()) if (v !== "" && k !== "period") params.set(k, v);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params.toString();
}

async function getJSON(url) {
  const res = await fetch(url);
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || res.statusText);
  return body;
}

async function refresh() {
  const period = document.querySelector("select[name=period]").value;
  try {
    const [ev, dy, tl, st] = await Promise.all([
      getJSON("/v1/events?" + queryString({ limit: 500 })),
      getJSON("/v1/dyads?" + queryString({ limit: 1000 })),
      getJSON("/v1/timeline?" + queryString({ period })),
      getJSON("/v1/stats"),
    ]);
    events = ev.events;
    document.getElementById("stats").textContent =
      `${st.articles} articles · ${st.events} event mentions · ${st.event_groups} events`;
    document.getElementById("event-count").textContent = `(${ev.total} matching, ${events.length} shown)`;
    drawTable(events);
    drawTimeline(tl.timeline);
    drawNetwork(dy.dyads);
    drawMap(events);
    document.getElementById("evidence").hidden = true;
  } catch (err) {
    document.getElementById("stats").textContent = "error: " + err.message;
  }
}

function drawTable(rows) {
  const body = document.querySelector("#events tbody");
  clear(body);
  rows.forEach((e, i) => {
    const tr = el("tr", { "data-index": i });
    tr.append(
      el("td", {}, e.date || ""),
      el("td", { title: e.source_text || "" }, e.source_code || "—"),
      el("td", { title: CAMEO_ROOTS[e.root] || "" }, `${e.code} ${e.plover_type || ""}`),
      el("td", { title: e.target_text || "" }, e.target_code || "—"),
      el("td", { class: e.goldstein < 0 ? "neg" : "pos" }, Number(e.goldstein).toFixed(1)),
      el("td", {}, e.outlet || ""),
      el("td", { class: "sentence" }, e.sentence_text),
    );
    tr.addEventListener("click", () => showEvidence(i, tr));
    body.append(tr);
  });
}

// Offsets in the API are Unicode code points; JavaScript strings index UTF-16 units.
function showEvidence(i, tr) {
  document.querySelectorAll("#events tr.selected").forEach((r) => r.classList.remove("selected"));
  tr.classList.add("selected");
  const e = events[i];
  const chars = Array.from(e.sentence_text);
  const base = e.sentence_start;
  const spans = [];
  if (e.source_start != null) spans.push([e.source_start - base, e.source_end - base, "source"]);
  spans.push([e.evidence.predicate_start - base, e.evidence.predicate_end - base, "predicate"]);
  if (e.target_start != null) spans.push([e.target_start - base, e.target_end - base, "target"]);
  spans.sort((a, b) => a[0] - b[0]);
  const p = document.getElementById("evidence-sentence");
  clear(p);
  let pos = 0;
  for (const [s, t, cls] of spans) {
    if (s < pos || t <= s || s < 0 || t > chars.length) continue;
    p.append(document.createTextNode(chars.slice(pos, s).join("")));
    p.append(el("mark", { class: cls }, chars.slice(s, t).join("")));
    pos = t;
  }
  p.append(document.createTextNode(chars.slice(pos).join("")));
  const flags = Object.entries(e.modality).filter(([, v]) => v).map(([k]) => k);
  const details = [
    ["Event", `${e.code} · ${CAMEO_ROOTS[e.root] || ""} · QuadClass ${e.quad_class} · Goldstein ${e.goldstein}`],
    ["PLOVER", `${e.plover_type}${e.plover_mode ? " / " + e.plover_mode : ""}`],
    ["Source", `${e.source_text || "—"} (${e.source_code || "uncoded"})`],
    ["Target", `${e.target_text || "—"} (${e.target_code || "uncoded"})`],
    ["Modality", flags.length ? flags.join(", ") : "asserted as happened"],
    ["Date", e.date || ""],
    ["Place", e.place_name || "—"],
    ["Said by", e.speaker || "—"],
    ["Cited outlet", e.cited_outlet || "—"],
    ["Rule", e.evidence.rule],
    ["Article", `${e.title || e.article_id} (${e.outlet || "unknown outlet"})`],
    ["Reported", `${e.num_mentions} mentions, ${e.num_sources} sources, ${e.num_articles} articles`],
  ];
  const dl = document.getElementById("evidence-details");
  clear(dl);
  for (const [k, v] of details) dl.append(el("dt", {}, k), el("dd", {}, v));
  const panel = document.getElementById("evidence");
  panel.hidden = false;
  panel.scrollIntoView({ block: "nearest" });
}

function drawTimeline(points) {
  const svg = document.getElementById("timeline");
  clear(svg);
  const legend = document.getElementById("timeline-legend");
  clear(legend);
  if (!points.length) { svg.append(el("text", { x: 20, y: 110 }, "No events match.")); return; }
  const W = 900, H = 220, pad = 30;
  const periods = [...new Set(points.map((p) => p.period))].sort();
  const x = (p) => pad + (periods.length === 1 ? (W - 2 * pad) / 2 : (periods.indexOf(p) * (W - 2 * pad)) / (periods.length - 1));
  const y = (g) => H / 2 - (g / 10) * (H / 2 - 15);
  svg.append(el("line", { x1: pad, x2: W - pad, y1: y(0), y2: y(0), stroke: "#c8ced9" }));
  svg.append(el("text", { x: 2, y: y(10) + 4, "font-size": 10 }, "+10"), el("text", { x: 2, y: y(-10), "font-size": 10 }, "−10"));
  // Bars: all mentions per period, cooperation up, conflict down.
  const totals = {};
  for (const p of points) {
    const t = (totals[p.period] ||= { coop: 0, conf: 0 });
    t.coop += p.cooperation; t.conf += p.conflict;
  }
  const maxCount = Math.max(1, ...Object.values(totals).map((t) => Math.max(t.coop, t.conf)));
  const bw = Math.max(2, Math.min(18, (W - 2 * pad) / periods.length / 2));
  for (const [period, t] of Object.entries(totals)) {
    const hc = (t.coop / maxCount) * (H / 2 - 20), hf = (t.conf / maxCount) * (H / 2 - 20);
    svg.append(el("rect", { x: x(period) - bw / 2, y: y(0) - hc, width: bw, height: hc, fill: "#1b7f3b", opacity: 0.18 }));
    svg.append(el("rect", { x: x(period) - bw / 2, y: y(0), width: bw, height: hf, fill: "#b3261e", opacity: 0.18 }));
  }
  // Lines: mean Goldstein of the busiest dyads.
  const byDyad = {};
  for (const p of points) (byDyad[`${p.source || "?"}→${p.target || "?"}`] ||= []).push(p);
  const top = Object.entries(byDyad)
    .sort((a, b) => b[1].reduce((s, p) => s + p.mentions, 0) - a[1].reduce((s, p) => s + p.mentions, 0))
    .slice(0, LINE_COLORS.length);
  top.forEach(([dyad, pts], i) => {
    pts.sort((a, b) => a.period.localeCompare(b.period));
    const color = LINE_COLORS[i];
    if (pts.length > 1) {
      svg.append(el("polyline", { points: pts.map((p) => `${x(p.period)},${y(p.mean_goldstein)}`).join(" "), fill: "none", stroke: color, "stroke-width": 2 }));
    }
    for (const p of pts) {
      const c = el("circle", { cx: x(p.period), cy: y(p.mean_goldstein), r: 3.5, fill: color });
      c.append(el("title", {}, `${dyad} ${p.period}: mean Goldstein ${p.mean_goldstein.toFixed(2)}, ${p.mentions} mentions`));
      svg.append(c);
    }
    const item = el("span");
    item.append(el("i", { style: `background:${color}` }), document.createTextNode(dyad));
    legend.append(item);
  });
  svg.append(el("text", { x: pad, y: H - 2, "font-size": 10 }, periods[0]), el("text", { x: W - pad - 60, y: H - 2, "font-size": 10 }, periods[periods.length - 1]));
}

function drawNetwork(dyads) {
  const svg = document.getElementById("network");
  clear(svg);
  const links = dyads.filter((d) => d.source && d.target).slice(0, 60);
  const weight = {};
  for (const d of links) {
    weight[d.source] = (weight[d.source] || 0) + d.mentions;
    weight[d.target] = (weight[d.target] || 0) + d.mentions;
  }
  const nodes = Object.keys(weight).sort((a, b) => weight[b] - weight[a]).slice(0, 24);
  if (!nodes.length) { svg.append(el("text", { x: 20, y: 40 }, "No coded dyads.")); return; }
  // The busiest actor in the middle, the others on a circle around it.
  const cx = 220, cy = 170, r = 130;
  const pos = { [nodes[0]]: [cx, cy] };
  const ring = nodes.slice(1);
  ring.forEach((n, i) => {
    const a = (2 * Math.PI * i) / ring.length - Math.PI / 2;
    pos[n] = [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });
  const maxM = Math.max(...links.map((d) => d.mentions));
  for (const d of links) {
    if (!pos[d.source] || !pos[d.target] || d.source === d.target) continue;
    const color = d.mean_goldstein < 0 ? "#b3261e" : "#1b7f3b";
    const line = el("line", {
      x1: pos[d.source][0], y1: pos[d.source][1], x2: pos[d.target][0], y2: pos[d.target][1],
      stroke: color, "stroke-opacity": 0.55, "stroke-width": 1 + (4 * d.mentions) / maxM,
    });
    line.append(el("title", {}, `${d.source} → ${d.target}: ${d.mentions} mentions, mean Goldstein ${d.mean_goldstein.toFixed(2)}`));
    svg.append(line);
  }
  for (const n of nodes) {
    const g = el("g", { class: "node" });
    g.append(el("circle", { cx: pos[n][0], cy: pos[n][1], r: 4 + Math.sqrt(weight[n]), fill: "#2f6fde", "fill-opacity": 0.8 }));
    g.append(el("text", { x: pos[n][0] + 7, y: pos[n][1] - 6 }, n));
    g.addEventListener("click", () => {
      document.querySelector("input[name=actor]").value = n;
      refresh();
    });
    svg.append(g);
  }
}

let land = null;

// Minimal TopoJSON decoding: delta-encoded, quantized arcs into polygon rings.
function topoRings(topo) {
  const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
  const arcs = topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
  const ring = (idx) => idx.flatMap((i, k) => {
    const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    return k ? a.slice(1) : a;
  });
  const rings = [];
  const walk = (geom) => {
    if (geom.type === "GeometryCollection") geom.geometries.forEach(walk);
    else if (geom.type === "Polygon") geom.arcs.forEach((r) => rings.push(ring(r)));
    else if (geom.type === "MultiPolygon") geom.arcs.forEach((p) => p.forEach((r) => rings.push(ring(r))));
  };
  Object.values(topo.objects).forEach(walk);
  return rings;
}

async function drawMap(rows) {
  const svg = document.getElementById("map");
  clear(svg);
  const W = 440, H = 230;
  const px = (lon) => ((lon + 180) / 360) * W, py = (lat) => ((90 - lat) / 180) * H * 1.0;
  if (!land) {
    try { land = topoRings(await getJSON("/assets/land-110m.json")); } catch { land = []; }
  }
  const d = land.map((r) => "M" + r.map(([lon, lat]) => `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join("L") + "Z").join("");
  svg.append(el("path", { d, class: "land" }));
  const seen = {};
  for (const e of rows) {
    if (e.place_lat == null || e.place_lon == null) continue;
    const key = `${e.place_lat},${e.place_lon}`;
    const s = (seen[key] ||= { e, n: 0 });
    s.n += 1;
  }
  for (const { e, n } of Object.values(seen)) {
    const c = el("circle", { cx: px(e.place_lon), cy: py(e.place_lat), r: 2.5 + Math.sqrt(n), fill: QUAD_COLORS[e.quad_class] || "#555", "fill-opacity": 0.75, stroke: "#fff", "stroke-width": 0.5 });
    c.append(el("title", {}, `${e.place_name}: ${n} events`));
    svg.append(c);
  }
}

function init() {
  const root = document.querySelector("select[name=root]");
  for (const [code, name] of Object.entries(CAMEO_ROOTS)) root.append(el("option", { value: code }, `${code} ${name}`));
  document.getElementById("filters").addEventListener("submit", (ev) => { ev.preventDefault(); refresh(); });
  refresh();
}

init();
