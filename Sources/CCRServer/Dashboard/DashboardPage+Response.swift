import HTTPTypes
import Hummingbird
import NIOCore

extension DashboardPage {
    /// The content policy of the page and its files: nothing inline, nothing from elsewhere,
    /// connections (the API and the live WebSocket) to this origin only.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The page as an HTTP response, with headers that keep it from being framed, cached or
    /// leaking its URL.
    static var response: Response { file(html, type: "text/html; charset=utf-8") }

    /// The page's CSS.
    static var styleResponse: Response { file(style, type: "text/css; charset=utf-8") }

    /// The page's JavaScript.
    static var scriptResponse: Response { file(script, type: "text/javascript; charset=utf-8") }

    /// The script both pages share.
    static var commonScriptResponse: Response { file(commonScript, type: "text/javascript; charset=utf-8") }

    /// The service-level page.
    static var serviceLevelResponse: Response { file(serviceLevelHTML, type: "text/html; charset=utf-8") }

    /// The service-level page's JavaScript.
    static var serviceLevelScriptResponse: Response { file(serviceLevelScript, type: "text/javascript; charset=utf-8") }

    private static func file(_ bytes: [UInt8], type: String) -> Response {
        var headers: HTTPFields = [
            .contentType: type,
            .cacheControl: "no-store",
        ]
        headers[HTTPField.Name("Content-Security-Policy")!] = contentSecurityPolicy
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
