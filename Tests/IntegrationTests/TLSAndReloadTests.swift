import Foundation
import HTTPTypes
import Logging
import NIOConcurrencyHelpers
import NIOSSL
import NIOWebSocket
import Testing
import WSClient

/// HTTPS and WSS with a certificate the test makes, checked by real TLS clients (curl and a
/// WebSocket client that trust only that certificate), and SIGHUP: the certificate is swapped
/// without a restart, a broken configuration is refused, and the daemon keeps running.
@Suite("TLS and reload")
struct TLSAndReloadTests {
    /// A self-signed certificate for localhost and its key, made with openssl.
    static func makeCertificate(in directory: URL, name: String) async throws -> (certificate: String, key: String) {
        let certificate = directory.appendingPathComponent("\(name).crt").path
        let key = directory.appendingPathComponent("\(name).key").path
        let (status, errors) = try await Command.run(
            "openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out",
                certificate, "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            ])
        try #require(status == 0, "openssl: \(errors)")
        return (certificate, key)
    }

    /// `curl` over HTTPS trusting only `certificate`: the status, or nil when TLS fails.
    static func healthz(port: Int, trusting certificate: String) async throws -> Int? {
        let output = try await Command.output(
            "/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "--cacert", certificate, "https://localhost:\(port)/healthz"]
        )
        return Int(output).flatMap { $0 == 0 ? nil : $0 }
    }

    static func healthzOrNil(port: Int, trusting certificate: String) async -> Int? {
        (try? await healthz(port: port, trusting: certificate)) ?? nil
    }

    @Test func httpsAndWSSServeTheCertificateAndSIGHUPSwapsIt() async throws {
        let certificates = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: certificates, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: certificates) }
        let first = try await Self.makeCertificate(in: certificates, name: "first")
        let second = try await Self.makeCertificate(in: certificates, name: "second")
        let served = (certificates.appendingPathComponent("server.crt").path, certificates.appendingPathComponent("server.key").path)
        try FileManager.default.copyItem(atPath: first.certificate, toPath: served.0)
        try FileManager.default.copyItem(atPath: first.key, toPath: served.1)
        // A copy of the configuration the test can break later.
        let config = certificates.appendingPathComponent("ccrd.yaml")
        try FileManager.default.copyItem(at: Daemon.packageRoot.appendingPathComponent("Config/ccrd.yaml"), to: config)

        let daemon = try Daemon(
            environment: ["CCRD_HTTP_TLS_CERTIFICATE": served.0, "CCRD_HTTP_TLS_KEY": served.1], configPath: config.path)
        defer { _ = daemon }
        var status: Int?
        for _ in 0..<200 where status == nil {
            guard daemon.process.isRunning else { Issue.record("ccrd exited:\n\(daemon.log)"); return }
            status = await Self.healthzOrNil(port: daemon.httpPort, trusting: first.certificate)
            if status == nil { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(status == 200)
        // Plain HTTP on the TLS port gets nothing useful.
        #expect((try? await HTTP.request("GET", "http://127.0.0.1:\(daemon.httpPort)/healthz"))?.0 != 200)

        // The live channel over WSS, trusting only the first certificate.
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(first.certificate))
        let snapshot = try await Self.firstLiveMessage(port: daemon.httpPort, token: daemon.adminToken, tls: tls)
        #expect(snapshot.contains("\"snapshot\""))

        // Swap the files and send SIGHUP: new connections get the second certificate.
        try FileManager.default.removeItem(atPath: served.0)
        try FileManager.default.removeItem(atPath: served.1)
        try FileManager.default.copyItem(atPath: second.certificate, toPath: served.0)
        try FileManager.default.copyItem(atPath: second.key, toPath: served.1)
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(await Self.waitFor { daemon.log.contains("configuration reloaded") })
        #expect(daemon.process.isRunning)
        #expect(await Self.healthzOrNil(port: daemon.httpPort, trusting: second.certificate) == 200)
        #expect(await Self.healthzOrNil(port: daemon.httpPort, trusting: first.certificate) == nil)

        // A configuration that no longer loads is refused; the daemon goes on as it was.
        try (String(contentsOf: config, encoding: .utf8) + "\nnotAKey: 1\n").write(to: config, atomically: true, encoding: .utf8)
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(await Self.waitFor { daemon.log.contains("reload refused") })
        #expect(daemon.process.isRunning)
        #expect(await Self.healthzOrNil(port: daemon.httpPort, trusting: second.certificate) == 200)
        #expect(await daemon.stop() == 0)
    }

    static func waitFor(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<100 {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }

    static func firstLiveMessage(port: Int, token: String, tls: TLSConfiguration) async throws -> String {
        let configuration = WebSocketClientConfiguration(
            maxFrameSize: 1 << 22, additionalHeaders: [.authorization: "Bearer \(token)"], sniHostname: "localhost")
        let first = NIOLockedValueBox("")
        _ = try await WebSocketClient.connect(
            url: "wss://localhost:\(port)/v1/live", configuration: configuration, tlsConfiguration: tls, logger: Logger(label: "wss")
        ) { inbound, outbound, _ in
            for try await message in inbound.messages(maxSize: 1 << 22) {
                if case .text(let text) = message { first.withLockedValue { $0 = text } }
                break
            }
            try await outbound.close(.normalClosure, reason: "done")
        }
        return first.withLockedValue { $0 }
    }
}
