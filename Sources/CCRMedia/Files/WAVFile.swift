import Foundation

/// A WAV file read into memory as 16 kHz float channels, for scoring recordings offline.
///
/// Reads PCM 8/16/24/32-bit and IEEE float, mono or stereo, at 8, 16, 32 or 48 kHz
/// (other rates: convert first, e.g. `sox in.wav -r 16000 out.wav`).
public struct WAVFile: Sendable {
    /// Why a file cannot be scored.
    public enum ReadError: Error, Equatable, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case notWAV(path: String)
        case unsupportedFormat(path: String, detail: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
            case .notWAV(let path): "\(path) is not a RIFF/WAVE file"
            case .unsupportedFormat(let path, let detail): "\(path): \(detail)"
            }
        }
    }

    /// One array of 16 kHz samples per channel.
    public var channels: [[Float]]
    /// The file's own sample rate.
    public var originalRate: Int

    public init(channels: [[Float]], originalRate: Int) {
        self.channels = channels
        self.originalRate = originalRate
    }

    /// Seconds of audio.
    public var seconds: Double { Double(channels.first?.count ?? 0) / 16_000 }

    public init(path: String) throws(ReadError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        try self.init(data: data, path: path)
    }

    public init(data: Data, path: String = "input") throws(ReadError) {
        let bytes = [UInt8](data)
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        guard bytes.count >= 12, bytes[0..<4].elementsEqual("RIFF".utf8), bytes[8..<12].elementsEqual("WAVE".utf8) else {
            throw .notWAV(path: path)
        }
        var offset = 12
        var format: (code: Int, channels: Int, rate: Int, bits: Int)?
        var body: Range<Int>?
        while offset + 8 <= bytes.count {
            let size = u32(offset + 4)
            let start = offset + 8
            let end = min(bytes.count, start + size)
            if bytes[offset..<(offset + 4)].elementsEqual("fmt ".utf8), end - start >= 16 {
                var code = u16(start)
                if code == 0xFFFE, end - start >= 26 { code = u16(start + 24) }
                format = (code, u16(start + 2), u32(start + 4), u16(start + 14))
            } else if bytes[offset..<(offset + 4)].elementsEqual("data".utf8) {
                body = start..<end
            }
            offset = start + size + (size & 1)
        }
        guard let format, let body else { throw .notWAV(path: path) }
        guard (1...2).contains(format.channels) else {
            throw .unsupportedFormat(path: path, detail: "\(format.channels) channels; use mono or stereo (left agent, right customer)")
        }
        let width = format.bits / 8
        guard (format.code == 1 && [1, 2, 3, 4].contains(width)) || (format.code == 3 && width == 4) else {
            throw .unsupportedFormat(path: path, detail: "format \(format.code) with \(format.bits) bits; use PCM or 32-bit float")
        }
        let frames = body.count / (width * format.channels)
        var channels = Array(repeating: [Float](), count: format.channels)
        for channel in channels.indices { channels[channel].reserveCapacity(frames) }
        for frame in 0..<frames {
            for channel in 0..<format.channels {
                let at = body.lowerBound + (frame * format.channels + channel) * width
                let sample: Float
                switch (format.code, width) {
                case (3, _): sample = Float(bitPattern: UInt32(truncatingIfNeeded: u32(at)))
                case (_, 1): sample = (Float(bytes[at]) - 128) / 128
                case (_, 2): sample = Float(Int16(truncatingIfNeeded: u16(at))) / 32768
                case (_, 3): sample = Float(Int32(truncatingIfNeeded: (u16(at) | Int(bytes[at + 2]) << 16) << 8) >> 8) / 8_388_608
                default: sample = Float(Int32(truncatingIfNeeded: u32(at))) / 2_147_483_648
                }
                channels[channel].append(sample)
            }
        }
        guard let converted = RateConverter.toSixteenKilohertz(channels, from: format.rate) else {
            throw .unsupportedFormat(
                path: path,
                detail: "sample rate \(format.rate) Hz; use 8, 16, 32 or 48 kHz (e.g. sox in.wav -r 16000 out.wav)")
        }
        self.channels = converted
        self.originalRate = format.rate
    }
}
