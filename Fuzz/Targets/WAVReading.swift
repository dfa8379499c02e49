import CCRMedia
import Foundation

/// Fuzz target: the WAV reader `ccrd score` uses, on any bytes.
public enum WAVReading {
    public static func run(_ data: [UInt8]) {
        guard let file = try? WAVFile(data: Data(data)) else { return }
        precondition(file.channels.count <= 2)
    }
}
