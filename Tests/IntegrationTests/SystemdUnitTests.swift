import Foundation
import Testing

/// The shipped unit and the install path: `Systemd/install.sh` into a staging root, then
/// `systemd-analyze verify` and `systemd-analyze security --offline=true` on the installed unit.
/// (No systemd runs in this test environment, so the unit is checked, not started.)
@Suite("systemd unit and install")
struct SystemdUnitTests {
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Command.Captured {
        try Command.capture(
            arguments, environment: ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CCRD_") }.merging(environment) { $1 },
            directory: Daemon.packageRoot)
    }

    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    @Test func installsOnceAndTheUnitVerifiesAndIsHardened() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try run(["sh", "Systemd/install.sh", Daemon.binary.path], environment: ["DESTDIR": root.path])
        try #require(first.status == 0, "install.sh: \(first.output) \(first.errors)")
        let token = try #require(first.output.split(separator: "\n").first { $0.hasPrefix("ccrd_") }, "no token in: \(first.output)")
        #expect(try mode(root.appendingPathComponent("usr/local/bin/ccrd").path) == 0o755)
        #expect(try mode(root.appendingPathComponent("etc/ccrd/ccrd.yaml").path) == 0o640)
        #expect(try mode(root.appendingPathComponent("etc/systemd/system/ccrd.service").path) == 0o644)
        #expect(try mode(root.appendingPathComponent("var/lib/ccrd").path) == 0o700)
        // Transcription's library goes beside the binary, where it looks first ($ORIGIN/../lib/ccrd).
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("usr/local/lib/ccrd/libwhisper.so.1").path))
        let database = root.appendingPathComponent("var/lib/ccrd/ccrd.sqlite").path
        #expect(try mode(database) == 0o600)
        // The token is an admin's, and a second install keeps the database and makes no other.
        let second = try run(["sh", "Systemd/install.sh", Daemon.binary.path], environment: ["DESTDIR": root.path])
        #expect(second.status == 0 && second.output.contains("tokens are unchanged") && !second.output.contains("ccrd_"))
        let listed = try run(
            [Daemon.binary.path, "token", "list", "--config", root.appendingPathComponent("etc/ccrd/ccrd.yaml").path],
            environment: ["CCRD_STORAGE_PATH": database])
        #expect(listed.status == 0)
        #expect(listed.output.split(separator: "\n").filter { $0.contains("admin") }.count == 1, "\(listed.output)")
        #expect(listed.output.contains(String(token.split(separator: "_")[1])))
        // A missing binary is a clear error.
        let missing = try run(["sh", "Systemd/install.sh", "/nonexistent/ccrd"], environment: ["DESTDIR": root.path])
        #expect(missing.status != 0 && missing.errors.contains("is not an executable ccrd"))

        // The installed unit, with its ExecStart pointing at the staged binary, verifies.
        let unitDirectory = root.appendingPathComponent("verify")
        try FileManager.default.createDirectory(at: unitDirectory, withIntermediateDirectories: true)
        let unit = try String(contentsOf: root.appendingPathComponent("etc/systemd/system/ccrd.service"), encoding: .utf8)
        #expect(unit.contains("Type=notify") && unit.contains("WatchdogSec="))
        let staged = unitDirectory.appendingPathComponent("ccrd.service")
        try unit.replacingOccurrences(of: "/usr/local/bin/ccrd", with: root.appendingPathComponent("usr/local/bin/ccrd").path)
            .write(to: staged, atomically: true, encoding: .utf8)
        let verify = try run(["systemd-analyze", "verify", staged.path])
        #expect(verify.status == 0, "systemd-analyze verify: \(verify.output) \(verify.errors)")
        let security = try run(["systemd-analyze", "security", "--offline=true", "--no-pager", staged.path])
        let overall = try #require(
            (security.output + security.errors).split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(security.output)")
        let figure = try #require(overall.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }, "\(overall)")
        print("systemd-analyze security --offline=true: \(overall)")
        #expect(figure <= 2.0, "\(overall)")
    }
}
