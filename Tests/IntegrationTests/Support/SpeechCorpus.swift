import CCRCore
import CCRMedia
import Foundation

/// Labeled conversations built in the test: espeak-ng utterances (converted to 16 kHz by sox)
/// placed on each leg's timeline at known times, with ground truth from the clean signal.
enum SpeechCorpus {
    /// One utterance of a script.
    struct Line {
        var leg: Leg
        var text: String
        /// Seconds after the previous line's end (negative: overlap), or absolute with `at`.
        var after: Double = 0.6
        var at: Double?
        var voice = "en-us"
        var gain = 0.2
        var espeakArguments: [String] = []
    }

    /// A rendered conversation.
    struct Conversation {
        var legs: [Leg: [Float]]
        /// Where each line was placed (start, end) in seconds, from the clean audio.
        var placed: [(line: Line, start: Double, end: Double)]
        /// Ground-truth speech per frame, per leg.
        var truth: [Leg: [Bool]]
        var seconds: Double
    }

    static let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-corpus-\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// Speaks `text` and returns 16 kHz samples, trimmed of espeak's leading and trailing silence.
    static func speak(_ text: String, voice: String, extra: [String]) async throws -> [Float] {
        // A stable name (String.hashValue changes every run), so utterances are made once.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (text + voice + extra.joined(separator: " ")).utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let name = String(hash, radix: 16)
        let raw = directory.appendingPathComponent("\(name)-22k.wav").path
        let converted = directory.appendingPathComponent("\(name).wav").path
        if !FileManager.default.fileExists(atPath: converted) {
            let spoken = try await Command.run("espeak-ng", ["-v", voice] + extra + ["-w", raw, text])
            guard spoken.status == 0 else { throw CorpusError.tool("espeak-ng", spoken.stderr) }
            let sox = try await Command.run("sox", [raw, "-r", "16000", "-c", "1", "-b", "16", converted])
            guard sox.status == 0 else { throw CorpusError.tool("sox", sox.stderr) }
        }
        var samples = try WAVFile(path: converted).channels[0]
        let loud = samples.indices.filter { abs(samples[$0]) > 0.01 }
        if let first = loud.first, let last = loud.last { samples = Array(samples[first...last]) }
        return samples
    }

    enum CorpusError: Error { case tool(String, String) }

    /// Renders a script: lines in order, each leg its own track, plus trailing silence.
    static func render(_ lines: [Line], tail: Double = 1.0) async throws -> Conversation {
        var placed: [(Line, Double, [Float])] = []
        var cursor = 0.0
        for line in lines {
            let audio = try await speak(line.text, voice: line.voice, extra: line.espeakArguments).map { $0 * Float(line.gain) }
            let start = line.at ?? (cursor + line.after)
            placed.append((line, start, audio))
            cursor = start + Double(audio.count) / 16_000
        }
        let seconds = (placed.map { $0.1 + Double($0.2.count) / 16_000 }.max() ?? 0) + tail
        let frames = Int(seconds * 50)
        var legs: [Leg: [Float]] = [:]
        var truth: [Leg: [Bool]] = [:]
        for leg in Leg.allCases {
            var track = [Float](repeating: 0, count: frames * 320)
            for (line, start, audio) in placed where line.leg == leg {
                let offset = Int(start * 16_000)
                for (index, sample) in audio.enumerated() where offset + index < track.count {
                    track[offset + index] += sample
                }
            }
            legs[leg] = track
            truth[leg] = groundTruth(track)
        }
        return Conversation(
            legs: legs, placed: placed.map { ($0.0, $0.1, $0.1 + Double($0.2.count) / 16_000) }, truth: truth,
            seconds: Double(frames) / 50)
    }

    /// Reference labels from the clean track: frames within 40 dB of the loudest, pauses
    /// under 300 ms bridged, blips under 60 ms dropped — the same conventions as the detector.
    static func groundTruth(_ track: [Float]) -> [Bool] {
        let frames = track.count / 320
        let levels = (0..<frames).map { frame -> Double in
            let slice = track[(frame * 320)..<((frame + 1) * 320)]
            return Decibels.fromMeanSquare(Double(slice.reduce(0) { $0 + $1 * $1 }) / 320)
        }
        let peak = levels.max() ?? 0
        var active = levels.map { $0 > max(peak - 40, -60) }
        // Bridge short pauses.
        var lastActive: Int?
        for index in active.indices where active[index] {
            if let last = lastActive, index - last > 1, index - last <= 15 {
                for gap in (last + 1)..<index { active[gap] = true }
            }
            lastActive = index
        }
        // Drop short blips.
        var index = 0
        while index < active.count {
            guard active[index] else {
                index += 1
                continue
            }
            var end = index
            while end < active.count && active[end] { end += 1 }
            if end - index < 3 { for blip in index..<end { active[blip] = false } }
            index = end
        }
        return active
    }

    /// White noise at `snr` dB below the track's speech power (over ground-truth speech frames).
    static func addNoise(_ track: [Float], truth: [Bool], snr: Double, seed: UInt64) -> [Float] {
        var power = 0.0
        var count = 0
        for (frame, speech) in truth.enumerated() where speech {
            for sample in track[(frame * 320)..<((frame + 1) * 320)] { power += Double(sample * sample) }
            count += 320
        }
        let noisePower = power / Double(max(count, 1)) / pow(10, snr / 10)
        let amplitude = Float((3 * noisePower).squareRoot())  // uniform noise: power = a²/3
        var state = seed | 1
        return track.map { sample in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return sample + amplitude * (Float(state % 20001) / 10000 - 1)
        }
    }

    /// Pink noise from sox (seeded: `-R`), band-passed to the phone band as a line leaves it,
    /// at `snr` dB below the track's speech power (over ground-truth speech frames).
    static func addPinkNoise(_ track: [Float], truth: [Bool], snr: Double) async throws -> [Float] {
        let path = directory.appendingPathComponent("pink-\(track.count).wav").path
        if !FileManager.default.fileExists(atPath: path) {
            let seconds = String(Double(track.count) / 16000 + 1)
            let sox = try await Command.run(
                "sox", ["-R", "-n", "-r", "16000", "-c", "1", "-b", "16", path, "synth", seconds, "pinknoise", "vol", "0.3", "sinc", "300-3400"])
            guard sox.status == 0 else { throw CorpusError.tool("sox", sox.stderr) }
        }
        let noise = try WAVFile(path: path).channels[0]
        var power = 0.0
        var count = 0
        for (frame, speech) in truth.enumerated() where speech {
            for sample in track[(frame * 320)..<((frame + 1) * 320)] { power += Double(sample * sample) }
            count += 320
        }
        let noisePower = noise.prefix(track.count).reduce(0.0) { $0 + Double($1 * $1) } / Double(max(1, min(track.count, noise.count)))
        let gain = Float((power / Double(max(count, 1)) / noisePower / pow(10, snr / 10)).squareRoot())
        return track.indices.map { index in track[index] + (index < noise.count ? gain * noise[index] : 0) }
    }

    /// Detector decisions per frame (segments as reported, dated back) for one leg alone, with
    /// the detector as the analysis runs it (level and spectrum), or on level alone.
    static func detect(_ track: [Float], spectral: Bool = true) -> [Bool] {
        var settings = VoiceActivityDetector.Settings()
        settings.spectral = spectral
        var detector = VoiceActivityDetector(settings: settings)
        let frames = track.count / 320
        var decisions = [Bool](repeating: false, count: frames)
        var openSince: Int64?
        func close(_ end: Int64) {
            if let start = openSince { for frame in Int(start)..<min(Int(end), frames) { decisions[frame] = true } }
            openSince = nil
        }
        for frame in 0..<frames {
            let slice = Array(track[(frame * 320)..<((frame + 1) * 320)])
            let meanSquare = Double(slice.reduce(0) { $0 + $1 * $1 }) / 320
            let level = Decibels.fromMeanSquare(meanSquare)
            let transition = detector.process(samples: slice, level: level, meanSquare: meanSquare, index: Int64(frame))
            for change in detector.replayed + (transition.map { [$0] } ?? []) {
                switch change {
                case .started(let at): openSince = at
                case .ended(let at): close(at)
                }
            }
        }
        let last = detector.finish()
        for change in detector.replayed + (last.map { [$0] } ?? []) {
            switch change {
            case .started(let at): openSince = at
            case .ended(let at): close(at)
            }
        }
        return decisions
    }

    static func agreement(_ a: [Bool], _ b: [Bool]) -> Double {
        let count = min(a.count, b.count)
        return Double((0..<count).filter { a[$0] == b[$0] }.count) / Double(max(count, 1))
    }

    /// Where evaluation material goes: `test-artifacts/vad` in the package.
    static var artifacts: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../test-artifacts/vad")
            .standardized
    }

    /// Writes a leg's clean and noisy audio, ground truth and ccrd's decisions (one 0/1 per frame).
    static func writeEvaluation(leg: Leg, clean: [Float], noisy: [Float], truth: [Bool]) throws {
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        for (name, track) in [("clean", clean), ("snr10", noisy)] {
            try writeMono(track, to: artifacts.appendingPathComponent("\(leg.rawValue)-\(name).wav"))
            let decisions = detect(track).map { $0 ? "1" : "0" }.joined()
            try decisions.write(to: artifacts.appendingPathComponent("\(leg.rawValue)-\(name).ccrd.txt"), atomically: true, encoding: .utf8)
        }
        try truth.map { $0 ? "1" : "0" }.joined()
            .write(to: artifacts.appendingPathComponent("\(leg.rawValue).truth.txt"), atomically: true, encoding: .utf8)
    }

    static func writeMono(_ track: [Float], to url: URL) throws {
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + track.count * 2))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(1))
        append(UInt32(16_000)); append(UInt32(32_000)); append(UInt16(2)); append(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(track.count * 2))
        for sample in track { append(Int16(max(-32768, min(32767, (sample * 32767).rounded())))) }
        try data.write(to: url)
    }

    /// Writes a 16-bit stereo WAV (left agent, right customer), for streaming and `ccrd score`.
    static func writeStereo(_ conversation: Conversation, to url: URL) throws {
        let left = conversation.legs[.agent] ?? []
        let right = conversation.legs[.customer] ?? []
        var data = Data()
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        let frames = min(left.count, right.count)
        data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36 + frames * 4))
        data.append(contentsOf: Array("WAVEfmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(UInt16(2))
        append(UInt32(16_000)); append(UInt32(64_000)); append(UInt16(4)); append(UInt16(16))
        data.append(contentsOf: Array("data".utf8)); append(UInt32(frames * 4))
        for index in 0..<frames {
            for sample in [left[index], right[index]] {
                append(Int16(max(-32768, min(32767, (sample * 32767).rounded()))))
            }
        }
        try data.write(to: url)
    }
}
