import CCRMedia
import Foundation
import NIOConcurrencyHelpers
import Testing

/// PulseAudio capture against real servers (no mocks): a headless `pulseaudio` with null sinks,
/// speech played into a sink with `paplay`, and ccrd's `PulseCapture` recording the sink's
/// monitor through libpulse: over the unix socket and over loopback TCP, with a missing
/// source named, and a server killed under a running capture.
@Suite("PulseAudio capture", .serialized)
struct PulseCaptureTests {
    /// Samples received, the loudest one, and when the first came.
    final class Recording: Sendable {
        let state = NIOLockedValueBox((count: 0, peak: Int16(0)))
        var count: Int { state.withLockedValue { $0.count } }
        var peak: Int16 { state.withLockedValue { $0.peak } }
        func take(_ samples: [Int16]) {
            let loudest = samples.reduce(Int16(0)) { max($0, $1 == .min ? .max : abs($1)) }
            state.withLockedValue {
                $0.count += samples.count
                $0.peak = max($0.peak, loudest)
            }
        }
    }

    static func speech() throws -> URL {
        let wav = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-pulse-speech-\(UUID().uuidString.prefix(8)).wav")
        let made = try Command.capture(["espeak-ng", "-v", "en-us", "-w", wav.path, "Good morning, this is the agent speaking. How can I help you today?"])
        try #require(made.status == 0, "espeak-ng: \(made.errors)")
        return wav
    }

    @Test func aMonitorIsCapturedAt16kHzOverTheSocketAndOverTCP() async throws {
        let server = try await PulseAudioServer(sinks: ["agent1_mic", "agent1_spk"], tcp: true)
        defer { server.stop() }
        let wav = try Self.speech()
        defer { try? FileManager.default.removeItem(at: wav) }
        for address in [server.unixAddress, try #require(server.tcpAddress)] {
            let pulse = PulseServer(address: address)
            try pulse.connect()
            let sources = try pulse.sourceNames()
            #expect(sources.contains("agent1_spk.monitor") && sources.contains("agent1_mic.monitor"), "\(sources)")
            // A missing source is named, with the ones there are.
            #expect {
                _ = try pulse.capture(source: "alsa_input.headset", received: { _ in })
            } throws: { error in
                guard case .noSuchSource(_, "alsa_input.headset", let available) = error as? PulseError else { return false }
                return available.contains("agent1_spk.monitor") && "\(error)".contains("agent1_spk.monitor")
            }
            let recording = Recording()
            let started = ContinuousClock.now
            let capture = try pulse.capture(source: "agent1_spk.monitor", received: { recording.take($0) })
            try await server.play(wav, into: "agent1_spk")
            try await Task.sleep(for: .milliseconds(500))
            let elapsed = Double((ContinuousClock.now - started).components.seconds) + Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            let counters = capture.statistics
            capture.stop()
            // The sample clock runs at 16 kHz (within what the start-up takes), and the speech is in it.
            let expected = elapsed * 16_000
            print("\(address): \(recording.count) samples in \(elapsed) s (\(Double(recording.count) / elapsed) /s), peak \(recording.peak), \(counters)")
            #expect(Double(recording.count) > expected * 0.85 && Double(recording.count) < expected * 1.05, "\(recording.count) samples in \(elapsed) s")
            #expect(recording.peak > 3000, "peak \(recording.peak): the speech did not reach the monitor")
            #expect(counters.samples == Int64(recording.count))
            #expect(counters.failed == nil)
        }
    }

    @Test func aServerThatGoesAwayStopsTheCaptureAndIsNamedWhenUnreachable() async throws {
        let server = try await PulseAudioServer(sinks: ["agent2_spk"])
        let pulse = PulseServer(address: server.unixAddress)
        try pulse.connect()
        let recording = Recording()
        let capture = try pulse.capture(source: "agent2_spk.monitor", received: { recording.take($0) })
        try await Task.sleep(for: .seconds(1))
        #expect(capture.isRecording && recording.count > 8000)
        server.stop()
        try await Task.sleep(for: .milliseconds(500))
        #expect(!capture.isRecording)
        #expect(!pulse.isReady)
        // Reconnecting to a server that is not there fails with its address, quickly.
        #expect {
            try pulse.connect(timeout: .seconds(2))
        } throws: { error in
            "\(error)".contains(server.unixAddress)
        }
    }
}
