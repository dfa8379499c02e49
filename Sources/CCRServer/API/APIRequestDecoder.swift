import Foundation
import Hummingbird

/// How every route decodes its JSON body (`request.decode(as:context:)`): at most
/// `maxBodyBytes`, and a decoding error becomes the API's own 400 (`bad_request`, naming the
/// field), not Hummingbird's wording.
struct APIRequestDecoder: RequestDecoder {
    /// Bodies are small JSON objects; more is refused while reading.
    static let maxBodyBytes = 64 * 1024

    func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let body = try await request.body.collect(upTo: Self.maxBodyBytes)
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
        } catch let error as DecodingError {
            let name = (T.self as? any APIBody.Type)?.bodyName ?? "request"
            throw APIError.badRequest("invalid \(name) JSON: \(Self.describe(error))")
        }
    }

    /// Where in the body a decoding error is, in words a client can act on.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "body" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing \(parent == "body" ? key.stringValue : parent + "." + key.stringValue)"
        case .typeMismatch(let type, let context):
            return "\(path(context)) should be \(type == String.self ? "a string" : "\(type)")"
        case .valueNotFound(_, let context):
            return "\(path(context)) is null"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)) is invalid"
        @unknown default:
            return "unreadable"
        }
    }
}
