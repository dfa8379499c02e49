import Crypto
import Foundation

/// Token text: `ccrd_<id>_<secret>`, where the id is public (shown by `token list`, written in
/// logs) and the secret is 32 random bytes. Only the SHA-256 of the whole text is stored.
public enum TokenSecret {
    static let prefix = "ccrd_"

    /// A new token id and its full text.
    static func generate() -> (id: String, text: String) {
        var generator = SystemRandomNumberGenerator()
        let id = randomString(count: 10, using: &generator)
        let secret = randomString(count: 43, using: &generator)  // 43 × log2(62) ≈ 256 bits
        return (id, "\(prefix)\(id)_\(secret)")
    }

    /// Lower-case hex SHA-256 of a token's text.
    public static func hash(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The id part of a token's text, if it has the ccrd shape; for logs (never log the text).
    public static func id(of text: String) -> String? {
        guard text.hasPrefix(prefix) else { return nil }
        let rest = text.dropFirst(prefix.count)
        guard let separator = rest.firstIndex(of: "_") else { return nil }
        let id = rest[..<separator]
        guard !id.isEmpty, id.count <= 32, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        return String(id)
    }

    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

    private static func randomString(count: Int, using generator: inout SystemRandomNumberGenerator) -> String {
        String((0..<count).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
