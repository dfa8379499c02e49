import BenchSupport
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The load generator of `make bench`: starts N two-leg calls through ccrd's control API (or
/// sends to given ports, for GStreamer), and streams pre-encoded 20 ms packets to every leg at
/// real-time pace over loopback UDP, each stream with its own SSRC, sequence numbers and
/// timestamps. Some calls get a scripted dead air (both legs send encoded silence).
///
///     load-generator --codec opus|pcmu --calls N --seconds S --packets DIR
///         (--api URL --token TOKEN | --ports P1,P2,…) [--dead-air-every K] [--dead-air-at S]
///         [--dead-air-seconds S] [--call-prefix P]
///
/// Prints JSON lines: one `{"call": id, "start": unixSeconds}` per call (when its first packet
/// went out), then `{"done": true, "sent": …, "lateTicks": …, "cpuSeconds": …}`.
@main
struct LoadGenerator {
    static func main() async throws {
        let options = BenchOptions(CommandLine.arguments.dropFirst())
        let codec = options.string("codec", "opus")
        let calls = options.int("calls", 10)
        let seconds = options.int("seconds", 20)
        let directory = options.string("packets", ".")
        let prefix = options.string("call-prefix", "load-")
        let deadAirEvery = options.int("dead-air-every", 10)
        let deadAirAt = options.int("dead-air-at", 12)
        let deadAirSeconds = options.int("dead-air-seconds", 5)

        let agent = try PacketFile.read("\(directory)/agent.\(codec).pk")
        let customer = try PacketFile.read("\(directory)/customer.\(codec).pk")
        let silence = try PacketFile.read("\(directory)/silence.\(codec).pk")[0]

        // Where each leg goes.
        var ports: [(agent: Int, customer: Int)] = []
        var ids: [String] = []
        if let list = options.value("ports") {
            let all = list.split(separator: ",").compactMap { Int($0) }
            for index in stride(from: 0, to: all.count - 1, by: 2) {
                ports.append((all[index], all[index + 1]))
                ids.append("\(prefix)\(index / 2)")
            }
        } else {
            let api = options.string("api", "http://127.0.0.1:8640")
            let token = options.string("token", "")
            for index in 0..<calls {
                let id = "\(prefix)\(index)"
                let legs = try await ControlAPI.start(api: api, token: token, callId: id, codec: codec)
                ports.append(legs)
                ids.append(id)
            }
        }

        var streams: [Stream] = []
        for (index, legs) in ports.enumerated() {
            let deadAir = deadAirEvery > 0 && index % deadAirEvery == 0
            let offset = index % 50  // start calls spread over the first second
            for (leg, port) in [(0, legs.agent), (1, legs.customer)] {
                streams.append(
                    Stream(
                        call: index, port: port, ssrc: UInt32.random(in: 1...UInt32.max), payloadType: codec == "opus" ? 111 : 0,
                        timestampStep: codec == "opus" ? 960 : 160, packets: leg == 0 ? agent : customer, startTick: offset,
                        deadAir: deadAir ? (deadAirAt * 50)..<((deadAirAt + deadAirSeconds) * 50) : nil))
            }
        }
        let sender = try UDPBatchSender()
        let ticks = seconds * 50
        let start = ContinuousClock.now
        let startWall = Date().timeIntervalSince1970
        var sent = 0
        var lateTicks = 0
        var announced = Set<Int>()
        for tick in 0..<(ticks + 50) {
            let due = start + .milliseconds(20 * tick)
            let now = ContinuousClock.now
            if now < due {
                try await Task.sleep(until: due, clock: .continuous)
            } else if now - due > .milliseconds(20) {
                lateTicks += 1
            }
            for index in streams.indices {
                let stream = streams[index]
                let packetIndex = tick - stream.startTick
                guard packetIndex >= 0, packetIndex < ticks else { continue }
                if packetIndex == 0, !announced.contains(stream.call) {
                    announced.insert(stream.call)
                    let wall = startWall + Double(tick) * 0.02
                    emit(#"{"call": "\#(ids[stream.call])", "start": \#(String(format: "%.3f", wall)), "deadAir": \#(stream.deadAir != nil)}"#)
                }
                let silent = stream.deadAir?.contains(packetIndex) ?? false
                let payload = silent ? silence : stream.packets[packetIndex % stream.packets.count]
                sender.add(stream.rtp(index: packetIndex, payload: payload), port: stream.port)
            }
            sent += sender.flush()
        }
        if options.value("ports") == nil {
            let api = options.string("api", "http://127.0.0.1:8640")
            let token = options.string("token", "")
            for id in ids { await ControlAPI.end(api: api, token: token, callId: id) }
        }
        let cpu = ProcessSample.ownCPUSeconds()
        emit(#"{"done": true, "sent": \#(sent), "lateTicks": \#(lateTicks), "cpuSeconds": \#(String(format: "%.2f", cpu))}"#)
    }
}

/// Writes one line to standard output at once (unbuffered): the suite reads them while we run.
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// One leg's RTP stream.
struct Stream {
    var call: Int
    var port: Int
    var ssrc: UInt32
    var payloadType: UInt8
    var timestampStep: UInt32
    var packets: [[UInt8]]
    var startTick: Int
    var deadAir: Range<Int>?
    let firstSequence = UInt16.random(in: 0...UInt16.max)
    let firstTimestamp = UInt32.random(in: 0...UInt32.max)

    func rtp(index: Int, payload: [UInt8]) -> [UInt8] {
        let sequence = firstSequence &+ UInt16(truncatingIfNeeded: index)
        let timestamp = firstTimestamp &+ UInt32(truncatingIfNeeded: index) &* timestampStep
        var bytes: [UInt8] = [
            0x80, payloadType & 0x7F, UInt8(sequence >> 8), UInt8(sequence & 0xFF),
            UInt8(timestamp >> 24), UInt8((timestamp >> 16) & 0xFF), UInt8((timestamp >> 8) & 0xFF), UInt8(timestamp & 0xFF),
            UInt8(ssrc >> 24), UInt8((ssrc >> 16) & 0xFF), UInt8((ssrc >> 8) & 0xFF), UInt8(ssrc & 0xFF),
        ]
        bytes.append(contentsOf: payload)
        return bytes
    }
}
