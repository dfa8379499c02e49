import CCRMedia
import CCRStore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

/// The call control API: start a call and get its ports, end it, read live calls.
///
/// Gateways and admins start and end calls; admins and supervisors read them, a supervisor
/// only the calls of its teams (others look like they do not exist: 404).
struct CallController {
    typealias Context = APIRequestContext
    let switchboard: Switchboard

    /// Largest request body accepted.
    static var maxBodyBytes: Int { 64 * 1024 }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        let control = routes.group().add(middleware: RoleRequirement(.gateway, .admin))
        control.post(use: start)
        control.post(":id/end", use: end)
        let read = routes.group().add(middleware: RoleRequirement(.supervisor, .admin))
        read.get(use: list)
        read.get(":id", use: show)
        return routes
    }

    @Sendable func start(request: Request, context: Context) async throws -> EditedResponse<CallSnapshot> {
        let body = try await request.body.collect(upTo: Self.maxBodyBytes)
        let decoded: StartCallBody
        do {
            decoded = try JSONDecoder().decode(StartCallBody.self, from: Data(body.readableBytesView))
        } catch let error as DecodingError {
            throw APIError.badRequest("invalid call JSON: \(Self.describe(error))")
        }
        let callRequest = try decoded.validated()
        do {
            let call = try await switchboard.startCall(callRequest)
            return EditedResponse(status: .created, response: call)
        } catch {
            switch error {
            case .duplicateCall:
                throw APIError(.conflict, code: "duplicate_call", message: error.description)
            case .noFreePort:
                context.logger.warning("no free RTP port", metadata: ["error": "\(error)"])
                throw APIError(.serviceUnavailable, code: "no_free_port", message: error.description)
            case .callEndedDuringSetup:
                throw APIError(.conflict, code: "call_ended", message: error.description)
            case .bindFailed, .decoderUnavailable:
                context.logger.error("call could not start", metadata: ["call.id": "\(callRequest.callId)", "error": "\(error)"])
                throw APIError(.internalServerError, code: "ingest_failed", message: "the call could not be started; see the server log")
            }
        }
    }

    @Sendable func list(request: Request, context: Context) async throws -> CallList {
        let principal = try context.requireIdentity()
        return CallList(calls: await switchboard.liveCalls().filter { principal.canRead(team: $0.team) })
    }

    @Sendable func show(request: Request, context: Context) async throws -> CallSnapshot {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        guard let call = await switchboard.call(id), principal.canRead(team: call.team) else {
            throw APIError.notFound("no live or recently ended call '\(id)'")
        }
        return call
    }

    @Sendable func end(request: Request, context: Context) async throws -> CallSnapshot {
        let id = try context.parameters.require("id")
        guard let call = await switchboard.endCall(id) else {
            throw APIError.notFound("no live call '\(id)'")
        }
        return call
    }

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

/// `GET /v1/calls`: the live calls.
struct CallList: ResponseEncodable {
    var calls: [CallSnapshot]
}

extension CallSnapshot: ResponseEncodable {}
