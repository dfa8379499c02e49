"use strict";
/**
 * What the dashboard (/) and the service-level page (/sla) share, loaded before either page's
 * own script: building elements, the tab's session storage (where the token is kept), the
 * token taken from `#token=…`, the status pill, the sign-in form, and a few formatters.
 */
const ccrd = (() => {
  const TOKEN_KEY = "ccrd.token";
  const SVG_NS = "http://www.w3.org/2000/svg";
  const $ = (selector) => document.querySelector(selector);

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

  /** The tab's session storage (nothing outlives the tab); calls never throw. */
  const store = {
    get(key) { try { return sessionStorage.getItem(key); } catch { return null; } },
    set(key, value) { try { sessionStorage.setItem(key, value); } catch { /* storage unavailable */ } },
    remove(key) { try { sessionStorage.removeItem(key); } catch { /* storage unavailable */ } },
    loadSet(key) { try { return new Set(JSON.parse(this.get(key) || "[]")); } catch { return new Set(); } },
    saveSet(key, set) { this.set(key, JSON.stringify([...set].slice(-2000))); },
  };

  /** Takes a token from `#token=…`, keeps it in session storage and removes it from the address bar. */
  function takeFragmentToken() {
    const params = new URLSearchParams(location.hash.slice(1));
    const token = params.get("token");
    if (!token) return null;
    history.replaceState(null, "", location.pathname + location.search);
    store.set(TOKEN_KEY, token);
    return token;
  }

  /** The status pill in the header: a word (also its data-state) and a tooltip. */
  function setStatus(word, detail = "") {
    const status = $("#status");
    status.textContent = typeof ccrdText === "object" ? t(word) : word;
    status.dataset.state = word;
    status.title = detail;
  }

  /** Hides the page's `main` content and shows the sign-in form, with `error` when given. */
  function showLogin(main, error) {
    $(main).hidden = true;
    $("#logout-button").hidden = true;
    $("#login").hidden = false;
    $("#login-error").textContent = error || "";
    $("#login-error").hidden = !error;
    $("#token-input").value = "";
    $("#token-input").focus();
  }

  const num = (v) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  const pad2 = (n) => String(n).padStart(2, "0");
  const parseTime = (iso) => { const t = Date.parse(iso); return Number.isNaN(t) ? null : t; };

  // ---------- language ----------
  const LANG_KEY = "ccrd.lang";
  /** The UI language: what the user chose (kept in local storage), else the browser's if French, else English. */
  function initialLanguage() {
    let chosen = null;
    try { chosen = localStorage.getItem(LANG_KEY); } catch { /* storage unavailable */ }
    if (chosen === "fr" || chosen === "en") return chosen;
    return String(navigator.language || "").toLowerCase().startsWith("fr") ? "fr" : "en";
  }
  let language = initialLanguage();

  /** The UI text for `english` in the current language (`{name}` replaced from `params`). */
  function t(english, params) {
    const table = typeof ccrdText === "object" && ccrdText[language] ? ccrdText[language] : null;
    let text = (table && table[english]) || english;
    if (params) for (const [name, value] of Object.entries(params)) text = text.split(`{${name}}`).join(String(value));
    return text;
  }

  /** Translates every element with `data-i18n` (its English text) in `root`. */
  function translateStatic(root = document) {
    document.documentElement.lang = language;
    for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  }

  function setLanguage(next) {
    language = next === "fr" ? "fr" : "en";
    try { localStorage.setItem(LANG_KEY, language); } catch { /* storage unavailable */ }
    translateStatic();
  }

  /** The locale for dates and numbers. */
  const locale = () => (language === "fr" ? "fr-FR" : "en-GB");

  // ---------- API ----------
  /** An API failure with the server's status, code and message. */
  class APIFailure extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  /** Calls the API with the tab's token; resolves to the JSON body (or the Response when `raw`). */
  async function api(path, { method = "GET", body, raw = false, timeoutMs = 15000 } = {}) {
    const token = store.get(TOKEN_KEY);
    const headers = { Authorization: "Bearer " + (token || "") };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), timeoutMs);
    let response;
    try {
      response = await fetch(path, { method, headers, cache: "no-store", signal: abort.signal,
                                     body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new APIFailure(0, "unreachable", t("The server does not answer."));
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok) {
      let code = "http_" + response.status, message = `HTTP ${response.status}`;
      try { const e = (await response.json()).error || {}; code = e.code || code; message = e.message || message; } catch { /* not JSON */ }
      throw new APIFailure(response.status, code, message);
    }
    return raw ? response : response.json();
  }

  // ---------- formatting shared by the pages ----------
  const fmtScore = (v) => (num(v) === null ? "—" : String(Math.round(v)));
  const fmtNum = (v) => (num(v) === null ? "—" : String(Math.round(v * 100) / 100));
  const scoreClass = (v) => (num(v) === null ? "" : v >= 80 ? "score-good" : v >= 50 ? "score-fair" : "score-poor");
  const fmtMedia = (sec) => { if (num(sec) === null) return "—"; const s = Math.floor(sec); return `${Math.floor(s / 60)}:${pad2(s % 60)}`; };
  const fmtDateTime = (iso) => { const v = parseTime(iso); return v === null ? "—" : new Date(v).toLocaleString(locale(), { dateStyle: "short", timeStyle: "short" }); };
  /** A score in a coloured badge. */
  const scoreBadge = (v, extra = {}) => h("span", { class: `score-value ${scoreClass(v)}`, ...extra }, fmtScore(v));

  return Object.freeze({
    TOKEN_KEY, $, h, store, takeFragmentToken, setStatus, showLogin, num, pad2, parseTime,
    t, translateStatic, setLanguage, language: () => language, locale, api, APIFailure,
    fmtScore, fmtNum, scoreClass, fmtMedia, fmtDateTime, scoreBadge,
  });
})();
