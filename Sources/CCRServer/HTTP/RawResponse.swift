import NIOCore

/// An HTTP/1.1 answer written as bytes, for connections the HTTP layer cannot answer itself:
/// refused before it runs (503), too slow to send a request (408), or sending one it cannot
/// parse (400, 431). The body has the API's error shape; the connection closes after it.
enum RawResponse {
    static func bytes(status: Int, reason: String, code: String, message: String) -> ByteBuffer {
        let body = #"{"error":{"code":"\#(code)","message":"\#(message)"}}"#
        let head =
            "HTTP/1.1 \(status) \(reason)\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n"
        return ByteBuffer(string: head + body)
    }

    static let tooManyConnections = bytes(
        status: 503, reason: "Service Unavailable", code: "too_many_connections",
        message: "too many open connections; retry later")
    static let requestTimeout = bytes(
        status: 408, reason: "Request Timeout", code: "request_timeout", message: "the request did not arrive in time")
    static let badRequest = bytes(status: 400, reason: "Bad Request", code: "bad_request", message: "malformed HTTP request")
    static let headersTooLarge = bytes(
        status: 431, reason: "Request Header Fields Too Large", code: "headers_too_large",
        message: "request headers are larger than http.maxHeaderBytes")
}
