import CCRFuzz
import Foundation
import Testing

/// Replays every input kept in Fuzz/Corpus (seeds, and what fuzzing found, crashers included)
/// through the fuzz targets on every `make test`: a crash found once stays fixed.
@Suite("Fuzz corpora")
struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Fuzz/Corpus").standardized

    static func inputs(_ target: String) throws -> [URL] {
        let directory = root.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { !$0.lastPathComponent.hasPrefix(".") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test(arguments: ["FuzzRTP", "FuzzQuery", "FuzzConfig", "FuzzWAV", "FuzzLive"])
    func corpusReplaysCleanly(target: String) throws {
        let files = try Self.inputs(target)
        #expect(files.count >= 3, "Fuzz/Corpus/\(target) should hold seeds")
        let run: ([UInt8]) -> Void =
            switch target {
            case "FuzzRTP": RTPReceivePath.run
            case "FuzzQuery": QueryParsing.run
            case "FuzzConfig": ConfigLoading.run
            case "FuzzWAV": WAVReading.run
            default: LiveMessages.run
            }
        for file in files {
            run([UInt8](try Data(contentsOf: file)))
        }
    }
}
