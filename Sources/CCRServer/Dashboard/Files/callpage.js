"use strict";
/**
 * The call page (#/calls/ID): one call's timeline drawn as SVG (each leg's speech, dead air,
 * overtalk, window scores, alerts, network quality), its explained score, the transcript with
 * the phrases and script steps heard, and the supervisor's validation (confirm or correct,
 * overall or criterion by criterion). A live call updates in place from the live channel.
 */
(() => {
  const { $, h, num, t, api, fmtScore, fmtNum, scoreClass, fmtMedia, fmtDateTime, scoreBadge } = ccrd;

  /** The timeline's geometry, in SVG units (the picture scales to the page's width). */
  const G = Object.freeze({ width: 1000, left: 96, right: 12, top: 20, lane: 14, gap: 6, scoreTop: 128, scoreHeight: 76, networkTop: 214, height: 240 });
  const LANES = [
    { kind: "agent-speech", label: "Agent speech", y: G.top },
    { kind: "customer-speech", label: "Customer speech", y: G.top + (G.lane + G.gap) },
    { kind: "dead-air", label: "Dead air", y: G.top + 2 * (G.lane + G.gap) },
    { kind: "overtalk", label: "Overtalk", y: G.top + 3 * (G.lane + G.gap) },
    { kind: "alerts", label: "Alerts", y: G.top + 4 * (G.lane + G.gap) },
  ];

  const page = { callId: null, data: null, generation: 0, stopListening: null, liveWindows: [], liveAlerts: new Map(), refetchTimer: null };

  function view() { return $("#call-view"); }

  /** Shows call `callId`: reads it, draws it, follows it while it is live. */
  async function show(callId) {
    hide();
    const generation = ++page.generation;
    page.callId = callId;
    const root = view();
    root.dataset.callId = callId;
    root.dataset.state = "loading";
    root.replaceChildren(h("section", { class: "panel" }, h("h2", {}, t("Call {id}", { id: callId })), h("p", { class: "empty" }, t("Loading…"))));
    page.stopListening = window.ccrdLive ? window.ccrdLive.listen((msg) => onLive(msg)) : null;
    await load(generation);
  }

  function hide() {
    page.generation += 1;
    if (page.stopListening) page.stopListening();
    page.stopListening = null;
    clearTimeout(page.refetchTimer);
    page.data = null;
    page.liveWindows = [];
    page.liveAlerts = new Map();
  }

  async function load(generation) {
    const root = view();
    let data;
    try {
      data = await api(`/v1/calls/${encodeURIComponent(page.callId)}`);
    } catch (error) {
      if (generation !== page.generation) return;
      root.dataset.state = error.status === 404 ? "not-found" : "error";
      const message = error.status === 404 ? t("No such call, or not a call of your teams.") : t("The call could not be read: {message}", { message: error.message });
      root.replaceChildren(h("section", { class: "panel" }, h("h2", {}, t("Call {id}", { id: page.callId })),
        h("p", { class: "error", role: "alert", id: "call-error" }, message), h("p", {}, h("a", { href: "#/calls" }, t("Back to the calls")))));
      return;
    }
    if (generation !== page.generation) return;
    page.data = data;
    page.liveWindows = [];
    page.liveAlerts = new Map();
    render();
  }

  /** A live event about this call: windows and alerts are drawn at once; at its end the stored call is read again. */
  function onLive(msg) {
    if (!page.data || msg.type !== "event" || msg.callId !== page.callId) return;
    const ev = msg.event || {};
    switch (ev.type) {
      case "window.scored": {
        const w = ev.window || {};
        const metrics = w.window || {};
        page.liveWindows.push({ to: num(metrics.to), score: num(w.score && w.score.score), mos: num(metrics.mos), explained: w.score || null,
                                from: num(metrics.from) });
        scheduleRender();
        break;
      }
      case "alert.raised": case "alert.cleared":
        if (ev.alert && ev.alert.id) { page.liveAlerts.set(ev.alert.id, ev.alert); scheduleRender(); }
        break;
      case "call.ended": case "call.phrases":
        clearTimeout(page.refetchTimer);
        page.refetchTimer = setTimeout(() => load(page.generation), 500);
        break;
      default: break;
    }
  }

  let renderQueued = false;
  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(() => { renderQueued = false; if (page.data) render(); }, 200);
  }

  // ---------- what the page draws from ----------
  function isLive(data) { return Boolean(data.live && data.live.state === "live") || (data.call && data.call.state === "live" && data.live); }

  function callInfo(data) {
    const c = data.call || {};
    const live = data.live || {};
    return {
      id: c.id || live.callId || page.callId, agentId: c.agentId || live.agentId, team: c.team ?? live.team ?? null,
      state: isLive(data) ? "live" : c.state || live.state || "ended", startedAt: c.startedAt || live.startedAt,
      durationSeconds: num(c.durationSeconds) ?? num(live.durationSeconds), mediaSeconds: num(c.mediaSeconds) ?? num(live.analysis && live.analysis.mediaSeconds),
      score: num(c.score), scoreDetail: c.scoreDetail || null, endReason: c.endReason || live.endReason || null,
    };
  }

  /** Window points {from, to, score, mos}: the stored timeline, then what the analysis and live events add. */
  function windows(data) {
    const points = (data.timeline || []).map((w) => ({ from: num(w.fromSeconds), to: num(w.toSeconds), score: num(w.score), mos: num(w.mos) }));
    let last = points.length ? points[points.length - 1].to : -1;
    const analysis = data.live && data.live.analysis;
    for (const p of (analysis && analysis.scoreTimeline) || []) {
      if (num(p.to) !== null && p.to > last) { points.push({ from: null, to: p.to, score: num(p.score), mos: null }); last = p.to; }
    }
    for (const p of page.liveWindows) if (p.to !== null && p.to > last) { points.push(p); last = p.to; }
    return points;
  }

  function alerts(data) {
    const byId = new Map();
    for (const a of data.alerts || []) byId.set(a.id, a);
    const analysis = data.live && data.live.analysis;
    for (const a of (analysis && analysis.alerts) || []) if (!byId.has(a.id)) byId.set(a.id, a);
    for (const [id, a] of page.liveAlerts) byId.set(id, { ...(byId.get(id) || {}), ...a });
    return [...byId.values()].sort((a, b) => (num(a.raisedAt) ?? 0) - (num(b.raisedAt) ?? 0));
  }

  /** The explained score to show: the final one, or the last window's while the call is live. */
  function explained(data) {
    const info = callInfo(data);
    if (info.state !== "live" && info.scoreDetail) return { title: t("Final score, explained"), score: info.score, criteria: info.scoreDetail, final: true };
    const lastLive = page.liveWindows.length ? page.liveWindows[page.liveWindows.length - 1].explained : null;
    const analysis = data.live && data.live.analysis;
    const last = lastLive || (analysis && analysis.lastWindow && analysis.lastWindow.score);
    if (last && Array.isArray(last.criteria)) return { title: t("Last window, explained"), score: num(last.score), criteria: last.criteria, final: false };
    if (info.scoreDetail) return { title: t("Score so far, explained"), score: info.score, criteria: info.scoreDetail, final: false };
    return null;
  }

  // ---------- rendering ----------
  function render() {
    const data = page.data;
    const info = callInfo(data);
    const root = view();
    root.dataset.state = info.state;
    const reviews = data.reviews || [];
    const latest = reviews.length ? reviews[reviews.length - 1] : null;
    const header = h("section", { class: "panel call-head" },
      h("div", { class: "call-title" },
        h("h2", {}, t("Call {id}", { id: info.id })),
        h("span", { class: `state-pill state-${info.state}` }, t(info.state)),
        h("a", { href: "#/calls", class: "back" }, t("Back to the calls"))),
      h("dl", { class: "facts" },
        fact(t("Agent"), info.agentId ? h("a", { href: `#/agents/${encodeURIComponent(info.agentId)}` }, info.agentId) : "—"),
        fact(t("Team"), info.team ?? "—"),
        fact(t("Started"), fmtDateTime(info.startedAt)),
        fact(t("Duration"), fmtMedia(info.durationSeconds ?? info.mediaSeconds)),
        fact(t("Machine score"), scoreBadge(info.score, { id: "machine-score", "data-score": info.score ?? "" })),
        fact(t("Human score"), latest ? h("span", {}, scoreBadge(latest.score, { id: "human-score", "data-score": latest.score }), " ",
          h("span", { class: "muted" }, t(latest.verdict || "reviewed"))) : h("span", { class: "muted", id: "human-score", "data-score": "" }, t("not validated yet"))),
        fact(t("Validated by"), latest ? `${latest.reviewer} · ${fmtDateTime(latest.reviewedAt)}` : "—"),
        fact(t("Categories"), ((data.whatWasSaid && data.whatWasSaid.categories) || []).map((c) => c.category).join(", ") || "—")));
    const timelinePanel = h("section", { class: "panel timeline-panel", "aria-labelledby": "timeline-heading" },
      h("h2", { id: "timeline-heading" }, t("Timeline")), timeline(data, info),
      info.state === "live" ? h("p", { class: "muted note" }, t("Live: windows and alerts are drawn as they come; speech bands appear when the call ends.")) : null);
    const score = scorePanel(data, info);
    const said = transcriptPanel(data);
    // A form the supervisor has started filling in stays as it is while the rest is redrawn
    // (alerts on the call's last words and its phrases come after it has ended).
    const filling = $("#review-form[data-dirty='true']");
    const review = filling && filling.dataset.callId === page.callId ? filling.closest("#review-panel") : reviewPanel(data, info);
    root.replaceChildren(header, timelinePanel, h("div", { class: "call-columns" }, h("div", { class: "col" }, score, review), h("div", { class: "col" }, said, alertPanel(data))));
  }

  function fact(label, value) { return h("div", {}, h("dt", {}, label), h("dd", {}, value)); }

  /** The timeline picture; every mark carries its seconds (`data-start`, `data-end`) for a reader and for tests. */
  function timeline(data, info) {
    const activity = data.activity || null;
    const points = windows(data);
    const marks = alerts(data);
    const spanEnd = (list) => (list || []).reduce((m, s) => Math.max(m, (num(s.start) ?? 0) + (num(s.length) ?? 0)), 0);
    const duration = Math.max(1, info.mediaSeconds ?? 0, points.length ? points[points.length - 1].to : 0,
      activity ? Math.max(spanEnd(activity.agentSpeech), spanEnd(activity.customerSpeech), spanEnd(activity.deadAir), spanEnd(activity.overtalk)) : 0,
      marks.reduce((m, a) => Math.max(m, num(a.clearedAt) ?? num(a.raisedAt) ?? 0), 0));
    const scale = (G.width - G.left - G.right) / duration;
    const x = (sec) => G.left + Math.max(0, Math.min(duration, sec)) * scale;
    const svg = h("svg:svg", { id: "call-timeline", viewBox: `0 0 ${G.width} ${G.height}`, role: "img", "data-duration": duration,
                               "data-left": G.left, "data-scale": scale, "aria-labelledby": "timeline-title timeline-desc" });
    svg.append(h("svg:title", { id: "timeline-title" }, t("Timeline of call {id}", { id: info.id })));
    svg.append(h("svg:desc", { id: "timeline-desc" }, t("{duration} of call; {deadAir} dead air spans; {alerts} alerts", {
      duration: fmtMedia(duration), deadAir: activity ? activity.deadAir.length : 0, alerts: marks.length })));
    // Time axis: a tick every "nice" step.
    const step = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600].find((s) => duration / s <= 12) || 7200;
    for (let s = 0; s <= duration + 1e-9; s += step) {
      svg.append(h("svg:line", { class: "tick", x1: x(s), x2: x(s), y1: G.top - 4, y2: G.networkTop + 12 }));
      svg.append(h("svg:text", { class: "tick-label", x: x(s), y: G.top - 7, "text-anchor": "middle" }, fmtMedia(s)));
    }
    for (const lane of LANES) {
      svg.append(h("svg:rect", { class: "lane", x: G.left, y: lane.y, width: G.width - G.left - G.right, height: G.lane }));
      svg.append(h("svg:text", { class: "lane-label", x: G.left - 6, y: lane.y + G.lane - 3, "text-anchor": "end" }, t(lane.label)));
    }
    const laneY = (kind) => LANES.find((l) => l.kind === kind).y;
    const band = (kind, span, what) => {
      const start = num(span.start) ?? 0, length = num(span.length) ?? 0;
      const rect = h("svg:rect", { class: `band ${kind}`, x: x(start).toFixed(2), y: laneY(kind), width: Math.max(1, length * scale).toFixed(2),
                                   height: G.lane, "data-start": start, "data-end": start + length });
      rect.append(h("svg:title", {}, `${what}: ${fmtMedia(start)}–${fmtMedia(start + length)} (${fmtNum(length)} s)`));
      svg.append(rect);
    };
    if (activity) {
      for (const s of activity.agentSpeech || []) band("agent-speech", s, t("Agent speech"));
      for (const s of activity.customerSpeech || []) band("customer-speech", s, t("Customer speech"));
      for (const s of activity.deadAir || []) band("dead-air", s, t("Dead air"));
      for (const s of activity.overtalk || []) band("overtalk", s, t("Overtalk"));
    }
    // Alerts: a marker where raised, a bar to where cleared.
    for (const a of marks) {
      const raised = num(a.raisedAt) ?? 0, cleared = num(a.clearedAt);
      const sev = ["critical", "warning", "info"].includes(a.severity) ? a.severity : "info";
      const y = laneY("alerts");
      const group = h("svg:g", { class: `alert-mark sev-${sev}`, "data-rule": a.rule ?? "", "data-start": raised, "data-end": cleared ?? "" });
      if (cleared !== null) group.append(h("svg:rect", { x: x(raised), y: y + 4, width: Math.max(1, (cleared - raised) * scale), height: G.lane - 8 }));
      group.append(h("svg:path", { d: `M ${x(raised).toFixed(2)} ${y} l 5 ${G.lane} l -10 0 z` }));
      group.append(h("svg:title", {}, `${a.rule ?? "alert"} (${t(sev)}): ${a.condition ?? ""} · ${fmtMedia(raised)}${cleared !== null ? "–" + fmtMedia(cleared) : ""}`));
      svg.append(group);
    }
    // Window scores as a line over 0…100 with the 80 and 50 marks.
    const yScore = (v) => G.scoreTop + G.scoreHeight * (1 - Math.min(100, Math.max(0, v)) / 100);
    svg.append(h("svg:text", { class: "lane-label", x: G.left - 6, y: G.scoreTop + 10, "text-anchor": "end" }, t("Window score")));
    for (const ref of [100, 80, 50, 0]) {
      svg.append(h("svg:line", { class: `ref ref-${ref}`, x1: G.left, x2: G.width - G.right, y1: yScore(ref), y2: yScore(ref) }));
      svg.append(h("svg:text", { class: "tick-label", x: G.left + 3, y: yScore(ref) - 2 }, String(ref)));
    }
    const scored = points.filter((p) => p.score !== null && p.to !== null);
    if (scored.length) {
      svg.append(h("svg:polyline", { class: "score-line", points: scored.map((p) => `${x(p.to).toFixed(2)},${yScore(p.score).toFixed(2)}`).join(" ") }));
      for (const p of scored) {
        const dot = h("svg:circle", { class: `score-dot ${scoreClass(p.score)}`, cx: x(p.to).toFixed(2), cy: yScore(p.score).toFixed(2), r: 3, "data-end": p.to, "data-score": p.score });
        dot.append(h("svg:title", {}, `${fmtMedia(p.to)}: ${fmtScore(p.score)}`));
        svg.append(dot);
      }
    }
    // Network quality: each window's estimated MOS.
    svg.append(h("svg:text", { class: "lane-label", x: G.left - 6, y: G.networkTop + 10, "text-anchor": "end" }, t("Network (MOS)")));
    let previous = 0;
    for (const p of points) {
      if (p.to === null) continue;
      const from = p.from !== null && p.from !== undefined ? Math.max(previous, p.from) : previous;
      if (p.mos !== null && p.mos !== undefined && p.to > from) {
        const quality = p.mos >= 4 ? "good" : p.mos >= 3.6 ? "fair" : "poor";
        const rect = h("svg:rect", { class: `network network-${quality}`, x: x(from).toFixed(2), y: G.networkTop, width: Math.max(1, (p.to - from) * scale).toFixed(2),
                                     height: 12, "data-start": from, "data-end": p.to, "data-mos": p.mos });
        rect.append(h("svg:title", {}, `MOS ${fmtNum(p.mos)} · ${fmtMedia(from)}–${fmtMedia(p.to)}`));
        svg.append(rect);
      }
      previous = Math.max(previous, p.to);
    }
    svg.append(h("svg:line", { class: "cursor", id: "timeline-cursor", x1: G.left, x2: G.left, y1: G.top, y2: G.networkTop + 12, visibility: "hidden" }));
    const legend = h("p", { class: "legend" },
      ...[["agent-speech", "Agent speech"], ["customer-speech", "Customer speech"], ["dead-air", "Dead air"], ["overtalk", "Overtalk"],
          ["sev-critical", "Critical alert"], ["sev-warning", "Warning"], ["network-poor", "Poor network"]]
        .map(([cls, label]) => h("span", {}, h("span", { class: `key ${cls}`, "aria-hidden": "true" }), t(label))));
    return h("figure", { class: "call-timeline" }, svg, legend);
  }

  function scorePanel(data, info) {
    const e = explained(data);
    const panel = h("section", { class: "panel", id: "score-panel", "aria-labelledby": "score-heading" });
    if (!e) return (panel.append(h("h2", { id: "score-heading" }, t("Score")), h("p", { class: "empty" }, t("No window scored yet."))), panel);
    const reviews = data.reviews || [];
    const latest = reviews.length ? reviews[reviews.length - 1] : null;
    const corrected = new Map(((latest && latest.criteria) || []).map((c) => [c.name, c]));
    panel.append(h("h2", { id: "score-heading" }, e.title, " ", scoreBadge(e.score)));
    const rows = e.criteria.map((c) => h("tr", { class: `criterion${c.pointsLost > 0 ? " lost-some" : ""}`, "data-metric": c.metric, "data-name": c.name },
      h("th", { scope: "row" }, c.name, " ", h("span", { class: "metric" }, c.metric)),
      num(c.value) === null ? h("td", { class: "not-measured" }, t("not measured")) : h("td", { class: "num" }, fmtNum(c.value)),
      h("td", { class: "num" }, c.target ?? "—"),
      h("td", { class: "lost num" }, num(c.pointsLost) ? `−${fmtNum(c.pointsLost)}` : "0"),
      e.final ? h("td", { class: "human num" }, corrected.has(c.name) ? `−${fmtNum(corrected.get(c.name).pointsLost)}` : "") : null));
    panel.append(h("table", { class: "criteria" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("Criterion")), h("th", { scope: "col" }, t("Value")), h("th", { scope: "col" }, t("Target")),
        h("th", { scope: "col" }, t("Points lost")), e.final ? h("th", { scope: "col" }, t("Supervisor")) : null)),
      h("tbody", {}, rows)));
    const summary = data.call && data.call.summary;
    if (e.final && summary && summary.note) panel.append(h("p", { class: "muted" }, summary.note));
    return panel;
  }

  /** Validation: the reviews so far, and (for an ended call) the form to confirm or correct. */
  function reviewPanel(data, info) {
    const panel = h("section", { class: "panel", id: "review-panel", "aria-labelledby": "review-heading" }, h("h2", { id: "review-heading" }, t("Validation")));
    const reviews = data.reviews || [];
    if (reviews.length) {
      panel.append(h("ol", { class: "reviews" }, reviews.map((r) => h("li", { "data-verdict": r.verdict || "", "data-score": r.score },
        h("strong", {}, t(r.verdict || "reviewed")), " — ", t("machine {ai}, supervisor {human}", { ai: fmtScore(r.aiScore), human: fmtScore(r.score) }),
        h("span", { class: "muted" }, ` · ${r.reviewer} · ${fmtDateTime(r.reviewedAt)}`),
        (r.criteria || []).length ? h("ul", { class: "corrections" }, r.criteria.map((c) => h("li", {},
          t("{name}: −{machine} by the machine, −{human} by the supervisor", { name: c.name, machine: fmtNum(c.machinePointsLost), human: fmtNum(c.pointsLost) })))) : null,
        r.comment ? h("blockquote", {}, r.comment) : null))));
    }
    if (info.state === "live") {
      panel.append(h("p", { class: "muted" }, t("A call can be validated once it has ended.")));
      return panel;
    }
    const e = explained(data);
    const criteria = (e && e.final && e.criteria) || [];
    const form = h("form", { id: "review-form", class: "review-form", "data-call-id": page.callId },
      h("fieldset", {}, h("legend", {}, t("The machine's score is")),
        h("label", {}, h("input", { type: "radio", name: "verdict", value: "confirmed", checked: true }), " ", t("right: confirm it")),
        h("label", {}, h("input", { type: "radio", name: "verdict", value: "corrected" }), " ", t("wrong: correct it"))),
      h("div", { class: "correction", hidden: true },
        h("label", {}, t("Overall score (0–100, leave empty to count from the criteria)"), " ",
          h("input", { type: "number", name: "score", min: 0, max: 100, step: "0.1", id: "review-score" })),
        criteria.length ? h("table", { class: "criteria corrections-table" },
          h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("Criterion")), h("th", { scope: "col" }, t("Machine: points lost")), h("th", { scope: "col" }, t("Supervisor: points lost")))),
          h("tbody", {}, criteria.map((c, i) => h("tr", {},
            h("th", { scope: "row" }, h("label", { for: `criterion-${i}` }, c.name)),
            h("td", { class: "num" }, fmtNum(c.pointsLost)),
            h("td", {}, h("input", { type: "number", min: 0, max: 100, step: "0.1", id: `criterion-${i}`, "data-criterion": c.name,
                                     "data-machine": c.pointsLost, placeholder: fmtNum(c.pointsLost) })))))) : null),
      h("label", { class: "comment" }, t("Comment"), h("textarea", { name: "comment", maxlength: 4000, rows: 3, id: "review-comment" })),
      h("div", { class: "form-actions" }, h("button", { type: "submit", id: "review-submit" }, t("Validate")),
        h("span", { id: "review-message", role: "status", "aria-live": "polite" })));
    form.addEventListener("input", () => { form.dataset.dirty = "true"; });
    form.addEventListener("change", () => {
      form.dataset.dirty = "true";
      form.querySelector(".correction").hidden = form.querySelector("input[name=verdict]:checked").value !== "corrected";
    });
    form.addEventListener("submit", (event) => { event.preventDefault(); submitReview(form); });
    panel.append(form);
    return panel;
  }

  async function submitReview(form) {
    const message = form.querySelector("#review-message");
    const verdict = form.querySelector("input[name=verdict]:checked").value;
    const body = { verdict };
    const comment = form.querySelector("textarea[name=comment]").value.trim();
    if (comment) body.comment = comment;
    if (verdict === "corrected") {
      const score = form.querySelector("input[name=score]").value;
      if (score !== "") body.score = Number(score);
      const criteria = [];
      for (const input of form.querySelectorAll("input[data-criterion]")) {
        if (input.value === "") continue;
        criteria.push({ criterion: input.dataset.criterion, pointsLost: Number(input.value) });
      }
      if (criteria.length) body.criteria = criteria;
    }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    message.className = "";
    message.textContent = t("Saving…");
    try {
      await api(`/v1/calls/${encodeURIComponent(page.callId)}/review`, { method: "POST", body });
      message.textContent = t("Validated.");
      form.dataset.dirty = "false";
      await load(page.generation);
      const after = $("#review-message");
      if (after) { after.textContent = t("Validated."); after.dataset.done = "true"; }
    } catch (error) {
      message.className = "error";
      message.textContent = error.message;
      button.disabled = false;
    }
  }

  /** The transcript, with phrases heard marked on their lines, and the script's steps. */
  function transcriptPanel(data) {
    const panel = h("section", { class: "panel transcript-panel", "aria-labelledby": "transcript-heading" }, h("h2", { id: "transcript-heading" }, t("What was said")));
    const said = data.whatWasSaid;
    if (said && (said.steps || []).length) {
      panel.append(h("h3", {}, t("Script"), said.adherence !== null && said.adherence !== undefined ? ` — ${t("adherence {percent} %", { percent: Math.round(said.adherence * 100) })}` : ""));
      panel.append(h("ol", { class: "script-steps" }, said.steps.map((s) => h("li", { class: `step step-${s.status}`, "data-step": s.step, "data-status": s.status },
        h("span", { class: "step-name" }, s.step), " ", h("span", { class: "tag" }, t(s.status)), num(s.at) !== null ? h("span", { class: "muted" }, ` ${fmtMedia(s.at)}`) : null))));
    }
    const segments = data.transcript || [];
    const phrases = data.phrases || [];
    if (!segments.length) {
      const coverage = data.transcription;
      panel.append(h("p", { class: "empty" }, coverage ? t("Transcription in progress or nothing was said.") : t("No transcript for this call (transcription off, or its retention is over).")));
      return panel;
    }
    const list = h("ol", { class: "transcript", id: "transcript" });
    for (const seg of segments) {
      const marks = phrases.filter((p) => p.leg === seg.leg && p.start < seg.end + 0.5 && p.end > seg.start - 0.5);
      list.append(h("li", { class: `utterance leg-${seg.leg}${marks.length ? " has-phrase" : ""}`, "data-start": seg.start, "data-end": seg.end, tabindex: 0 },
        h("span", { class: "who" }, t(seg.leg === "agent" ? "Agent" : "Customer")), " ",
        h("time", { class: "muted" }, fmtMedia(seg.start)), " ",
        h("span", { class: "text" }, seg.text),
        marks.map((p) => h("mark", { class: `phrase phrase-${p.set}`, "data-phrase": p.phrase, title: `${t(p.set)} · ${fmtNum(p.confidence)}` }, `${t(p.set)}: ${p.phrase}`))));
    }
    list.addEventListener("click", (event) => {
      const li = event.target.closest("li[data-start]");
      if (li) pointAt(Number(li.dataset.start));
    });
    list.addEventListener("keydown", (event) => {
      const li = event.target.closest("li[data-start]");
      if (li && (event.key === "Enter" || event.key === " ")) { event.preventDefault(); pointAt(Number(li.dataset.start)); }
    });
    panel.append(list);
    return panel;
  }

  /** Moves the timeline's cursor to `seconds`. */
  function pointAt(seconds) {
    const svg = $("#call-timeline");
    const cursor = $("#timeline-cursor");
    if (!svg || !cursor) return;
    const px = Number(svg.dataset.left) + Math.max(0, Math.min(Number(svg.dataset.duration), seconds)) * Number(svg.dataset.scale);
    cursor.setAttribute("x1", px);
    cursor.setAttribute("x2", px);
    cursor.setAttribute("visibility", "visible");
  }

  function alertPanel(data) {
    const list = alerts(data);
    return h("section", { class: "panel", "aria-labelledby": "call-alerts-heading" }, h("h2", { id: "call-alerts-heading" }, t("Alerts")),
      list.length ? h("ul", { class: "open-alerts call-alerts" }, list.map((a) => h("li", { "data-rule": a.rule ?? "", "data-severity": a.severity ?? "" },
        h("span", { class: `sev sev-${a.severity}` }, t(a.severity || "info")), " ", h("strong", {}, a.rule ?? "alert"),
        ` — ${a.condition ?? ""}, ${t("value {raised}", { raised: fmtNum(a.value) })}, ${fmtMedia(a.raisedAt)}${num(a.clearedAt) !== null ? "–" + fmtMedia(a.clearedAt) : ""}`)))
        : h("p", { class: "empty" }, t("None.")));
  }

  window.ccrdCallPage = Object.freeze({ show, hide, rerender: () => { if (page.data) render(); } });
})();
