extension DashboardPage {
    /// The page's rendering and user actions: calls table with sparklines, alert feed with
    /// acknowledge/dismiss, the detail panel, the ticking durations, and the start-up.
    static let scriptRendering: String = #"""
  // ---------- rendering ----------
  let renderQueued = false;
  function scheduleRender() {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(() => { renderQueued = false; render(); }, 30);
  }

  function render() {
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
        h("td", { class: "agent" }, call.agentId ?? "—", " ", h("span", { class: "call-id" }, call.callId)),
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
"""#
}
