import Foundation

/// Runs real tools (ffmpeg) as child processes without blocking the test's thread.
enum Command {
    /// Runs `executable` with `arguments`; returns its exit status and standard error.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (status, text)
    }

    /// Runs a command and returns its standard output (fails on a non-zero exit).
    static func output(_ executable: String, _ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        let reader = Task { output.fileHandleForReading.readDataToEndOfFile() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        let data = await reader.value
        guard status == 0 else { throw CommandError.failed(executable, status) }
        return String(decoding: data, as: UTF8.self)
    }

    /// What a command printed, and how it exited.
    struct Captured {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs `arguments` (through env, so on PATH) and waits, with standard output and error
    /// kept: in `directory`, with `environment` (the test's own when nil) and `input` on
    /// standard input. For short commands a synchronous test or a prober thread runs.
    static func capture(
        _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil, input: Data? = nil
    ) throws -> Captured {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let (output, errors, feed) = (Pipe(), Pipe(), Pipe())
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input == nil ? FileHandle.nullDevice : feed
        try process.run()
        if let input {
            feed.fileHandleForWriting.write(input)
            try feed.fileHandleForWriting.close()
        }
        // Standard error is read beside standard output, so neither pipe can fill and block.
        let errorText = PipeText(errors)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Captured(status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self), errors: errorText.wait())
    }

    /// A pipe read to its end on a thread of its own.
    final class PipeText: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private var data = Data()

        init(_ pipe: Pipe) {
            Thread { [self] in
                data = pipe.fileHandleForReading.readDataToEndOfFile()
                done.signal()
            }.start()
        }

        func wait() -> String {
            done.wait()
            return String(decoding: data, as: UTF8.self)
        }
    }

    enum CommandError: Error { case failed(String, Int32) }

    /// Arguments for an ffmpeg input that is a pure tone: `seconds` of `amplitude` × sin(2π·440·t).
    /// With `syllables`, the tone swells and fades four times a second as speech does, so the
    /// voice activity detector takes it for speech (a steady tone is taken for noise).
    static func tone(seconds: Double, amplitude: Double = 0.5, rate: Int = 48_000, syllables: Bool = false) -> [String] {
        let envelope = syllables ? "*(0.55+0.45*sin(2*PI*4*t))" : ""
        return ["-f", "lavfi", "-i", "aevalsrc=\(amplitude)*sin(2*PI*440*t)\(envelope):s=\(rate):d=\(seconds)"]
    }

    /// Streams a tone as Opus RTP (20 ms packets) to a loopback port, in real time unless `realTime` is false.
    static func ffmpegOpus(seconds: Double, port: Int, realTime: Bool = true, bye: Bool = false, syllables: Bool = false) -> [String] {
        ["-hide_banner", "-loglevel", "error"] + (realTime ? ["-re"] : []) + tone(seconds: seconds, syllables: syllables)
            + ["-ar", "48000", "-ac", "1", "-c:a", "libopus", "-b:a", "24k", "-application", "voip", "-frame_duration", "20"]
            + (bye ? ["-rtpflags", "send_bye"] : []) + ["-f", "rtp", "rtp://127.0.0.1:\(port)"]
    }

    /// Streams a tone as PCMU RTP. Without `packetSamples` the tone is made at 48 kHz and resampled,
    /// so ffmpeg sends packets of odd sizes (170/171 bytes), not 20 ms ones.
    static func ffmpegPCMU(seconds: Double, port: Int, packetSamples: Int? = nil, bye: Bool = false) -> [String] {
        ["-hide_banner", "-loglevel", "error", "-re"] + tone(seconds: seconds, rate: packetSamples == nil ? 48_000 : 8000)
            + (packetSamples.map { ["-af", "asetnsamples=n=\($0):p=0"] } ?? [])
            + ["-ar", "8000", "-ac", "1", "-c:a", "pcm_mulaw"]
            + (bye ? ["-rtpflags", "send_bye"] : []) + ["-f", "rtp", "rtp://127.0.0.1:\(port)"]
    }

    /// Streams a stereo WAV as a two-leg call, in real time: the left channel to `agent`'s port,
    /// the right to `customer`'s, each with its codec's arguments (`opusArguments`,
    /// `pcmuArguments`), ending with an RTCP BYE.
    static func ffmpegTwoLegs(_ file: URL, agent: (port: Int, codec: [String]), customer: (port: Int, codec: [String])) -> [String] {
        ["-hide_banner", "-loglevel", "error", "-re", "-i", file.path,
         "-filter_complex", "[0:a]pan=mono|c0=c0[l];[0:a]pan=mono|c0=c1[r]",
         "-map", "[l]"] + agent.codec + ["-rtpflags", "send_bye", "-f", "rtp", "rtp://127.0.0.1:\(agent.port)",
         "-map", "[r]"] + customer.codec + ["-rtpflags", "send_bye", "-f", "rtp", "rtp://127.0.0.1:\(customer.port)"]
    }

    static let opusArguments = ["-ar", "48000", "-c:a", "libopus", "-b:a", "24k", "-application", "voip", "-frame_duration", "20"]
    static let pcmuArguments = ["-ar", "8000", "-c:a", "pcm_mulaw"]
}
