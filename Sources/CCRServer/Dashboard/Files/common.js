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
    status.textContent = word;
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

  return Object.freeze({ TOKEN_KEY, $, h, store, takeFragmentToken, setStatus, showLogin, num, pad2, parseTime });
})();
