extension DashboardPage {
    /// The page's JavaScript (ES2020, no libraries): login, the live WebSocket with `since`
    /// reconnects and the protocol (docs/live.md), then the rendering.
    static let script: String = scriptSession + "\n" + scriptRendering

    /// Setup, login, the connection and the protocol: the board's state from messages.
    private static let scriptSession: String = #"""
"use strict";
(() => {
  const TOKEN_KEY = "ccrd.token", ACKED_KEY = "ccrd.acked", DISMISSED_KEY = "ccrd.dismissed";
  const TREND_LENGTH = 20, FEED_LIMIT = 300, ENDED_LINGER_MS = 30000;
  const BACKOFF_MIN_MS = 500, BACKOFF_MAX_MS = 10000, STABLE_MS = 5000;

  const $ = (selector) => document.querySelector(selector);
  const SVG_NS = "http://www.w3.org/2000/svg";

  /** Creates an element; attrs with value null/undefined/false are skipped. Children are nodes or text. */
  function h(tag, attrs = {}, ...children) {
    const node = tag.startsWith("svg:") ? document.createElementNS(SVG_NS, tag.slice(4)) : document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  const store = {
    get(key) { try { return sessionStorage.getItem(key); } catch { return null; } },
    set(key, value) { try { sessionStorage.setItem(key, value); } catch { /* storage unavailable */ } },
    remove(key) { try { sessionStorage.removeItem(key); } catch { /* storage unavailable */ } },
    loadSet(key) { try { return new Set(JSON.parse(this.get(key) || "[]")); } catch { return new Set(); } },
    saveSet(key, set) { this.set(key, JSON.stringify([...set].slice(-2000))); },
  };

  const state = {
    token: null, socket: null, generation: 0, retryTimer: null, backoff: BACKOFF_MIN_MS,
    lastSeq: 0, synced: false, resumeSince: null, clockOffset: 0,
    calls: new Map(), feed: [], selected: null, endTimers: new Map(),
    acked: store.loadSet(ACKED_KEY), dismissed: store.loadSet(DISMISSED_KEY),
  };

  // ---------- formatting ----------
  const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const scoreOf = (v) => (v && typeof v === "object" ? num(v.score) : num(v));
  const fmtNum = (v) => (num(v) === null ? "—" : String(Math.round(v * 100) / 100));
  const fmtScore = (v) => (num(v) === null ? "—" : String(Math.round(v)));
  const scoreClass = (v) => (num(v) === null ? "" : v >= 80 ? "score-good" : v >= 50 ? "score-fair" : "score-poor");
  const pad2 = (n) => String(n).padStart(2, "0");
  const fmtDuration = (ms) => { const s = Math.max(0, Math.floor(ms / 1000)); return `${pad2(Math.floor(s / 60))}:${pad2(s % 60)}`; };
  const fmtMedia = (sec) => { if (num(sec) === null) return "—"; const s = Math.floor(sec); return `${Math.floor(s / 60)}:${pad2(s % 60)}`; };
  const fmtClock = (iso) => { const d = new Date(iso); return Number.isNaN(d.getTime()) ? "" : `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`; };
  const parseTime = (iso) => { const t = Date.parse(iso); return Number.isNaN(t) ? null : t; };
  const serverNow = () => Date.now() + state.clockOffset;
  const SEVERITY_RANK = { info: 1, warning: 2, critical: 3 };
  const severityOf = (s) => (SEVERITY_RANK[s] ? s : "info");

  // ---------- status, banner, login ----------
  function setStatus(word, detail = "") {
    const status = $("#status");
    status.textContent = word;
    status.dataset.state = word;
    status.title = detail;
  }

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
    $("#board").hidden = true;
    $("#logout-button").hidden = true;
    $("#login").hidden = false;
    $("#login-error").textContent = error || "";
    $("#login-error").hidden = !error;
    $("#token-input").value = "";
    $("#token-input").focus();
  }

  function showBoard() {
    $("#login").hidden = true;
    $("#board").hidden = false;
    $("#logout-button").hidden = false;
  }

  /** Takes a token from `#token=…`, keeps it in sessionStorage and removes it from the address bar. */
  function takeFragmentToken() {
    const params = new URLSearchParams(location.hash.slice(1));
    const token = params.get("token");
    if (!token) return null;
    history.replaceState(null, "", location.pathname + location.search);
    store.set(TOKEN_KEY, token);
    return token;
  }

  // ---------- session and connection ----------
  function resetBoard() {
    for (const timer of state.endTimers.values()) clearTimeout(timer);
    state.endTimers.clear();
    state.calls.clear();
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
        callId: c.callId, agentId: c.agentId, team: c.team ?? null,
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
    state.lastSeq = num(msg.seq) ?? 0;
    state.synced = true;
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

"""#
}
