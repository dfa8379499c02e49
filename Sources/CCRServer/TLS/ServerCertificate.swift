import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// The certificate chain and private key the API serves TLS with (`http.tls.certificate`,
/// `http.tls.key`, PEM files). `reload` reads the files again (SIGHUP): new connections get the
/// new pair, open ones keep theirs. A pair that does not load leaves the old one in place.
public final class ServerCertificate: Sendable {
    public let certificatePath: String
    public let keyPath: String
    private let current: NIOLockedValueBox<NIOSSLContextConfigurationOverride>
    private let initial: (chain: [NIOSSLCertificate], key: NIOSSLPrivateKey)

    /// Why the files could not be used.
    public enum LoadError: Error, CustomStringConvertible {
        case unreadable(path: String, reason: String)
        case mismatched(reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason):
                "cannot read the TLS file \(path) (PEM expected): \(reason)"
            case .mismatched(let reason):
                "the TLS certificate and key cannot be used together: \(reason)"
            }
        }
    }

    public init(certificatePath: String, keyPath: String) throws(LoadError) {
        self.certificatePath = certificatePath
        self.keyPath = keyPath
        let pair = try Self.load(certificatePath: certificatePath, keyPath: keyPath)
        initial = pair
        current = NIOLockedValueBox(Self.override(pair))
    }

    /// Reads the files again and serves them from the next handshake on.
    public func reload() throws(LoadError) {
        let pair = try Self.load(certificatePath: certificatePath, keyPath: keyPath)
        current.withLockedValue { $0 = Self.override(pair) }
    }

    /// The server's TLS settings: TLS 1.2 or later, and the current pair chosen per handshake.
    public var tlsConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: initial.chain.map { .certificate($0) }, privateKey: .privateKey(initial.key))
        configuration.minimumTLSVersion = .tlsv12
        let current = self.current
        configuration.sslContextCallback = { _, promise in
            promise.succeed(current.withLockedValue { $0 })
        }
        return configuration
    }

    private static func override(_ pair: (chain: [NIOSSLCertificate], key: NIOSSLPrivateKey)) -> NIOSSLContextConfigurationOverride {
        var override = NIOSSLContextConfigurationOverride()
        override.certificateChain = pair.chain.map { .certificate($0) }
        override.privateKey = .privateKey(pair.key)
        return override
    }

    private static func load(certificatePath: String, keyPath: String) throws(LoadError) -> (chain: [NIOSSLCertificate], key: NIOSSLPrivateKey) {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificatePath)
        } catch {
            throw .unreadable(path: certificatePath, reason: "\(error)")
        }
        guard !chain.isEmpty else { throw .unreadable(path: certificatePath, reason: "no certificate in the file") }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyPath, format: .pem)
        } catch {
            throw .unreadable(path: keyPath, reason: "\(error)")
        }
        // A context built from the pair checks that the key belongs to the certificate.
        do {
            _ = try NIOSSLContext(
                configuration: .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key)))
        } catch {
            throw .mismatched(reason: "\(error)")
        }
        return (chain, key)
    }
}
