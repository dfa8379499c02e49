import Foundation
import HTTPTypes
import Hummingbird

/// An error the API answers with: a status and a JSON body `{"error": {"code", "message"}}`
/// whose message is meant for the client; internal details stay in the log.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Extra response headers (`Retry-After`, …).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public static func badRequest(_ message: String) -> APIError {
        APIError(.badRequest, code: "bad_request", message: message)
    }

    public static func notFound(_ message: String) -> APIError {
        APIError(.notFound, code: "not_found", message: message)
    }

    private struct Body: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(Body(error: .init(code: code, message: message)))
        var response = Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        if status == .unauthorized, response.headers[.wwwAuthenticate] == nil {
            response.headers[.wwwAuthenticate] = "Bearer realm=\"ccrd\""
        }
        response.headers[.contentType] = "application/json; charset=utf-8"
        return response
    }
}
