/// The supervisor dashboard: one page (HTML at `GET /`, its CSS and JS beside it; no CDN, works offline on-prem).
enum DashboardPage {
    /// The page's markup; its style and script are separate files (`stylePath`, `scriptPath`) so
    /// the content policy can forbid every inline script and style.
    static let html: String =
        markupTop + "\n<link rel=\"stylesheet\" href=\"\(stylePath)\">\n" + markupBody
        + "\n<script src=\"\(scriptPath)\"></script>\n" + markupEnd

    /// Where the page's CSS is served.
    static let stylePath = "/dashboard.css"
    /// Where the page's JavaScript is served.
    static let scriptPath = "/dashboard.js"

    private static let markupTop: String = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>ccrd — live calls</title>
"""#

    /// From the end of the head to the script: header, login form, calls, detail, alert feed.
    private static let markupBody: String = #"""
</head>
<body>
<header>
  <h1><svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true"><path d="M1 12 L5 7 L8 10 L12 3 L17 9" fill="none" stroke="#7ee2a8" stroke-width="2" stroke-linejoin="round" stroke-linecap="round"/></svg>ccrd — live calls</h1>
  <span class="spacer"></span>
  <span id="status" data-state="signed out" role="status" aria-live="polite">signed out</span>
  <button id="logout-button" type="button" hidden>Log out</button>
</header>
<div id="banner" data-kind="" role="alert" hidden><span id="banner-text"></span><button id="banner-close" type="button" aria-label="Close">×</button></div>

<section id="login" hidden>
  <h2>Supervisor sign-in</h2>
  <form id="login-form" autocomplete="off">
    <label for="token-input">Access token (admin or supervisor)</label>
    <input id="token-input" type="password" placeholder="ccrd_…" autocomplete="off" spellcheck="false">
    <button id="login-button" type="submit">Sign in</button>
    <p id="login-error" role="alert" hidden></p>
  </form>
</section>

<main id="board" hidden>
  <div class="left">
    <section class="panel calls-panel">
      <h2>Live calls <span id="calls-count" class="num"></span></h2>
      <table id="calls">
        <thead><tr><th>Agent</th><th>Team</th><th>Duration</th><th>Score</th><th>Trend</th><th>Alerts</th></tr></thead>
        <tbody></tbody>
      </table>
      <p id="calls-empty" class="empty">No live calls.</p>
    </section>
    <section id="detail" class="panel" data-call-id="">
      <h2>Call detail</h2>
      <p class="empty">Select a call to see its score explained.</p>
    </section>
  </div>
  <aside class="panel feed-panel">
    <div class="feed-head"><h2>Alerts</h2><span id="alerts-count" class="muted num"></span></div>
    <ol id="alerts"></ol>
    <p id="alerts-empty" class="empty">No alerts yet.</p>
  </aside>
</main>

"""#

    private static let markupEnd: String = #"""
</body>
</html>
"""#
}
