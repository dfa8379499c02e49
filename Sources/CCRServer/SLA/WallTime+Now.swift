import CCRCore
import Foundation

extension WallTime {
    /// The system clock now (CCRCore reads no clock: the server does, and passes it in).
    public static var now: WallTime { WallTime(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded())) }
}
