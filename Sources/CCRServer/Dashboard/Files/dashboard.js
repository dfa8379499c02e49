"use strict";
(() => {
  const { TOKEN_KEY, $, h, store, takeFragmentToken, setStatus, num, pad2, parseTime, t, fmtScore, fmtNum, scoreClass, fmtMedia } = ccrd;
  const MUTED_KEY = "ccrd.muted";
  const ACKED_KEY = "ccrd.acked", DISMISSED_KEY = "ccrd.dismissed";
  const TREND_LENGTH = 20, FEED_LIMIT = 300, ENDED_LINGER_MS = 30000;
  const BACKOFF_MIN_MS = 500, BACKOFF_MAX_MS = 10000, STABLE_MS = 5000;

  const state = {
    token: null, socket: null, generation: 0, retryTimer: null, backoff: BACKOFF_MIN_MS,
    lastSeq: 0, synced: false, resumeSince: null, clockOffset: 0,
    calls: new Map(), feed: [], endTimers: new Map(),
    maintenance: new Map(), incidents: new Map(),
    acked: store.loadSet(ACKED_KEY), dismissed: store.loadSet(DISMISSED_KEY),
    teamFilter: "", severityFilter: "", muted: loadMuted(), listeners: new Set(),
  };

  function loadMuted() { try { return localStorage.getItem(MUTED_KEY) === "true"; } catch { return false; } }

  // ---------- formatting ----------
  const scoreOf = (v) => (v && typeof v === "object" ? num(v.score) : num(v));
  const fmtDuration = (ms) => { const s = Math.max(0, Math.floor(ms / 1000)); return `${pad2(Math.floor(s / 60))}:${pad2(s % 60)}`; };
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

  function showLogin(error) {
    for (const view of document.querySelectorAll(".view")) view.hidden = true;
    $("#nav").hidden = true;
    $("#mute-button").hidden = true;
    ccrd.showLogin("#board", error);
  }

  /** Signed in: the workspace shows the view the address names. */
  function showBoard() {
    $("#login").hidden = true;
    $("#logout-button").hidden = false;
    $("#mute-button").hidden = false;
    renderMute();
    if (window.ccrdWorkspace) window.ccrdWorkspace.signedIn();
  }

  // ---------- session and connection ----------
  function resetBoard() {
    for (const timer of state.endTimers.values()) clearTimeout(timer);
    state.endTimers.clear();
    state.calls.clear();
    state.maintenance.clear();
    state.incidents.clear();
    state.feed = [];
    state.lastSeq = 0;
    state.synced = false;
    state.resumeSince = null;
    feedNodes.clear();
    rowNodes.clear();
    if (window.ccrdWorkspace) window.ccrdWorkspace.reset();
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
    showLogin(t("token rejected (HTTP {status})", { status: httpStatus }));
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
      showBanner("error", t("Too many failed sign-ins from this address: retrying in {seconds} s", { seconds: wait }));
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
        showBanner("resync", t("Connection gap: events were lost, the board was reloaded."));
        state.synced = false;
        break;
      case "dropped": {
        const from = num(msg.fromSeq) ?? state.lastSeq + 1;
        showBanner("dropped", t("{count} events were dropped (seq {from}–{to}): reloading", { count: msg.count, from: msg.fromSeq, to: msg.toSeq }));
        reconnectNow(Math.max(0, from - 1));
        break;
      }
      case "subscribed": break;
      case "error": showBanner("error", t("Server error: {message}", { message: msg.message || "unknown" })); break;
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
        alertsRaised: num(c.alertsRaised) ?? (c.openAlerts || []).length,
      };
      state.calls.set(call.callId, call);
    }
    // What happened in the last hour before this board connected (the server's replay buffer):
    // alerts raised and cleared, with the time the server published them.
    for (const m of msg.recentAlerts || []) {
      const ev = (m && m.event) || {};
      const alert = ev.alert;
      if (!alert || !alert.id) continue;
      const call = state.calls.get(m.callId) || { callId: m.callId, agentId: m.agentId, team: m.team ?? null, startedAt: null };
      upsertFeed(call, alert, m.serverTime, ev.type === "alert.cleared", false, m.team ?? null);
      if (ev.type === "alert.raised") open.add(alertKey({ callId: m.callId, id: alert.id }));
      if (ev.type === "alert.cleared") open.delete(alertKey({ callId: m.callId, id: alert.id }));
    }
    // Open alerts older than the replay buffer: their time is estimated from the call's start.
    for (const call of state.calls.values()) {
      for (const alert of call.openAlerts) {
        open.add(alertKey({ callId: alert.callId || call.callId, id: alert.id }));
        upsertFeed(call, alert, msg.serverTime, false, true);
      }
    }
    // Alerts we showed as open that the server no longer has open were cleared while we were away.
    for (const item of state.feed) if (!item.cleared && !open.has(item.key)) { item.cleared = true; item.dirty = true; }
    state.maintenance.clear();
    for (const w of msg.maintenance || []) if (w && w.key) state.maintenance.set(w.key, w);
    state.incidents.clear();
    for (const i of msg.incidents || []) if (i && i.component) state.incidents.set(i.component, i);
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
               score: null, cumulativeScore: null, trend: [], window: null, openAlerts: [], ended: false, alertsRaised: 0 };
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
        call.alertsRaised = (call.alertsRaised || 0) + 1;
        upsertFeed(call, alert, msg.serverTime, false, false);
        if (severityOf(alert.severity) === "critical") cueCritical(call, alert);
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
          scheduleRender();
        }, ENDED_LINGER_MS));
        break;
      }
      default: break;
    }
    for (const listener of state.listeners) { try { listener(msg); } catch (error) { console.warn("ccrd: listener failed", error); } }
  }

  const alertKey = (alert) => `${alert.callId}/${alert.id}`;

  function upsertFeed(call, alert, serverTime, cleared, fromSnapshot, team) {
    const key = alertKey({ callId: alert.callId || call.callId, id: alert.id });
    let item = state.feed.find((i) => i.key === key);
    if (!item) {
      const estimate = num(alert.raisedAt) !== null && num(call.startedAt) !== null
        ? new Date(call.startedAt + alert.raisedAt * 1000).toISOString() : null;
      item = { key, callId: alert.callId || call.callId, agentId: call.agentId, team: team ?? call.team ?? null, raisedValue: alert.value,
               serverTime: fromSnapshot ? estimate : serverTime, estimated: fromSnapshot, cleared: false };
      state.feed.unshift(item);
      state.feed.sort((a, b) => (parseTime(b.serverTime) ?? 0) - (parseTime(a.serverTime) ?? 0));
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
    renderTeams();
    renderCalls();
    renderFeed();
  }

  function callScore(call) { return call.ended && call.finalScore !== null && call.finalScore !== undefined ? call.finalScore : call.score; }
  function callDuration(call) { return (call.ended ? call.endedAt : serverNow()) - call.startedAt; }
  function worstSeverity(alerts) {
    let worst = null;
    for (const a of alerts) if (!worst || SEVERITY_RANK[severityOf(a.severity)] > SEVERITY_RANK[worst]) worst = severityOf(a.severity);
    return worst;
  }

  // ---------- filters (team, severity), kept in the tab ----------
  const visibleTeam = (team) => !state.teamFilter || (team ?? "") === state.teamFilter;
  const visibleSeverity = (severity) => !state.severityFilter || SEVERITY_RANK[severityOf(severity)] >= SEVERITY_RANK[state.severityFilter];

  function renderTeams() {
    const select = $("#team-filter");
    const teams = new Set();
    for (const call of state.calls.values()) if (call.team) teams.add(call.team);
    for (const item of state.feed) if (item.team) teams.add(item.team);
    if (state.teamFilter) teams.add(state.teamFilter);
    const wanted = ["", ...[...teams].sort()];
    const have = [...select.options].map((o) => o.value);
    if (wanted.join("\u0000") === have.join("\u0000")) return;
    select.replaceChildren(...wanted.map((team) => h("option", { value: team, "data-i18n": team ? null : "All teams" }, team || t("All teams"))));
    select.value = state.teamFilter;
  }

  function sparkline(trend) {
    const W = 96, H = 24, P = 3;
    const y = (v) => (P + (H - 2 * P) * (1 - Math.min(100, Math.max(0, v)) / 100)).toFixed(1);
    const last = trend.length ? trend[trend.length - 1] : null;
    const svg = h("svg:svg", { class: `spark ${scoreClass(last)}`, width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img",
                               "aria-label": t("last {count} window scores", { count: trend.length }) });
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
    const calls = [...state.calls.values()]
      .filter((call) => visibleTeam(call.team))
      .filter((call) => !state.severityFilter || call.openAlerts.some((a) => visibleSeverity(a.severity)))
      .sort((a, b) => a.startedAt - b.startedAt || String(a.callId).localeCompare(String(b.callId)));
    const seen = new Set();
    calls.forEach((call, index) => {
      seen.add(call.callId);
      let tr = rowNodes.get(call.callId);
      if (!tr) { tr = h("tr", { "data-call-id": call.callId, tabindex: 0 }); rowNodes.set(call.callId, tr); }
      const score = callScore(call);
      const worst = worstSeverity(call.openAlerts);
      tr.className = call.ended ? "ended" : "";
      tr.title = t("Open the call page");
      if (call.ended) tr.dataset.ended = "true"; else delete tr.dataset.ended;
      tr.replaceChildren(
        h("td", { class: "agent" }, h("a", { href: `#/calls/${encodeURIComponent(call.callId)}`, class: "agent-link" }, call.agentId ?? "—"),
          " ", h("span", { class: "call-id" }, call.callId),
          call.source ? h("span", { class: `source source-${call.source}`, title: t("where the call's audio comes from") }, SOURCE_NAMES[call.source] || call.source) : null),
        h("td", { class: "team" }, call.team ?? "—"),
        h("td", { class: "duration num" }, fmtDuration(callDuration(call))),
        h("td", { class: `score ${scoreClass(score)}`, title: call.ended ? t("final score") : t("last window score") },
          h("span", {}, fmtScore(score))),
        h("td", { class: "trend" }, sparkline(call.trend)),
        h("td", { class: "alerts" },
          h("span", { class: `count ${worst && !call.ended ? "sev-" + worst : ""}`, title: t("alerts raised so far (open now: {open})", { open: call.openAlerts.length }),
                      "data-raised": call.alertsRaised || 0, "data-open": call.openAlerts.length }, call.alertsRaised || 0),
          call.ended ? h("span", { class: "muted" }, " ", t("ended")) : call.openAlerts.length ? h("span", { class: "muted open-count" }, " ", t("{count} open", { count: call.openAlerts.length })) : null),
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
    li.className = [`sev-${sev}`, acked ? "acked" : "", item.cleared ? "is-cleared" : "", item.flash ? "flash" : ""].join(" ").trim();
    Object.assign(li.dataset, { alertId: item.key, callId: item.callId, rule: a.rule ?? "", severity: sev, team: item.team ?? "" });
    li.dataset.cleared = String(item.cleared);
    li.dataset.acked = String(acked);
    li.dataset.estimated = String(Boolean(item.estimated));
    const value = item.cleared && num(item.clearedValue) !== null
      ? t("value {raised}, {cleared} at clearing", { raised: fmtNum(item.raisedValue), cleared: fmtNum(item.clearedValue) })
      : t("value {raised}", { raised: fmtNum(item.raisedValue) });
    li.replaceChildren(
      h("div", { class: "alert-head" },
        h("span", { class: `sev sev-${sev}` }, t(sev)),
        h("span", { class: "rule" }, a.rule ?? "alert"),
        item.cleared ? h("span", { class: "tag cleared" }, t("cleared")) : null,
        acked ? h("span", { class: "tag" }, t("acknowledged")) : null,
        h("time", { datetime: item.serverTime || null, title: item.estimated ? t("raised before the board loaded (estimated)") : t("server time") },
          item.serverTime ? `${item.estimated ? "≈ " : ""}${fmtClock(item.serverTime)}` : t("earlier"))),
      h("div", { class: "alert-cond" }, h("code", {}, a.condition ?? a.metric ?? ""), " · ", value),
      h("div", { class: "alert-meta" }, t("agent {agent} · call {call} · at {at}", { agent: item.agentId ?? "—", call: item.callId, at: fmtMedia(a.raisedAt) }),
        item.cleared && num(a.clearedAt) !== null ? t(", cleared {at}", { at: fmtMedia(a.clearedAt) }) : ""),
      h("div", { class: "alert-actions" },
        h("button", { type: "button", class: "ack", disabled: acked }, acked ? t("Acknowledged") : t("Acknowledge")),
        h("button", { type: "button", class: "dismiss" }, t("Dismiss")),
        h("a", { class: "open-call", href: `#/calls/${encodeURIComponent(item.callId)}` }, t("Open call"))),
    );
  }

  function renderFeed() {
    const list = $("#alerts");
    const visible = state.feed.filter((item) => !state.dismissed.has(item.key) && visibleTeam(item.team) && visibleSeverity(item.alert.severity));
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
    $("#alerts-count").textContent = visible.length ? t("{count} open", { count: open }) : "";
  }

  // ---------- critical alerts: a sound (muteable) and a visual cue ----------
  let audio = null;
  function beep() {
    if (state.muted) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const now = audio.currentTime;
      for (const [offset, frequency] of [[0, 880], [0.18, 660]]) {
        const osc = audio.createOscillator(), gain = audio.createGain();
        osc.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, now + offset);
        gain.gain.exponentialRampToValueAtTime(0.25, now + offset + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, now + offset + 0.16);
        osc.connect(gain).connect(audio.destination);
        osc.start(now + offset);
        osc.stop(now + offset + 0.17);
      }
    } catch { /* no audio output: the visual cue remains */ }
  }

  function cueCritical(call, alert) {
    if (!visibleTeam(call.team)) return;
    const item = state.feed.find((i) => i.key === alertKey({ callId: alert.callId || call.callId, id: alert.id }));
    if (item) { item.flash = true; item.dirty = true; setTimeout(() => { item.flash = false; item.dirty = true; scheduleRender(); }, 6000); }
    const cue = $("#critical-cue");
    cue.textContent = t("Critical alert: {rule} on the call of {agent}", { rule: alert.rule ?? "alert", agent: call.agentId ?? "—" });
    cue.hidden = false;
    clearTimeout(cueCritical.timer);
    cueCritical.timer = setTimeout(() => { cue.hidden = true; }, 8000);
    state.lastCritical = { callId: call.callId, rule: alert.rule, at: Date.now() };
    document.body.dataset.lastCritical = `${call.callId}/${alert.id}`;
    beep();
  }

  function renderMute() {
    const button = $("#mute-button");
    button.setAttribute("aria-pressed", String(state.muted));
    button.dataset.i18n = state.muted ? "Sound off" : "Sound on";
    button.textContent = t(button.dataset.i18n);
    button.title = t("Sound for critical alerts");
  }

  function tick() {
    if (state.maintenance.size) renderService();
    for (const [id, tr] of rowNodes) {
      const call = state.calls.get(id);
      const cell = tr.querySelector("td.duration");
      if (call && cell && !call.ended) cell.textContent = fmtDuration(callDuration(call));
    }
  }

  // ---------- user actions ----------
  function openCall(callId) { location.hash = `#/calls/${encodeURIComponent(callId)}`; }

  $("#calls tbody").addEventListener("click", (e) => {
    if (e.target.closest("a")) return;
    const tr = e.target.closest("tr[data-call-id]");
    if (tr) openCall(tr.dataset.callId);
  });
  $("#calls tbody").addEventListener("keydown", (e) => {
    const tr = e.target.closest("tr[data-call-id]");
    if (tr && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); openCall(tr.dataset.callId); }
  });
  $("#alerts").addEventListener("click", (e) => {
    const li = e.target.closest("li[data-alert-id]");
    if (!li || e.target.closest("a")) return;
    const key = li.dataset.alertId;
    const item = state.feed.find((i) => i.key === key);
    if (e.target.closest("button.ack")) {
      state.acked.add(key); store.saveSet(ACKED_KEY, state.acked);
      if (item) item.dirty = true;
      renderFeed();
    } else if (e.target.closest("button.dismiss")) {
      state.dismissed.add(key); store.saveSet(DISMISSED_KEY, state.dismissed);
      renderFeed();
    }
  });
  $("#team-filter").addEventListener("change", (e) => { state.teamFilter = e.target.value; render(); });
  $("#severity-filter").addEventListener("change", (e) => {
    state.severityFilter = e.target.value;
    for (const item of state.feed) item.dirty = true;
    render();
  });
  $("#mute-button").addEventListener("click", () => {
    state.muted = !state.muted;
    try { localStorage.setItem(MUTED_KEY, String(state.muted)); } catch { /* storage unavailable */ }
    renderMute();
  });
  $("#banner-close").addEventListener("click", hideBanner);
  $("#logout-button").addEventListener("click", logout);
  $("#login-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const token = $("#token-input").value.trim();
    if (!token) { showLogin(t("enter a token")); return; }
    store.set(TOKEN_KEY, token);
    startSession(token);
  });
  window.addEventListener("hashchange", () => {
    const token = takeFragmentToken();
    if (token) startSession(token);
  });

  /** What the other views use of the live connection: its events, and a live call's state. */
  window.ccrdLive = Object.freeze({
    /** Calls `listener(message)` for every live event; returns a function that stops it. */
    listen(listener) { state.listeners.add(listener); return () => state.listeners.delete(listener); },
    call(callId) { return state.calls.get(callId) || null; },
    feed() { return state.feed.slice(); },
    rerender() { for (const item of state.feed) item.dirty = true; render(); renderMute(); },
  });

  setInterval(tick, 1000);
  ccrd.translateStatic();
  const initial = takeFragmentToken() || store.get(TOKEN_KEY);
  if (initial) startSession(initial); else showLogin();
})();
