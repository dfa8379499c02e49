import HTTPTypes
import Hummingbird
import NIOCore

extension DashboardPage {
    /// The content policy of the page and its files: nothing inline, nothing from elsewhere,
    /// connections (the API and the live WebSocket) to this origin only.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// `file` as an HTTP response, with headers that keep it from being framed, cached or
    /// leaking its URL.
    static func response(_ file: File) -> Response { self.file(file.bytes, type: file.type) }

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
