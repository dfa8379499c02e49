/// The supervisor's workspace: one page application (HTML at `GET /`, its CSS and scripts
/// beside it; no CDN, works offline on-prem), and the admins' service-level page beside it
/// (`GET /sla`). The files live in `Dashboard/Files/` and are compiled into the binary (SwiftPM
/// `embedInCode` resources), so ccrd stays one file to install.
enum DashboardPage {
    /// One file the pages load: where it is served, its bytes and its content type.
    struct File: Sendable {
        var path: String
        var bytes: [UInt8]
        var type: String
    }

    static let html = "text/html; charset=utf-8"
    static let javaScript = "text/javascript; charset=utf-8"

    /// Every file, by the path it is served at. The markup links its style and scripts by these
    /// paths, so the content policy can forbid every inline script and style.
    static let files: [File] = [
        // The workspace: the live board, calls, the call page, validation, agents, tokens.
        File(path: "/", bytes: PackageResources.dashboard_html, type: html),
        // System fonts, severity colours, layouts that fit a 1366×768 laptop.
        File(path: "/dashboard.css", bytes: PackageResources.dashboard_css, type: "text/css; charset=utf-8"),
        // What both pages share (element building, the token in session storage, the status
        // pill, the UI language, API calls, formatters), loaded first.
        File(path: "/common.js", bytes: PackageResources.common_js, type: javaScript),
        // The French UI text.
        File(path: "/i18n.js", bytes: PackageResources.i18n_js, type: javaScript),
        // Sign-in, the live WebSocket with `since` reconnects and its protocol (docs/live.md), the live board.
        File(path: "/dashboard.js", bytes: PackageResources.dashboard_js, type: javaScript),
        // The call page: timeline, explained score, transcript, validation.
        File(path: "/callpage.js", bytes: PackageResources.callpage_js, type: javaScript),
        // The router and the other views: calls, review queue, agents, tokens.
        File(path: "/workspace.js", bytes: PackageResources.workspace_js, type: javaScript),
        // The admins' service-level page, from `GET /v1/sla`; it shares the CSS and common.js.
        File(path: "/sla", bytes: PackageResources.sla_html, type: html),
        File(path: "/sla.js", bytes: PackageResources.sla_js, type: javaScript),
    ]
}
