"use strict";
/**
 * The supervisor's workspace around the live board: the router (#/live, #/calls, #/calls/ID,
 * #/review, #/agents, #/agents/ID, #/tokens), the role of the signed-in token (GET /v1/session:
 * admins also get tokens and the service-level page), the finished calls with their filters,
 * sorting, cursor paging and export, the review queue, the agents' trends beside their team's,
 * and token administration.
 */
(() => {
  const { $, h, num, t, api, fmtScore, fmtNum, scoreClass, fmtMedia, fmtDateTime, scoreBadge, parseTime } = ccrd;

  const ws = { session: null, signedIn: false, route: null, callsCursor: null, callsQuery: "", requests: 0 };
  /** A number for each request a view makes: an answer that is not the latest is dropped. */
  const nextRequest = () => ++ws.requests;
  const isLatest = (request) => request === ws.requests;

  // ---------- session and navigation ----------
  async function signedIn() {
    ws.signedIn = true;
    $("#nav").hidden = false;
    try {
      ws.session = await api("/v1/session");
    } catch (error) {
      ws.session = null;
    }
    const admin = ws.session && ws.session.role === "admin";
    for (const link of document.querySelectorAll("#nav [data-admin]")) link.hidden = !admin;
    renderWho();
    document.body.dataset.role = ws.session ? ws.session.role : "";
    route();
  }

  /** Who is signed in, in the header. */
  function renderWho() {
    const admin = ws.session && ws.session.role === "admin";
    $("#whoami").textContent = ws.session
      ? (admin ? t("admin") : t("supervisor of {teams}", { teams: (ws.session.teams || []).join(", ") }))
      : "";
  }

  /** Signed out (or another token): nothing of the last session stays in the page. */
  function reset() {
    ws.signedIn = false;
    nextRequest();
    if (window.ccrdCallPage) window.ccrdCallPage.hide();
    hideSecret();
    for (const selector of ["#call-list tbody", "#queue-list tbody", "#agent-list tbody", "#token-list tbody"]) $(selector).replaceChildren();
    $("#call-view").replaceChildren();
    $("#agent-detail").replaceChildren();
    $("#whoami").textContent = "";
  }

  function hideSecret() {
    const box = $("#token-secret");
    box.replaceChildren();
    box.hidden = true;
  }

  /** Shows the view the address names (#/live by default). */
  function route() {
    if (!ws.signedIn || !$("#login").hidden) return;
    const hash = location.hash.startsWith("#/") ? location.hash.slice(2) : "live";
    const [path, query = ""] = hash.split("?");
    const parts = path.split("/").map((p) => { try { return decodeURIComponent(p); } catch { return p; } });
    let name = parts[0] || "live";
    if (name === "calls" && parts[1]) name = "call";
    if (name === "tokens" && !(ws.session && ws.session.role === "admin")) name = "live";
    if (!["live", "calls", "call", "review", "agents", "tokens"].includes(name)) name = "live";
    for (const view of document.querySelectorAll(".view")) view.hidden = view.dataset.view !== name;
    for (const link of document.querySelectorAll("#nav a[data-view]")) {
      const current = link.dataset.view === name || (name === "call" && link.dataset.view === "calls");
      if (current) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
    }
    if (name !== "call" && window.ccrdCallPage) window.ccrdCallPage.hide();
    hideSecret();
    nextRequest();
    ws.route = name;
    switch (name) {
      case "call": window.ccrdCallPage.show(parts.slice(1).join("/")); break;
      case "calls": showCalls(new URLSearchParams(query)); break;
      case "review": showQueue(); break;
      case "agents": showAgents(parts[1] || null); break;
      case "tokens": showTokens(); break;
      default: break;
    }
    document.title = `ccrd — ${t({ live: "Live", calls: "Calls", call: "Call", review: "To review", agents: "Agents", tokens: "Tokens" }[name])}`;
  }

  window.addEventListener("hashchange", () => { if (!location.hash.startsWith("#token=")) route(); });

  // ---------- finished calls ----------
  const FILTER_KEYS = ["agent", "team", "from", "to", "minScore", "maxScore", "alert", "category", "sort"];

  /** The filter form's values as API query parameters (days as UTC days, `to` inclusive). */
  function filterParams(form) {
    const params = new URLSearchParams();
    for (const key of FILTER_KEYS) {
      const value = String(form.elements[key].value || "").trim();
      if (!value || (key === "sort" && value === "newest")) continue;
      if (key === "to") {
        const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(value + "T00:00:00Z") : NaN;
        if (!Number.isNaN(day)) params.set("to", new Date(day + 86400000).toISOString().slice(0, 10));
        continue;
      }
      params.set(key, value);
    }
    return params;
  }

  function showCalls(params) {
    const form = $("#call-filters");
    for (const key of FILTER_KEYS) {
      let value = params.get(key) || (key === "sort" ? "newest" : "");
      if ((key === "from" || key === "to") && !/^\d{4}-\d{2}-\d{2}$/.test(value)) value = "";
      if (key === "to" && value) {
        const day = Date.parse(value + "T00:00:00Z");
        value = Number.isNaN(day) ? "" : new Date(day - 86400000).toISOString().slice(0, 10);
      }
      form.elements[key].value = value;
    }
    for (const button of document.querySelectorAll("#call-list button.sort")) {
      const sort = form.elements.sort.value;
      const column = button.dataset.sort;
      const active = column === "score" ? (sort === "score" || sort === "-score") : (sort === "newest" || sort === "oldest");
      button.closest("th").setAttribute("aria-sort", active ? (sort === "score" || sort === "oldest" ? "ascending" : "descending") : "none");
    }
    ws.callsQuery = filterParams(form).toString();
    ws.callsCursor = null;
    $("#call-list tbody").replaceChildren();
    loadCalls();
  }

  async function loadCalls() {
    const request = nextRequest();
    const more = $("#call-list-more");
    more.hidden = true;
    const query = new URLSearchParams(ws.callsQuery);
    query.set("limit", "50");
    if (ws.callsCursor) query.set("cursor", ws.callsCursor);
    const table = $("#call-list");
    table.dataset.loading = "true";
    let page;
    try {
      page = await api(`/v1/calls?${query}`);
    } catch (error) {
      if (!isLatest(request)) return;
      table.dataset.loading = "false";
      showError("#call-list-empty", error);
      return;
    }
    if (!isLatest(request)) return;
    const tbody = $("#call-list tbody");
    for (const c of page.calls || []) {
      tbody.append(h("tr", { "data-call-id": c.id, "data-score": c.score ?? "", tabindex: 0 },
        h("td", { class: "num" }, fmtDateTime(c.startedAt)),
        h("td", {}, c.agentId), h("td", {}, c.team ?? "—"),
        h("td", { class: "num" }, fmtMedia(c.durationSeconds)),
        h("td", {}, scoreBadge(c.score)),
        h("td", { class: "num" }, c.alertCount ? h("span", { class: "count-badge" }, c.alertCount) : "0"),
        h("td", {}, h("a", { href: `#/calls/${encodeURIComponent(c.id)}` }, c.id), c.state === "live" ? h("span", { class: "tag" }, t("live")) : null)));
    }
    ws.callsCursor = page.nextCursor || null;
    more.hidden = !ws.callsCursor;
    const empty = $("#call-list-empty");
    empty.textContent = t("No calls match.");
    empty.className = "empty";
    empty.hidden = tbody.children.length > 0;
    table.dataset.loading = "false";
  }

  function showError(selector, error) {
    const node = $(selector);
    node.textContent = error.status === 401 || error.status === 403 ? t("Your token may not read this.") : error.message;
    node.className = "error";
    node.hidden = false;
  }

  $("#call-filters").addEventListener("submit", (event) => {
    event.preventDefault();
    const params = filterParams(event.target);
    location.hash = `#/calls${params.toString() ? "?" + params : ""}`;
  });
  $("#call-list-more").addEventListener("click", loadCalls);
  $("#call-list thead").addEventListener("click", (event) => {
    const button = event.target.closest("button.sort");
    if (!button) return;
    const form = $("#call-filters");
    const current = form.elements.sort.value;
    form.elements.sort.value = button.dataset.sort === "score" ? (current === "score" ? "-score" : "score") : (current === "newest" ? "oldest" : "newest");
    form.requestSubmit();
  });
  for (const selector of ["#call-list tbody", "#queue-list tbody"]) {
    $(selector).addEventListener("click", (event) => {
      if (event.target.closest("a")) return;
      const tr = event.target.closest("tr[data-call-id]");
      if (tr) location.hash = `#/calls/${encodeURIComponent(tr.dataset.callId)}`;
    });
    $(selector).addEventListener("keydown", (event) => {
      const tr = event.target.closest("tr[data-call-id]");
      if (tr && event.key === "Enter") location.hash = `#/calls/${encodeURIComponent(tr.dataset.callId)}`;
    });
  }

  /** Exports the calls the filter matches: fetched with the token, saved as a file. */
  async function exportCalls(format) {
    const params = filterParams($("#call-filters"));
    params.delete("sort");
    params.set("format", format);
    const status = $("#call-list-empty");
    try {
      const response = await api(`/v1/export?${params}`, { raw: true, timeoutMs: 600000 });
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = h("a", { href: url, download: `ccrd-calls.${format === "csv" ? "csv" : "ndjson"}` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (error) {
      showError("#call-list-empty", error);
      status.hidden = false;
    }
  }
  for (const button of document.querySelectorAll("#call-filters button.export")) {
    button.addEventListener("click", () => exportCalls(button.dataset.format));
  }

  // ---------- the review queue ----------
  async function showQueue() {
    const request = nextRequest();
    const tbody = $("#queue-list tbody");
    tbody.replaceChildren();
    let queue;
    try {
      queue = await api("/v1/reviews/queue?limit=100");
    } catch (error) {
      if (isLatest(request)) showError("#queue-empty", error);
      return;
    }
    if (!isLatest(request)) return;
    for (const entry of queue.calls || []) {
      const c = entry.call;
      tbody.append(h("tr", { "data-call-id": c.id, "data-critical": entry.criticalAlerts, tabindex: 0, class: entry.criticalAlerts ? "has-critical" : null },
        h("td", {}, entry.criticalAlerts ? h("span", { class: "sev sev-critical" }, entry.criticalAlerts) : "0"),
        h("td", {}, scoreBadge(c.score)), h("td", {}, c.agentId), h("td", {}, c.team ?? "—"),
        h("td", { class: "num" }, fmtDateTime(c.startedAt)),
        h("td", {}, h("a", { href: `#/calls/${encodeURIComponent(c.id)}` }, c.id))));
    }
    const empty = $("#queue-empty");
    empty.textContent = t("Nothing to review.");
    empty.className = "empty";
    empty.hidden = tbody.children.length > 0;
  }

  // ---------- agents ----------
  function periodParams() {
    const days = Number($("#agent-period").value) || 30;
    const from = new Date(Date.now() - days * 86400000).toISOString().slice(0, 10);
    return new URLSearchParams({ from });
  }

  async function showAgents(agentId) {
    const request = nextRequest();
    const tbody = $("#agent-list tbody");
    let list;
    try {
      list = await api(`/v1/agents?${periodParams()}`);
    } catch (error) {
      if (isLatest(request)) showError("#agent-list-empty", error);
      return;
    }
    if (!isLatest(request)) return;
    tbody.replaceChildren(...(list.agents || []).map((a) => h("tr", { "data-agent-id": a.agentId, tabindex: 0, class: a.agentId === agentId ? "selected" : null },
      h("td", {}, h("a", { href: `#/agents/${encodeURIComponent(a.agentId)}` }, a.agentId)), h("td", {}, (a.teams || []).join(", ")),
      h("td", { class: "num" }, a.calls), h("td", {}, scoreBadge(a.meanScore)), h("td", { class: "num" }, a.alerts))));
    const empty = $("#agent-list-empty");
    empty.textContent = t("No agent has calls in this period.");
    empty.className = "empty";
    empty.hidden = tbody.children.length > 0;
    if (agentId) showAgent(agentId, request);
    else $("#agent-detail").replaceChildren(h("p", { class: "empty" }, t("Select an agent to see its daily trend beside its team's.")));
  }

  async function showAgent(agentId, request) {
    const detail = $("#agent-detail");
    let summary;
    try {
      summary = await api(`/v1/agents/${encodeURIComponent(agentId)}/summary?${periodParams()}`);
    } catch (error) {
      if (isLatest(request)) detail.replaceChildren(h("p", { class: "error" }, error.message));
      return;
    }
    if (!isLatest(request)) return;
    detail.dataset.agentId = agentId;
    const days = summary.days || [];
    const teamDays = summary.teamDays || [];
    detail.replaceChildren(
      h("h3", {}, t("{agent}: daily mean score", { agent: agentId }), summary.team ? h("span", { class: "muted" }, " ", t("beside team {team} (all its agents, anonymized)", { team: summary.team })) : null),
      trendChart(days, teamDays),
      h("table", { class: "list agent-days" },
        h("thead", {}, h("tr", {}, ...["Day", "Calls", "Mean score", "Team mean", "Reviewed", "Alerts per call", "Team alerts per call"].map((label) => h("th", { scope: "col" }, t(label))))),
        h("tbody", {}, days.map((d) => {
          const team = teamDays.find((x) => x.day === d.day);
          return h("tr", { "data-day": d.day },
            h("td", {}, d.day), h("td", { class: "num" }, d.calls), h("td", {}, scoreBadge(d.meanScore)), h("td", {}, team ? scoreBadge(team.meanScore) : "—"),
            h("td", { class: "num" }, `${d.reviewedCalls}${num(d.meanReviewedScore) !== null ? " (" + fmtScore(d.meanReviewedScore) + ")" : ""}`),
            h("td", { class: "num" }, fmtNum(d.calls ? d.alerts / d.calls : 0)), h("td", { class: "num" }, team && team.calls ? fmtNum(team.alerts / team.calls) : "—"));
        }))));
  }

  /** The agent's daily mean score (solid) and its team's (dashed), 0…100. */
  function trendChart(days, teamDays) {
    const W = 640, H = 180, L = 34, R = 10, T = 10, B = 26;
    const all = [...new Set([...days.map((d) => d.day), ...teamDays.map((d) => d.day)])].sort();
    const svg = h("svg:svg", { class: "trend-chart", viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": t("Daily mean score of the agent and of its team") });
    const x = (day) => (all.length < 2 ? L + (W - L - R) / 2 : L + (W - L - R) * all.indexOf(day) / (all.length - 1));
    const y = (v) => T + (H - T - B) * (1 - Math.max(0, Math.min(100, v)) / 100);
    for (const ref of [0, 50, 80, 100]) {
      svg.append(h("svg:line", { class: "ref", x1: L, x2: W - R, y1: y(ref), y2: y(ref) }));
      svg.append(h("svg:text", { class: "tick-label", x: L - 4, y: y(ref) + 4, "text-anchor": "end" }, String(ref)));
    }
    const every = Math.max(1, Math.ceil(all.length / 8));
    all.forEach((day, i) => { if (i % every === 0) svg.append(h("svg:text", { class: "tick-label", x: x(day), y: H - 8, "text-anchor": "middle" }, day.slice(5))); });
    const line = (list, cls) => {
      const pts = list.filter((d) => num(d.meanScore) !== null).map((d) => [x(d.day), y(d.meanScore), d]);
      if (pts.length > 1) svg.append(h("svg:polyline", { class: cls, points: pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(" ") }));
      for (const [a, b, d] of pts) {
        const dot = h("svg:circle", { class: cls, cx: a.toFixed(1), cy: b.toFixed(1), r: 3, "data-day": d.day, "data-score": d.meanScore });
        dot.append(h("svg:title", {}, `${d.day}: ${fmtScore(d.meanScore)} (${d.calls})`));
        svg.append(dot);
      }
    };
    line(teamDays, "team-line");
    line(days, "agent-line");
    return h("figure", { class: "trend" }, svg, h("p", { class: "legend" },
      h("span", {}, h("span", { class: "key agent-key", "aria-hidden": "true" }), t("Agent")),
      h("span", {}, h("span", { class: "key team-key", "aria-hidden": "true" }), t("Team average"))));
  }

  $("#agent-period").addEventListener("change", () => route());
  $("#agent-list tbody").addEventListener("keydown", (event) => {
    const tr = event.target.closest("tr[data-agent-id]");
    if (tr && event.key === "Enter") location.hash = `#/agents/${encodeURIComponent(tr.dataset.agentId)}`;
  });

  // ---------- tokens (admins) ----------
  async function showTokens() {
    const request = nextRequest();
    const tbody = $("#token-list tbody");
    let list;
    try {
      list = await api("/v1/tokens");
    } catch (error) {
      if (isLatest(request)) showError("#token-error", error);
      return;
    }
    if (!isLatest(request)) return;
    tbody.replaceChildren(...(list.tokens || []).map((tk) => h("tr", { "data-token-id": tk.id, "data-state": tk.state },
      h("td", {}, h("code", {}, tk.id)), h("td", {}, tk.role), h("td", {}, (tk.teams || []).join(", ") || "—"), h("td", {}, tk.label ?? "—"),
      h("td", { class: "num" }, fmtDateTime(tk.createdAt)), h("td", { class: "num" }, tk.expiresAt ? fmtDateTime(tk.expiresAt) : t("never")),
      h("td", {}, h("span", { class: `tag token-${tk.state}` }, t(tk.state))),
      h("td", {}, tk.state === "revoked" ? "" : h("button", { type: "button", class: "revoke", "data-token-id": tk.id,
        "aria-label": t("Revoke token {id}", { id: tk.id }) }, t("Revoke"))))));
  }

  $("#token-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const error = $("#token-error");
    error.hidden = true;
    const role = form.elements.role.value;
    const body = { role };
    const teams = form.elements.teams.value.split(",").map((s) => s.trim()).filter(Boolean);
    if (teams.length) body.teams = teams;
    if (form.elements.label.value.trim()) body.label = form.elements.label.value.trim();
    if (form.elements.expires.value.trim()) body.expires = form.elements.expires.value.trim();
    try {
      const created = await api("/v1/tokens", { method: "POST", body });
      const box = $("#token-secret");
      box.replaceChildren(
        h("strong", {}, t("New token {id} — copy it now, it will not be shown again:", { id: created.token.id })),
        h("input", { type: "text", readonly: true, value: created.secret, id: "token-secret-value", "aria-label": t("New token"), spellcheck: "false" }),
        h("button", { type: "button", id: "token-secret-hide" }, t("I have copied it")));
      box.hidden = false;
      $("#token-secret-value").select();
      $("#token-secret-hide").addEventListener("click", () => { box.replaceChildren(); box.hidden = true; });
      form.reset();
      showTokens();
    } catch (failure) {
      error.textContent = failure.message;
      error.className = "error";
      error.hidden = false;
    }
  });

  $("#token-list tbody").addEventListener("click", async (event) => {
    const button = event.target.closest("button.revoke");
    if (!button) return;
    const id = button.dataset.tokenId;
    if (!window.confirm(t("Revoke token {id}? It is refused from its next request on.", { id }))) return;
    try {
      await api(`/v1/tokens/${encodeURIComponent(id)}`, { method: "DELETE" });
    } catch (failure) {
      const error = $("#token-error");
      error.textContent = failure.message;
      error.className = "error";
      error.hidden = false;
    }
    showTokens();
  });

  // ---------- language ----------
  const select = $("#lang-select");
  select.value = ccrd.language();
  select.addEventListener("change", () => {
    ccrd.setLanguage(select.value);
    const status = $("#status");
    ccrd.setStatus(status.dataset.state, status.title);
    if (ws.signedIn) renderWho();
    if (window.ccrdLive) window.ccrdLive.rerender();
    if (ws.signedIn) { route(); if (window.ccrdCallPage) window.ccrdCallPage.rerender(); }
  });

  window.ccrdWorkspace = Object.freeze({ signedIn, reset, route });
  // The live board may have signed in before this script loaded.
  if (!$("#logout-button").hidden && $("#login").hidden) signedIn();
})();
