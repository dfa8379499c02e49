import CCRMedia
import CCRStore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

/// The call API: start a call and get its ports, end it, list and read calls, review them.
///
/// Gateways and admins start and end calls; admins and supervisors read and review them, a
/// supervisor only the calls of its teams (others look like they do not exist: 404). Every read
/// and review is written to the access journal.
struct CallController {
    typealias Context = APIRequestContext
    let liveCalls: any LiveCallTable
    let archive: any CallArchive
    let journal: AccessJournal
    /// Starts per token per second.
    let startRate: CallStartRate
    /// Logs calls refused for a limit once a minute.
    let refusals: LimitLog
    /// Whether the store writer has more ended calls waiting than `storage.maxUnwrittenCalls`.
    let storeBacklogged: @Sendable () -> Bool

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        let control = routes.group().add(middleware: RoleRequirement(.gateway, .admin))
        control.post(use: start)
        control.post(":id/end", use: end)
        let read = routes.group().add(middleware: RoleRequirement(.supervisor, .admin))
        read.get(use: list)
        read.get(":id", use: show)
        read.post(":id/review", use: review)
        return routes
    }

    @Sendable func start(request: Request, context: Context) async throws -> EditedResponse<LiveCallResponse> {
        let principal = try context.requireIdentity()
        guard startRate.allow(principal.tokenId) else {
            refusals.hit("ingest.startsPerSecond", "call start refused: ingest.startsPerSecond reached", metadata: ["token.id": "\(principal.tokenId)"])
            throw APIError(
                .tooManyRequests, code: "too_many_starts", message: "this token starts calls faster than ingest.startsPerSecond allows",
                headers: [.retryAfter: "1"])
        }
        guard !storeBacklogged() else {
            refusals.hit(
                "storage.maxUnwrittenCalls", "call start refused: the state database is behind (storage.maxUnwrittenCalls calls wait to be written)")
            throw APIError(
                .serviceUnavailable, code: "store_backlog",
                message: "the state database is behind: too many ended calls wait to be written (storage.maxUnwrittenCalls); try again later",
                headers: [.retryAfter: "5"])
        }
        let decoded = try await request.decode(as: StartCallBody.self, context: context)
        var callRequest = try decoded.validated()
        callRequest.owner = principal.tokenId
        // A stored call keeps its id for good: reusing it would relabel its history.
        let stored = try await APIError.whenStoreFails { () async throws(StoreError) in try await archive.callExists(id: callRequest.callId) }
        if stored {
            throw APIError(.conflict, code: "duplicate_call", message: "call '\(callRequest.callId)' already exists; call ids are never reused")
        }
        do {
            let call = try await liveCalls.startCall(callRequest)
            return EditedResponse(status: .created, response: LiveCallResponse(call))
        } catch {
            switch error {
            case .duplicateCall:
                throw APIError(.conflict, code: "duplicate_call", message: error.description)
            case .tooManyCalls:
                refusals.hit("ingest.maxCalls", "call start refused: ingest.maxCalls reached", metadata: ["error": "\(error)"])
                throw APIError(.serviceUnavailable, code: "too_many_calls", message: error.description, headers: [.retryAfter: "5"])
            case .tooManyCallsForToken:
                refusals.hit("ingest.maxCallsPerToken", "call start refused: ingest.maxCallsPerToken reached", metadata: ["token.id": "\(principal.tokenId)"])
                throw APIError(.tooManyRequests, code: "too_many_calls", message: error.description, headers: [.retryAfter: "5"])
            case .noFreePort:
                context.logger.warning("no free RTP port", metadata: ["error": "\(error)"])
                throw APIError(.serviceUnavailable, code: "no_free_port", message: error.description)
            case .callEndedDuringSetup:
                throw APIError(.conflict, code: "call_ended", message: error.description)
            case .noPulseLine:
                throw APIError.badRequest(error.description)
            case .automaticPulseLine:
                throw APIError(.conflict, code: "automatic_line", message: error.description)
            case .pulse:
                context.logger.error("pulse capture could not start", metadata: ["call.id": "\(callRequest.callId)", "error": "\(error)"])
                throw APIError(.badGateway, code: "capture_failed", message: error.description)
            case .bindFailed, .decoderUnavailable:
                context.logger.error("call could not start", metadata: ["call.id": "\(callRequest.callId)", "error": "\(error)"])
                throw APIError(.internalServerError, code: "ingest_failed", message: "the call could not be started; see the server log")
            }
        }
    }

    /// `GET /v1/calls`: stored calls, newest first, a page at a time; `?state=live`: the live table.
    @Sendable func list(request: Request, context: Context) async throws -> Response {
        let principal = try context.requireIdentity()
        if request.uri.queryParameters["state"] == "live" {
            let calls = await liveCalls.liveCalls().filter { principal.canRead(team: $0.team) }
            try await journal.record(context, action: "calls.live", detail: "count=\(calls.count)")
            return try CallList(calls: calls.map(LiveCallResponse.init)).response(from: request, context: context)
        }
        let query = try CallQuery(request, principal: principal)
        try await journal.record(context, action: "calls.list", detail: journal.describe(query.filter))
        let page = try await APIError.whenStoreFails { () async throws(StoreError) in
            try await archive.calls(matching: query.filter, limit: query.limit, after: query.cursor, order: query.order)
        }
        return try CallPageResponse(page).response(from: request, context: context)
    }

    /// `GET /v1/calls/{id}`: what is stored (timeline, alerts, reviews) and, while the ingest
    /// holds the call (live or just ended), its live state.
    @Sendable func show(request: Request, context: Context) async throws -> CallView {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        let scope = principal.role == .admin ? nil : principal.teams.sorted()
        let stored = try await APIError.whenStoreFails { () async throws(StoreError) in try await archive.callDetail(id: id, teams: scope) }
        let live = await liveCalls.call(id).flatMap { principal.canRead(team: $0.team) ? $0 : nil }
        guard stored != nil || live != nil else {
            throw APIError.notFound("no call '\(id)'")
        }
        try await journal.record(context, action: "call.read", target: journal.callTarget(id))
        return CallView(stored: stored, live: live)
    }

    /// `POST /v1/calls/{id}/review`: a supervisor's score and comment beside the AI score.
    @Sendable func review(request: Request, context: Context) async throws -> EditedResponse<ReviewResponse> {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        let input = try await request.decode(as: ReviewBody.self, context: context).validated()
        let reviewer = principal.tokenId
        let scope = principal.role == .admin ? nil : principal.teams.sorted()
        let outcome = try await APIError.whenStoreFails { () async throws(StoreError) in
            try await archive.review(callId: id, input, reviewer: "token:\(reviewer)", teams: scope, now: Date())
        }
        switch outcome {
        case .recorded(let review):
            var detail = "verdict=\(review.verdict?.rawValue ?? "-") score=\(review.score)"
            if let corrected = review.criteria, !corrected.isEmpty { detail += " criteria=\(corrected.count)" }
            try await journal.record(context, action: "call.review", target: journal.callTarget(id), detail: detail)
            return EditedResponse(status: .created, response: ReviewResponse(review))
        case .noSuchCall:
            throw APIError.notFound("no stored call '\(id)'")
        case .callLive:
            throw APIError(.conflict, code: "call_live", message: "call '\(id)' is still live; review it once it has ended")
        case .invalid(let problem):
            throw APIError.badRequest(problem.description)
        }
    }

    @Sendable func end(request: Request, context: Context) async throws -> LiveCallResponse {
        let id = try context.parameters.require("id")
        guard let call = await liveCalls.endCall(id, reason: .api) else {
            throw APIError.notFound("no live call '\(id)'")
        }
        return LiveCallResponse(call)
    }
}
