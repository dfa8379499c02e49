import CCRCore
import Foundation
import Hummingbird

/// `GET /readyz`: 200 `{"status": "ready", "components": {…}}` once ccrd serves and its last
/// round of probes found no component down; else 503 `{"status": "not_ready", …}`.
struct Readiness: ResponseGenerator {
    struct Body: Encodable {
        var status: String
        var serving: Bool
        var components: [String: HealthState.Condition]
        /// Whether calls are transcribed, and why not when they are not. Not part of readiness:
        /// ccrd serves its calls without it.
        var transcription: TranscriptionReadiness?
        /// Whether transcripts are listened to for the phrase book, and why not.
        var phrases: PhraseReadiness
    }

    /// `phrases` in `/readyz`.
    struct PhraseReadiness: Encodable {
        var listening: Bool
        var reason: String?
        /// The languages with phrases (irritants, categories or a script).
        var languages: [String]
        var prompt: Bool
    }

    /// `transcription` in `/readyz`.
    struct TranscriptionReadiness: Encodable {
        var available: Bool
        var engine: String?
        var reason: String?
        var queuedSeconds: Double?
    }

    let body: Body
    let ready: Bool

    init(_ health: HealthState, transcription: TranscriptionService?, phrases: PhraseSettings, listener: PhraseListener?) {
        let readiness = health.readiness
        ready = readiness.ready
        body = Body(
            status: ready ? "ready" : "not_ready", serving: readiness.serving, components: readiness.components,
            transcription: transcription.map { service in
                let problem = service.currentProblem
                return TranscriptionReadiness(
                    available: problem == nil, engine: service.engineName, reason: problem,
                    queuedSeconds: service.isAvailable ? service.statistics.backlogSeconds : nil)
            },
            phrases: PhraseReadiness(
                listening: listener != nil,
                reason: listener != nil
                    ? nil
                    : !phrases.enabled ? "phrases.enabled is false" : phrases.book.isEmpty ? "the phrase book is empty" : "transcription is unavailable",
                languages: Array(Set(phrases.book.languages.map(\.code) + phrases.book.scripts.map(\.language))).sorted(),
                prompt: listener != nil && phrases.prompt))
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(
            status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(body))))
    }
}
