/// The supervisor dashboard: one page (HTML at `GET /`, its CSS and JS beside it; no CDN, works
/// offline on-prem), and the admins' service-level page beside it (`GET /sla`). The files live in `Dashboard/Files/` and are compiled into the binary
/// (SwiftPM `embedInCode` resources), so ccrd stays one file to install.
enum DashboardPage {
    /// The page's markup; its style and script are separate files (`stylePath`, `scriptPath`) so
    /// the content policy can forbid every inline script and style.
    static let html: [UInt8] = PackageResources.dashboard_html

    /// The page's CSS: system fonts, severity colours, a two-column board that fits 1280×760.
    static let style: [UInt8] = PackageResources.dashboard_css

    /// The page's JavaScript (ES2020, no libraries): login, the live WebSocket with `since`
    /// reconnects and the protocol (docs/live.md), then the rendering.
    static let script: [UInt8] = PackageResources.dashboard_js

    /// The admins' service-level page (`GET /sla`): the month's availability, timeline,
    /// incidents and response times, from `GET /v1/sla`. It shares the CSS.
    static let serviceLevelHTML: [UInt8] = PackageResources.sla_html

    /// The service-level page's JavaScript.
    static let serviceLevelScript: [UInt8] = PackageResources.sla_js

    /// What both pages' scripts share (element building, the token in session storage, the
    /// status pill, formatters), loaded before either.
    static let commonScript: [UInt8] = PackageResources.common_js
    static let commonScriptPath = "/common.js"

    /// Where the service-level page is served.
    static let serviceLevelPath = "/sla"
    /// Where its JavaScript is served.
    static let serviceLevelScriptPath = "/sla.js"

    /// Where the page's CSS is served (`dashboard.html` links it by this path).
    static let stylePath = "/dashboard.css"
    /// Where the page's JavaScript is served (`dashboard.html` loads it by this path).
    static let scriptPath = "/dashboard.js"
}
