"use strict";
(() => {
  const { TOKEN_KEY, $, h, store, takeFragmentToken, setStatus, num, pad2, parseTime } = ccrd;
  const ACKED_KEY = "ccrd.acked", DISMISSED_KEY = "ccrd.dismissed";
  const TREND_LENGTH = 20, FEED_LIMIT = 300, ENDED_LINGER_MS = 30000;
  const BACKOFF_MIN_MS = 500, BACKOFF_MAX_MS = 10000, STABLE_MS = 5000;

  const state = {
    token: null, socket: null, generation: 0, retryTimer: null, backoff: BACKOFF_MIN_MS,
    lastSeq: 0, synced: false, resumeSince: null, clockOffset: 0,
    calls: new Map(), feed: [], selected: null, endTimers: new Map(),
    maintenance: new Map(), incidents: new Map(),
    acked: store.loadSet(ACKED_KEY), dismissed: store.loadSet(DISMISSED_KEY),
  };

  // ---------- formatting ----------
  const scoreOf = (v) => (v && typeof v === "object" ? num(v.score) : num(v));
  const fmtNum = (v) => (num(v) === null ? "—" : String(Math.round(v * 100) / 100));
  const fmtScore = (v) => (num(v) === null ? "—" : String(Math.round(v)));
  const scoreClass = (v) => (num(v) === null ? "" : v >= 80 ? "score-good" : v >= 50 ? "score-fair" : "score-poor");
  const fmtDuration = (ms) => { const s = Math.max(0, Math.floor(ms / 1000)); return `${pad2(Math.floor(s / 60))}:${pad2(s % 60)}`; };
  const fmtMedia = (sec) => { if (num(sec) === null) return "—"; const s = Math.floor(sec); return `${Math.floor(s / 60)}:${pad2(s % 60)}`; };
  const fmtClock = (iso) => { const d = new Date(iso); return Number.isNaN(d.getTime()) ? "" : `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`; };
  const serverNow = () => Date.now() + state.clockOffset;
  const SEVERITY_RANK = { info: 1, warning: 2, critical: 3 };
  const SOURCE_NAMES = { rtp: "RTP", pulse: "PulseAudio" };
  const severityOf = (s) => (SEVERITY_RANK[s] ? s : "info");

  // ---------- status, banner, login ----------

  function showBanner(kind, text) {
    const banner = $("#banner");
    banner.dataset.kind = kind;
    $("#banner-text").textContent = text;
    banner.hidden = false;
  }

  function hideBanner() {
    $("#banner").hidden = true;
    $("#banner").dataset.kind = "";
  }

  const showLogin = (error) => ccrd.showLogin("#board", error);

  function showBoard() {
    $("#login").hidden = true;
    $("#board").hidden = false;
    $("#logout-button").hidden = false;
  }

  // ---------- session and connection ----------
  function resetBoard() {
    for (const timer of state.endTimers.values()) clearTimeout(timer);
    state.endTimers.clear();
    state.calls.clear();
    state.maintenance.clear();
    state.incidents.clear();
    state.feed = [];
    state.selected = null;
    state.lastSeq = 0;
    state.synced = false;
    state.resumeSince = null;
    feedNodes.clear();
    rowNodes.clear();
    $("#alerts").replaceChildren();
    $("#calls tbody").replaceChildren();
    render();
  }

  function closeSocket() {
    const socket = state.socket;
    state.socket = null;
    if (socket) { try { socket.close(1000, "client closing"); } catch { /* already closed */ } }
  }

  function stopSession() {
    state.generation += 1;
    clearTimeout(state.retryTimer);
    state.retryTimer = null;
    closeSocket();
  }

  function startSession(token) {
    stopSession();
    state.token = token;
    state.backoff = BACKOFF_MIN_MS;
    hideBanner();
    resetBoard();
    showBoard();
    setStatus("connecting");
    connect();
  }

  function logout() {
    stopSession();
    $("#sla-link").hidden = true;
    store.remove(TOKEN_KEY);
    state.token = null;
    hideBanner();
    resetBoard();
    setStatus("signed out");
    showLogin();
  }

  function rejectToken(httpStatus) {
    stopSession();
    store.remove(TOKEN_KEY);
    state.token = null;
    resetBoard();
    setStatus("token rejected", `HTTP ${httpStatus}`);
    showLogin(`token rejected (HTTP ${httpStatus})`);
  }

  /** Checks the token over HTTP (a WebSocket cannot tell a 401 apart), then opens the live socket. */
  async function connect() {
    const generation = state.generation;
    let response = null;
    try {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), 10000);
      response = await fetch("/v1/calls?state=live", { headers: { Authorization: "Bearer " + state.token }, cache: "no-store", signal: abort.signal });
      clearTimeout(timer);
    } catch { /* server unreachable: the socket will fail too and we back off */ }
    if (generation !== state.generation) return;
    if (response && (response.status === 401 || response.status === 403)) return rejectToken(response.status);
    if (response && response.status === 429) {
      // Too many failed sign-ins from this address: wait as long as the server says.
      const wait = Number(response.headers.get("Retry-After")) || 10;
      showBanner("error", `Too many failed sign-ins from this address: retrying in ${wait} s`);
      return scheduleReconnect(generation, wait * 1000);
    }
    openSocket(generation);
  }

  function openSocket(generation) {
    const since = state.resumeSince !== null ? state.resumeSince : state.synced ? state.lastSeq : null;
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    let url = `${scheme}//${location.host}/v1/live?access_token=${encodeURIComponent(state.token)}`;
    if (since !== null) url += `&since=${since}`;
    let socket;
    try { socket = new WebSocket(url); } catch { return scheduleReconnect(generation); }
    state.socket = socket;
    let openedAt = null;
    socket.onopen = () => {
      if (socket !== state.socket) return;
      openedAt = Date.now();
      state.resumeSince = null;
      setStatus("live", since !== null ? `resumed after seq ${since}` : "");
    };
    socket.onmessage = (message) => {
      if (socket !== state.socket) return;
      let data;
      try { data = JSON.parse(message.data); } catch { return console.warn("ccrd: unreadable live message"); }
      handleMessage(data);
    };
    socket.onclose = (event) => {
      if (socket !== state.socket) return;
      state.socket = null;
      if (openedAt !== null && Date.now() - openedAt >= STABLE_MS) state.backoff = BACKOFF_MIN_MS;
      console.info(`ccrd: live socket closed (code ${event.code})`);
      scheduleReconnect(generation);
    };
  }

  function scheduleReconnect(generation, atLeastMs = 0) {
    if (generation !== state.generation) return;
    const delay = Math.max(state.backoff, atLeastMs);
    state.backoff = Math.min(state.backoff * 2, BACKOFF_MAX_MS);
    setStatus("reconnecting", `retrying in ${(delay / 1000).toFixed(1)} s`);
    clearTimeout(state.retryTimer);
    state.retryTimer = setTimeout(() => { if (generation === state.generation) connect(); }, delay);
  }

  /** Closes the socket on purpose and reconnects at once (after `dropped`). */
  function reconnectNow(since) {
    stopSession();
    state.resumeSince = since;
    setStatus("reconnecting");
    connect();
  }

  // ---------- protocol ----------
  function handleMessage(msg) {
    const time = parseTime(msg.serverTime);
    if (time !== null) state.clockOffset = time - Date.now();
    switch (msg.type) {
      case "snapshot": applySnapshot(msg); break;
      case "event": applyEvent(msg); break;
      case "notice": applyNotice(msg); break;
      case "resync":
        showBanner("resync", "Connection gap: events were lost, the board was reloaded.");
        state.synced = false;
        break;
      case "dropped": {
        const from = num(msg.fromSeq) ?? state.lastSeq + 1;
        showBanner("dropped", `${msg.count} events were dropped (seq ${msg.fromSeq}–${msg.toSeq}): reloading`);
        reconnectNow(Math.max(0, from - 1));
        break;
      }
      case "subscribed": break;
      case "error": showBanner("error", `Server error: ${msg.message || "unknown"}`); break;
      default: break;
    }
    scheduleRender();
  }

  function applySnapshot(msg) {
    for (const timer of state.endTimers.values()) clearTimeout(timer);
    state.endTimers.clear();
    state.calls.clear();
    const open = new Set();
    for (const c of msg.calls || []) {
      const call = {
        callId: c.callId, agentId: c.agentId, team: c.team ?? null, source: c.source ?? null,
        startedAt: parseTime(c.startedAt) ?? serverNow() - (num(c.mediaTime) ?? 0) * 1000,
        score: scoreOf(c.score), cumulativeScore: scoreOf(c.cumulativeScore),
        trend: (c.trend || []).map(scoreOf).filter((v) => v !== null).slice(-TREND_LENGTH),
        window: c.window || null, openAlerts: (c.openAlerts || []).slice(), ended: false,
      };
      state.calls.set(call.callId, call);
      for (const alert of call.openAlerts) {
        open.add(alertKey(alert));
        upsertFeed(call, alert, msg.serverTime, false, true);
      }
    }
    // Alerts we showed as open that the server no longer has open were cleared while we were away.
    for (const item of state.feed) if (!item.cleared && !open.has(item.key)) { item.cleared = true; item.dirty = true; }
    if (state.selected && !state.calls.has(state.selected)) state.selected = null;
    state.maintenance.clear();
    for (const w of msg.maintenance || []) if (w && w.key) state.maintenance.set(w.key, w);
    state.incidents.clear();
    for (const i of msg.incidents || []) if (i && i.component) state.incidents.set(i.component, i);
    // Only admins get `incidents` in their snapshot: they alone see the service-level page.
    $("#sla-link").hidden = !Array.isArray(msg.incidents);
    state.lastSeq = num(msg.seq) ?? 0;
    state.synced = true;
  }

  /** A service notice: maintenance ahead (everyone) or an incident (admins). */
  function applyNotice(msg) {
    const seq = num(msg.seq);
    if (seq !== null && seq <= state.lastSeq) return;
    if (seq !== null) state.lastSeq = seq;
    const n = msg.notice || {};
    switch (n.type) {
      case "maintenance.scheduled": if (n.maintenance && n.maintenance.key) state.maintenance.set(n.maintenance.key, n.maintenance); break;
      case "maintenance.cancelled": if (n.maintenance) state.maintenance.delete(n.maintenance.key); break;
      case "incident.opened": case "incident.acknowledged":
        if (n.incident && n.incident.component && !n.incident.closedAt) state.incidents.set(n.incident.component, n.incident);
        break;
      case "incident.closed": if (n.incident) state.incidents.delete(n.incident.component); break;
      default: break;
    }
  }

  function ensureCall(msg) {
    let call = state.calls.get(msg.callId);
    if (!call) {
      const media = num(msg.event && msg.event.mediaTime) ?? 0;
      call = { callId: msg.callId, agentId: msg.agentId, team: msg.team ?? null,
               startedAt: (parseTime(msg.serverTime) ?? serverNow()) - media * 1000,
               score: null, cumulativeScore: null, trend: [], window: null, openAlerts: [], ended: false };
      state.calls.set(call.callId, call);
    }
    return call;
  }

  function applyEvent(msg) {
    const seq = num(msg.seq);
    if (seq !== null && seq <= state.lastSeq) return; // already processed (replay overlap)
    if (seq !== null) state.lastSeq = seq;
    const ev = msg.event || {};
    if (!msg.callId) msg.callId = ev.callId;
    switch (ev.type) {
      case "call.started": {
        const existed = state.calls.has(msg.callId);
        const call = ensureCall(msg);
        const info = ev.call || {};
        call.agentId = info.agentId ?? msg.agentId;
        call.team = info.team ?? msg.team ?? null;
        call.source = info.source ?? call.source ?? null;
        if (!existed) call.startedAt = parseTime(msg.serverTime) ?? serverNow();
        break;
      }
      case "window.scored": {
        const call = ensureCall(msg);
        const w = ev.window || {};
        call.window = w;
        call.score = scoreOf(w.score);
        call.cumulativeScore = scoreOf(w.cumulativeScore);
        if (call.score !== null) call.trend = [...call.trend, call.score].slice(-TREND_LENGTH);
        break;
      }
      case "alert.raised": {
        const call = ensureCall(msg);
        const alert = ev.alert || {};
        call.openAlerts = call.openAlerts.filter((a) => a.id !== alert.id).concat([alert]);
        upsertFeed(call, alert, msg.serverTime, false, false);
        break;
      }
      case "alert.cleared": {
        const call = ensureCall(msg);
        const alert = ev.alert || {};
        call.openAlerts = call.openAlerts.filter((a) => a.id !== alert.id);
        upsertFeed(call, alert, msg.serverTime, true, false);
        break;
      }
      case "call.ended": {
        const call = ensureCall(msg);
        const summary = ev.summary || {};
        call.ended = true;
        call.endedAt = parseTime(msg.serverTime) ?? serverNow();
        call.finalScore = scoreOf(summary.finalScore);
        call.openAlerts = [];
        clearTimeout(state.endTimers.get(call.callId));
        state.endTimers.set(call.callId, setTimeout(() => {
          state.endTimers.delete(call.callId);
          if (state.calls.get(call.callId) === call) state.calls.delete(call.callId);
          if (state.selected === call.callId) state.selected = null;
          scheduleRender();
        }, ENDED_LINGER_MS));
        break;
      }
      default: break;
    }
  }

  const alertKey = (alert) => `${alert.callId}/${alert.id}`;

  function upsertFeed(call, alert, serverTime, cleared, fromSnapshot) {
    const key = alertKey({ callId: alert.callId || call.callId, id: alert.id });
    let item = state.feed.find((i) => i.key === key);
    if (!item) {
      const estimate = num(alert.raisedAt) !== null && num(call.startedAt) !== null
        ? new Date(call.startedAt + alert.raisedAt * 1000).toISOString() : null;
      item = { key, callId: alert.callId || call.callId, agentId: call.agentId, raisedValue: alert.value,
               serverTime: fromSnapshot ? estimate : serverTime, estimated: fromSnapshot, cleared: false };
      state.feed.unshift(item);
      for (const old of state.feed.splice(FEED_LIMIT)) feedNodes.delete(old.key);
    }
    item.alert = alert;
    if (cleared) { item.cleared = true; item.clearedValue = alert.value; }
    item.dirty = true;
  }

  // ---------- rendering ----------
  let renderQueued = false;
  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(() => { renderQueued = false; render(); }, 30);
  }

  const fmtHourMinute = (t) => { const d = new Date(t); return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`; };
  const fmtDay = (t) => { const d = new Date(t); return `${d.toLocaleDateString(undefined, { weekday: "short", day: "numeric", month: "short" })} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`; };
  function fmtIn(ms) {
    const minutes = Math.max(0, Math.round(ms / 60000));
    return minutes < 60 ? `in ${minutes} min` : `in ${Math.floor(minutes / 60)} h ${pad2(minutes % 60)}`;
  }

  function renderService() {
    const now = serverNow();
    const windows = [...state.maintenance.values()]
      .map((w) => ({ w, start: parseTime(w.start), end: parseTime(w.end) }))
      .filter((x) => x.start !== null && x.end !== null && x.end > now)
      .sort((a, b) => a.start - b.start);
    $("#maintenance-list").replaceChildren(...windows.map(({ w, start, end }) => h("li", { "data-key": w.key },
      start > now ? `${fmtDay(start)}–${fmtHourMinute(end)} (${fmtIn(start - now)})` : `under way until ${fmtHourMinute(end)}`,
      w.reason ? ` — ${w.reason}` : "")));
    $("#maintenance").hidden = windows.length === 0;
    const incidents = [...state.incidents.values()].sort((a, b) => String(a.priority).localeCompare(String(b.priority)));
    $("#incident-list").replaceChildren(...incidents.map((i) => h("li", { "data-component": i.component, "data-priority": i.priority },
      h("span", { class: "priority" }, i.priority), `${i.component}: ${i.summary}`,
      ` — opened ${fmtClock(i.openedAt)}`, i.deadline ? `, take in charge by ${fmtDay(parseTime(i.deadline))}` : "",
      i.acknowledgedAt ? " (taken in charge)" : "")));
    $("#incidents").hidden = incidents.length === 0;
  }

  function render() {
    renderService();
    renderCalls();
    renderFeed();
    renderDetail();
  }

  function callScore(call) { return call.ended && call.finalScore !== null && call.finalScore !== undefined ? call.finalScore : call.score; }
  function callDuration(call) { return (call.ended ? call.endedAt : serverNow()) - call.startedAt; }
  function worstSeverity(alerts) {
    let worst = null;
    for (const a of alerts) if (!worst || SEVERITY_RANK[severityOf(a.severity)] > SEVERITY_RANK[worst]) worst = severityOf(a.severity);
    return worst;
  }

  function sparkline(trend) {
    const W = 96, H = 24, P = 3;
    const y = (v) => (P + (H - 2 * P) * (1 - Math.min(100, Math.max(0, v)) / 100)).toFixed(1);
    const last = trend.length ? trend[trend.length - 1] : null;
    const svg = h("svg:svg", { class: `spark ${scoreClass(last)}`, width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img",
                               "aria-label": `last ${trend.length} window scores` });
    svg.append(h("svg:line", { class: "ref", x1: 0, x2: W, y1: y(80), y2: y(80) }));
    if (!trend.length) return svg;
    const step = trend.length > 1 ? (W - 2 * P) / (trend.length - 1) : 0;
    const x0 = trend.length > 1 ? P : W - P;
    const points = trend.map((v, i) => `${(x0 + i * step).toFixed(1)},${y(v)}`);
    if (trend.length > 1) svg.append(h("svg:polyline", { points: points.join(" ") }));
    const [cx, cy] = points[points.length - 1].split(",");
    svg.append(h("svg:circle", { cx, cy, r: 2.2 }));
    return svg;
  }

  const rowNodes = new Map();
  function renderCalls() {
    const tbody = $("#calls tbody");
    const calls = [...state.calls.values()].sort((a, b) => a.startedAt - b.startedAt || String(a.callId).localeCompare(String(b.callId)));
    const seen = new Set();
    calls.forEach((call, index) => {
      seen.add(call.callId);
      let tr = rowNodes.get(call.callId);
      if (!tr) { tr = h("tr", { "data-call-id": call.callId, tabindex: 0 }); rowNodes.set(call.callId, tr); }
      const score = callScore(call);
      const worst = worstSeverity(call.openAlerts);
      tr.className = [call.ended ? "ended" : "", state.selected === call.callId ? "selected" : ""].join(" ").trim();
      tr.setAttribute("aria-selected", String(state.selected === call.callId));
      if (call.ended) tr.dataset.ended = "true"; else delete tr.dataset.ended;
      tr.replaceChildren(
        h("td", { class: "agent" }, call.agentId ?? "—", " ", h("span", { class: "call-id" }, call.callId),
          call.source ? h("span", { class: `source source-${call.source}`, title: "where the call's audio comes from" }, SOURCE_NAMES[call.source] || call.source) : null),
        h("td", { class: "team" }, call.team ?? "—"),
        h("td", { class: "duration num" }, fmtDuration(callDuration(call))),
        h("td", { class: `score ${scoreClass(score)}`, title: call.ended ? "final score" : "last window score" },
          h("span", {}, fmtScore(score))),
        h("td", { class: "trend" }, sparkline(call.trend)),
        h("td", { class: "alerts" }, call.ended ? h("span", { class: "muted" }, "ended")
          : h("span", { class: `count ${worst ? "sev-" + worst : ""}`, title: "open alerts" }, call.openAlerts.length)),
      );
      if (tbody.children[index] !== tr) tbody.insertBefore(tr, tbody.children[index] || null);
    });
    for (const [id, tr] of rowNodes) if (!seen.has(id)) { tr.remove(); rowNodes.delete(id); }
    $("#calls-empty").hidden = calls.length > 0;
    $("#calls-count").textContent = calls.length ? `(${calls.filter((c) => !c.ended).length})` : "";
  }

  const feedNodes = new Map();
  function renderAlertItem(li, item) {
    const a = item.alert;
    const sev = severityOf(a.severity);
    const acked = state.acked.has(item.key);
    li.className = [`sev-${sev}`, acked ? "acked" : "", item.cleared ? "is-cleared" : ""].join(" ").trim();
    Object.assign(li.dataset, { alertId: item.key, callId: item.callId, rule: a.rule ?? "", severity: sev });
    li.dataset.cleared = String(item.cleared);
    li.dataset.acked = String(acked);
    const value = item.cleared && num(item.clearedValue) !== null
      ? `value ${fmtNum(item.raisedValue)}, ${fmtNum(item.clearedValue)} at clearing` : `value ${fmtNum(item.raisedValue)}`;
    li.replaceChildren(
      h("div", { class: "alert-head" },
        h("span", { class: `sev sev-${sev}` }, sev),
        h("span", { class: "rule" }, a.rule ?? "alert"),
        item.cleared ? h("span", { class: "tag cleared" }, "cleared") : null,
        acked ? h("span", { class: "tag" }, "acknowledged") : null,
        h("time", { datetime: item.serverTime || null, title: item.estimated ? "raised before the board loaded (estimated)" : "server time" },
          item.serverTime ? `${item.estimated ? "≈ " : ""}${fmtClock(item.serverTime)}` : "earlier")),
      h("div", { class: "alert-cond" }, h("code", {}, a.condition ?? a.metric ?? ""), " · ", value),
      h("div", { class: "alert-meta" }, `agent ${item.agentId ?? "—"} · call ${item.callId} · at ${fmtMedia(a.raisedAt)}`,
        item.cleared && num(a.clearedAt) !== null ? `, cleared ${fmtMedia(a.clearedAt)}` : ""),
      h("div", { class: "alert-actions" },
        h("button", { type: "button", class: "ack", disabled: acked }, acked ? "Acknowledged" : "Acknowledge"),
        h("button", { type: "button", class: "dismiss" }, "Dismiss")),
    );
  }

  function renderFeed() {
    const list = $("#alerts");
    const visible = state.feed.filter((item) => !state.dismissed.has(item.key));
    const keep = new Set();
    visible.forEach((item, index) => {
      keep.add(item.key);
      let li = feedNodes.get(item.key);
      if (!li) { li = h("li"); feedNodes.set(item.key, li); item.dirty = true; }
      if (item.dirty) { renderAlertItem(li, item); item.dirty = false; }
      if (list.children[index] !== li) list.insertBefore(li, list.children[index] || null);
    });
    for (const li of [...list.children]) if (!keep.has(li.dataset.alertId)) li.remove();
    const open = visible.filter((i) => !i.cleared && !state.acked.has(i.key)).length;
    $("#alerts-empty").hidden = visible.length > 0;
    $("#alerts-count").textContent = visible.length ? `${open} open` : "";
  }

  function fact(label, value, cls) { return h("div", {}, h("dt", {}, label), h("dd", { class: cls || null }, value)); }

  function renderDetail() {
    const section = $("#detail");
    const call = state.selected ? state.calls.get(state.selected) : null;
    section.dataset.callId = call ? call.callId : "";
    if (!call) {
      section.replaceChildren(h("h2", {}, "Call detail"), h("p", { class: "empty" }, "Select a call to see its score explained."));
      return;
    }
    const w = call.window || {};
    const metrics = w.window || {};
    const explained = w.score || null;
    const score = callScore(call);
    const children = [
      h("h2", {}, `Call detail${call.ended ? " — ended" : ""}`),
      h("dl", { class: "facts" },
        fact("Agent", call.agentId ?? "—"), fact("Team", call.team ?? "—"), fact("Call", call.callId),
        fact("Source", SOURCE_NAMES[call.source] || call.source || "—"),
        h("div", {}, h("dt", {}, "Duration"), h("dd", { class: "num", id: "detail-duration" }, fmtDuration(callDuration(call)))),
        fact(call.ended ? "Final score" : "Window score", h("span", { class: `score-value ${scoreClass(score)}` }, fmtScore(score))),
        fact("Cumulative score", h("span", { class: `score-value ${scoreClass(call.cumulativeScore)}` }, fmtScore(call.cumulativeScore))),
        fact("Open alerts", String(call.openAlerts.length)),
        fact("Scorecard", (explained && explained.scorecardVersion) || "—")),
    ];
    if (explained && Array.isArray(explained.criteria)) {
      children.push(h("h3", {}, `Last window ${fmtMedia(metrics.from)}–${fmtMedia(metrics.to)}: score ${fmtScore(explained.score)}`));
      const rows = explained.criteria.map((c) => h("tr", { class: `criterion${c.pointsLost > 0 ? " lost-some" : ""}`, "data-metric": c.metric },
        h("td", {}, c.name, " ", h("span", { class: "metric" }, c.metric)),
        num(c.value) === null ? h("td", { class: "not-measured" }, "not measured") : h("td", { class: "num" }, fmtNum(c.value)),
        h("td", { class: "num" }, c.target ?? "—"),
        h("td", { class: "lost num" }, num(c.pointsLost) ? `−${fmtNum(c.pointsLost)}` : "0")));
      children.push(h("table", { class: "criteria" },
        h("thead", {}, h("tr", {}, h("th", {}, "Criterion"), h("th", {}, "Value"), h("th", {}, "Target"), h("th", {}, "Points lost"))),
        h("tbody", {}, rows)));
    } else {
      children.push(h("p", { class: "empty" }, "No window scored yet."));
    }
    children.push(h("h3", {}, "Open alerts"));
    children.push(call.openAlerts.length
      ? h("ul", { class: "open-alerts" }, call.openAlerts.map((a) => h("li", { "data-alert-id": alertKey({ callId: a.callId || call.callId, id: a.id }) },
          h("span", { class: `sev sev-${severityOf(a.severity)}` }, severityOf(a.severity)), " ",
          h("strong", {}, a.rule ?? "alert"), ` — ${a.condition ?? ""}, value ${fmtNum(a.value)}, at ${fmtMedia(a.raisedAt)}`)))
      : h("p", { class: "empty" }, "None."));
    section.replaceChildren(...children);
  }

  function tick() {
    if (state.maintenance.size) renderService();
    for (const [id, tr] of rowNodes) {
      const call = state.calls.get(id);
      const cell = tr.querySelector("td.duration");
      if (call && cell && !call.ended) cell.textContent = fmtDuration(callDuration(call));
    }
    const call = state.selected ? state.calls.get(state.selected) : null;
    const cell = $("#detail-duration");
    if (call && cell) cell.textContent = fmtDuration(callDuration(call));
  }

  // ---------- user actions ----------
  function select(callId) {
    if (!state.calls.has(callId)) return;
    state.selected = callId;
    render();
  }

  $("#calls tbody").addEventListener("click", (e) => {
    const tr = e.target.closest("tr[data-call-id]");
    if (tr) select(tr.dataset.callId);
  });
  $("#calls tbody").addEventListener("keydown", (e) => {
    const tr = e.target.closest("tr[data-call-id]");
    if (tr && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); select(tr.dataset.callId); }
  });
  $("#alerts").addEventListener("click", (e) => {
    const li = e.target.closest("li[data-alert-id]");
    if (!li) return;
    const key = li.dataset.alertId;
    const item = state.feed.find((i) => i.key === key);
    if (e.target.closest("button.ack")) {
      state.acked.add(key); store.saveSet(ACKED_KEY, state.acked);
      if (item) item.dirty = true;
      renderFeed();
    } else if (e.target.closest("button.dismiss")) {
      state.dismissed.add(key); store.saveSet(DISMISSED_KEY, state.dismissed);
      renderFeed();
    } else {
      select(li.dataset.callId);
    }
  });
  $("#banner-close").addEventListener("click", hideBanner);
  $("#logout-button").addEventListener("click", logout);
  $("#login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const token = $("#token-input").value.trim();
    if (!token) { showLogin("enter a token"); return; }
    store.set(TOKEN_KEY, token);
    startSession(token);
  });
  window.addEventListener("hashchange", () => {
    const token = takeFragmentToken();
    if (token) startSession(token);
  });

  setInterval(tick, 1000);
  const initial = takeFragmentToken() || store.get(TOKEN_KEY);
  if (initial) startSession(initial); else showLogin();
})();
