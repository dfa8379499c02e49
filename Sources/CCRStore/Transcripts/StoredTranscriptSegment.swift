import CCRCore
import Foundation
import GRDB

/// One transcript segment as the store keeps it: what was said in an utterance of a leg.
public struct StoredTranscriptSegment: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "callTranscript"

    public var callId: String
    public var leg: String
    public var start: Double
    public var end: Double
    public var text: String
    /// The words with their times, as JSON (`[TranscriptWord]`).
    public var words: String
    public var language: String
    public var confidence: Double

    public init(_ segment: TranscriptSegment) {
        callId = segment.callId
        leg = segment.leg.rawValue
        start = segment.start
        end = segment.end
        text = segment.text
        words = (try? JSONEncoder().encode(segment.words)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        language = segment.language
        confidence = segment.confidence
    }

    /// The words, decoded.
    public var wordList: [TranscriptWord] {
        (try? JSONDecoder().decode([TranscriptWord].self, from: Data(words.utf8))) ?? []
    }

    public enum Columns {
        static let callId = Column("callId")
        static let start = Column("start")
    }
}
