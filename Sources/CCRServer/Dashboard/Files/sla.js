"use strict";
(() => {
  // The service-level page: GET /v1/sla?month=YYYY-MM (admin token) drawn as a gauge, a
  // timeline of downtime, maintenance and incidents, and response times against the targets.
  const { TOKEN_KEY, $, h, store, takeFragmentToken, setStatus, num, pad2, parseTime } = ccrd;

  // Cut, never rounded up: 99.9999 reads 99.999, not 100.
  const fmtPercent = (v) => {
    if (num(v) === null) return "—";
    const digits = v >= 99.99 && v < 100 ? 3 : 2;
    return `${(Math.floor(v * 10 ** digits) / 10 ** digits).toFixed(digits)} %`;
  };
  const fmtMinutes = (v) => (num(v) === null ? "—" : v < 1 ? `${(v * 60).toFixed(1)} s` : v < 120 ? `${v.toFixed(1)} min` : `${(v / 60).toFixed(1)} h`);
  const fmtMs = (v) => (num(v) === null ? "—" : v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v)} ms`);
  // Dates in the contract's zone (the report's `zone`, e.g. Europe/Paris), else the browser's.
  let zone;
  const inZone = (options) => (zone ? { ...options, timeZone: zone } : options);
  const fmtWhen = (iso) => {
    const t = parseTime(iso);
    if (t === null) return "—";
    try {
      return new Date(t).toLocaleString(undefined, inZone({ day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hour12: false }));
    } catch { return new Date(t).toISOString().slice(0, 16).replace("T", " "); }
  };
  const fmtDay = (iso) => {
    const t = parseTime(iso);
    if (t === null) return "";
    try { return new Date(t).toLocaleDateString(undefined, inZone({ day: "numeric", month: "short" })); } catch { return new Date(t).toISOString().slice(0, 10); }
  };
  const verdict = (met) => (met === true ? h("span", { class: "met" }, "met") : met === false ? h("span", { class: "breached" }, "missed") : h("span", { class: "muted" }, "no data"));

  let token = null;

  const showLogin = (error) => ccrd.showLogin("#report", error);

  function currentMonth() {
    const d = new Date();
    return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}`;
  }

  async function load() {
    const month = $("#month-input").value || currentMonth();
    setStatus("loading");
    let response;
    try {
      response = await fetch(`/v1/sla?month=${encodeURIComponent(month)}`, { headers: { Authorization: "Bearer " + token }, cache: "no-store" });
    } catch {
      setStatus("unreachable", "ccrd did not answer");
      return;
    }
    if (response.status === 401 || response.status === 403) {
      store.remove(TOKEN_KEY);
      setStatus("token rejected", `HTTP ${response.status}`);
      showLogin(response.status === 403 ? "this page needs an admin token" : `token rejected (HTTP ${response.status})`);
      return;
    }
    let body = null;
    try { body = await response.json(); } catch { /* not JSON */ }
    if (!response.ok || !body) {
      setStatus("error", body && body.message ? body.message : `HTTP ${response.status}`);
      return;
    }
    $("#login").hidden = true;
    $("#report").hidden = false;
    $("#logout-button").hidden = false;
    render(body);
    setStatus("loaded", `report of ${body.month}${body.complete ? "" : " so far"}`);
  }

  // ---------- availability ----------
  /** A half-circle gauge from 95 % to 100 %, the target marked. */
  function gauge(percent, target, met) {
    const W = 240, H = 132, cx = 120, cy = 112, r = 96, low = 95;
    const angle = (p) => Math.PI * (1 - (Math.min(100, Math.max(low, p)) - low) / (100 - low));
    const point = (a, radius = r) => [cx + radius * Math.cos(a), cy - radius * Math.sin(a)];
    const arc = (from, to) => {
      const [x0, y0] = point(from), [x1, y1] = point(to);
      return `M ${x0.toFixed(1)} ${y0.toFixed(1)} A ${r} ${r} 0 0 1 ${x1.toFixed(1)} ${y1.toFixed(1)}`;
    };
    const svg = h("svg:svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": `availability ${fmtPercent(percent)}, target ${target} %` });
    svg.append(h("svg:path", { class: "track", d: arc(Math.PI, 0), fill: "none", "stroke-width": 16 }));
    if (num(percent) !== null) svg.append(h("svg:path", { class: "value", d: arc(Math.PI, angle(percent)), fill: "none", "stroke-width": 16 }));
    const [tx0, ty0] = point(angle(target), r - 12), [tx1, ty1] = point(angle(target), r + 12);
    svg.append(h("svg:line", { class: "target", x1: tx0.toFixed(1), y1: ty0.toFixed(1), x2: tx1.toFixed(1), y2: ty1.toFixed(1) }));
    svg.append(h("svg:text", { class: "percent", x: cx, y: cy - 16, "text-anchor": "middle" }, fmtPercent(percent)));
    svg.append(h("svg:text", { class: "caption", x: cx, y: cy + 8, "text-anchor": "middle" }, `target ${target} % · ${met === true ? "met" : met === false ? "missed" : "no data"}`));
    svg.append(h("svg:text", { class: "caption", x: cx - r, y: cy + 18, "text-anchor": "middle" }, `${low} %`));
    svg.append(h("svg:text", { class: "caption", x: cx + r, y: cy + 18, "text-anchor": "middle" }, "100 %"));
    return svg;
  }

  function fact(label, value, attrs = {}) { return h("div", {}, h("dt", {}, label), h("dd", attrs, value)); }

  function renderAvailability(report) {
    const a = report.availability || {};
    const figure = $("#gauge");
    figure.dataset.percent = num(a.availabilityPercent) === null ? "" : String(a.availabilityPercent);
    figure.dataset.met = String(a.met);
    figure.replaceChildren(gauge(a.availabilityPercent, num(a.targetPercent) ?? 99, a.met));
    const rolling = report.rolling30Days || {};
    $("#month-label").textContent = `${report.month}${report.complete ? "" : " (so far)"} · ${report.zone}`;
    $("#availability-facts").replaceChildren(
      fact("Downtime", fmtMinutes(a.downtimeMinutes), { id: "downtime" }),
      fact("Maintenance (excluded)", fmtMinutes(a.excludedMinutes)),
      fact("Counted", fmtMinutes(a.countedMinutes)),
      fact("Outages", String((report.outages || []).length), { id: "outage-count" }),
      fact("Rolling 30 days", fmtPercent(rolling.availabilityPercent), { id: "rolling" }),
      fact("Heartbeat", `${report.heartbeatIntervalSeconds} s`));
  }

  // ---------- timeline ----------
  function monthEnd(report) {
    const from = parseTime(report.availability.from);
    const [y, m] = String(report.month).split("-").map(Number);
    const offset = from - Date.UTC(y, m - 1, 1);
    return Date.UTC(y, m, 1) + offset;
  }

  function renderTimeline(report) {
    const W = 1200, LABEL = 96, LANE = 22, GAP = 8, TOP = 4;
    const start = parseTime(report.availability.from), end = monthEnd(report);
    const reportTime = parseTime(report.availability.to);
    const x = (t) => LABEL + ((Math.min(end, Math.max(start, t)) - start) / (end - start)) * (W - LABEL - 8);
    const lanes = ["ccrd down", "maintenance", "incidents"];
    const H = TOP + lanes.length * (LANE + GAP) + 18;
    const svg = h("svg:svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "downtime, maintenance and incidents over the month" });
    lanes.forEach((name, i) => {
      const y = TOP + i * (LANE + GAP);
      svg.append(h("svg:rect", { class: "lane", x: LABEL, y, width: W - LABEL - 8, height: LANE, rx: 3 }));
      svg.append(h("svg:text", { class: "lane-label", x: 0, y: y + LANE / 2 + 4 }, name));
    });
    const days = Math.round((end - start) / 86400000);
    for (let d = 0; d <= days; d++) {
      const t = start + d * 86400000, tx = x(t).toFixed(1);
      const bottom = TOP + lanes.length * (LANE + GAP) - GAP;
      svg.append(h("svg:line", { class: "tick", x1: tx, x2: tx, y1: bottom, y2: bottom + 4 }));
      if (d < days && (d % 5 === 0)) svg.append(h("svg:text", { class: "tick-label", x: (Number(tx) + 2).toFixed(1), y: bottom + 15 }, String(d + 1)));
    }
    const bar = (lane, cls, from, to, title, extra = {}) => {
      if (from === null || to === null || to < start || from > end) return;
      const x0 = x(from), x1 = Math.max(x(to), x0 + 2);
      svg.append(h("svg:rect", { class: cls, x: x0.toFixed(1), y: TOP + lane * (LANE + GAP) + 2, width: (x1 - x0).toFixed(1), height: LANE - 4, rx: 2, ...extra },
        h("svg:title", {}, title)));
    };
    for (const o of report.outages || []) {
      bar(0, "outage", parseTime(o.start), parseTime(o.end), `${o.cause === "crash" ? "crash or kill" : "stopped"}: ${fmtWhen(o.start)} – ${fmtWhen(o.end)} (${num(o.seconds) === null ? "?" : o.seconds.toFixed(1)} s)`,
        { "data-cause": o.cause });
    }
    for (const w of report.maintenance || []) {
      bar(1, "maintenance", parseTime(w.start), parseTime(w.end), `${w.kind} maintenance ${fmtWhen(w.start)} – ${fmtWhen(w.end)}${w.reason ? ": " + w.reason : ""}`);
    }
    for (const i of report.incidentList || []) {
      const cls = String(i.priority || "").toLowerCase();
      bar(2, ["p1", "p2", "p3"].includes(cls) ? cls : "p3", parseTime(i.openedAt), parseTime(i.closedAt) ?? reportTime,
        `${i.priority} ${i.component}: ${i.summary} (${i.outcome})`, { "data-incident-id": i.id ?? "" });
    }
    if (!report.complete && reportTime !== null) {
      const nx = x(reportTime).toFixed(1);
      svg.append(h("svg:line", { class: "now", x1: nx, x2: nx, y1: 0, y2: TOP + lanes.length * (LANE + GAP) - GAP }));
    }
    $("#timeline").replaceChildren(svg);
  }

  // ---------- latency ----------
  function renderLatency(report) {
    const l = report.latency || {};
    const row = (label, s, cls) => h("tr", { class: cls },
      h("td", {}, label), h("td", { class: "num" }, String(s.requests ?? 0)), h("td", { class: "num" }, fmtMs(s.p50Ms)),
      h("td", { class: "num" }, fmtMs(s.p98Ms), " ", verdict(s.p98Met)), h("td", { class: "num" }, fmtMs(s.p99Ms), " ", verdict(s.p99Met)));
    const rows = (l.periods || []).map((s) => row(`${fmtDay(s.from)} – ${fmtDay(s.to)}`, s, "period"));
    if (l.last7Days) rows.push(row("last 7 days", l.last7Days, "last-7-days"));
    $("#latency tbody").replaceChildren(...rows);
    const routes = (l.routes || []).slice().sort((a, b) => (b.p99Ms ?? 0) - (a.p99Ms ?? 0)).slice(0, 5);
    $("#routes tbody").replaceChildren(...routes.map((r) => h("tr", {},
      h("td", {}, h("code", {}, r.route)), h("td", { class: "num" }, String(r.requests)), h("td", { class: "num" }, fmtMs(r.p50Ms)),
      h("td", { class: "num" }, fmtMs(r.p98Ms)), h("td", { class: "num" }, fmtMs(r.p99Ms)))));
  }

  // ---------- incidents ----------
  function renderIncidents(report) {
    const f = report.incidents || {};
    $("#incident-summary").textContent = `${f.contract || ""} contract · ${num(f.withinTargetPercent) === null ? "none to judge" : fmtPercent(f.withinTargetPercent) + " in time"} (objective ${f.objectivePercent ?? "—"} %)`;
    $("#incident-figures tbody").replaceChildren(...(f.byPriority || []).map((p) => h("tr", { "data-priority": p.priority },
      h("td", {}, p.priority), h("td", {}, `${p.targetBusinessHours} business hours`), h("td", { class: "num" }, String(p.count)),
      h("td", { class: "num met" }, String(p.met)), h("td", { class: `num ${p.breached ? "breached" : ""}` }, String(p.breached)),
      h("td", { class: "num pending" }, String(p.pending)))));
    const list = report.incidentList || [];
    $("#incident-table tbody").replaceChildren(...list.map((i) => h("tr", { "data-incident-id": i.id ?? "" },
      h("td", { class: "num" }, String(i.id ?? "—")), h("td", {}, i.priority), h("td", {}, i.component, h("div", { class: "muted" }, i.summary)),
      h("td", {}, fmtWhen(i.openedAt)), h("td", {}, i.closedAt ? fmtWhen(i.closedAt) : "open"), h("td", {}, fmtWhen(i.deadline)),
      h("td", { class: i.outcome }, i.outcome))));
    $("#incident-table").hidden = list.length === 0;
    $("#incidents-empty").hidden = list.length > 0;
  }

  function render(report) {
    zone = undefined;
    try { if (typeof report.zone === "string") { new Intl.DateTimeFormat(undefined, { timeZone: report.zone }); zone = report.zone; } } catch { /* an offset such as +01:00: the browser's zone */ }
    renderAvailability(report);
    renderTimeline(report);
    renderLatency(report);
    renderIncidents(report);
  }

  // ---------- session ----------

  $("#login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const entered = $("#token-input").value.trim();
    if (!entered) { showLogin("enter a token"); return; }
    token = entered;
    store.set(TOKEN_KEY, token);
    load();
  });
  $("#logout-button").addEventListener("click", () => { store.remove(TOKEN_KEY); token = null; setStatus("signed out"); showLogin(); });
  $("#month-input").addEventListener("change", () => { if (token) load(); });
  $("#month-input").value = currentMonth();
  token = takeFragmentToken() || store.get(TOKEN_KEY);
  if (token) load(); else showLogin();
})();
