import CCRCore
import CCRStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The health loop: records this run of ccrd in the state database, then every
/// `sla.heartbeatInterval` (and at least twice per systemd watchdog timeout) runs its probes —
/// a turn of every event loop, the run's heartbeat written and read back — and only then tells
/// systemd WATCHDOG=1 and the live calls (STATUS=). A probe that hangs stalls the loop, the
/// pings stop, and systemd restarts ccrd after `WatchdogSec`. On shutdown it says STOPPING=1
/// and records the clean stop, so downtime after it is told from a crash's.
struct HealthLoop: Service {
    let store: Store
    let notifier: SystemdNotifier
    let heartbeatInterval: Duration
    let liveCalls: any LiveCallTable
    let eventLoops: any EventLoopGroup
    let logger: Logger

    /// How long the loop waits between rounds.
    var interval: Duration {
        guard let timeout = notifier.watchdogTimeout else { return heartbeatInterval }
        return min(heartbeatInterval, timeout / 2)
    }

    static func now() -> WallTime { WallTime(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded())) }

    func run() async throws {
        let run: Int64?
        do {
            run = try store.beginRun(at: Self.now())
        } catch {
            logger.error("the state database did not record this run: downtime before it cannot be measured", metadata: ["error": "\(error)"])
            run = nil
        }
        await cancelWhenGracefulShutdown {
            var failing: Set<String> = []
            while !Task.isCancelled {
                let failures = await probe(run: run)
                for name in failures.subtracting(failing) {
                    logger.error("health probe failed", metadata: ["probe": "\(name)"])
                }
                for name in failing.subtracting(failures) {
                    logger.notice("health probe recovered", metadata: ["probe": "\(name)"])
                }
                failing = failures
                notifier.watchdog()
                notifier.status(status(failing: failing))
                try? await Task.sleep(for: interval)
            }
        }
        notifier.stopping(status: "stopping: ending \(liveCalls.liveCount) live calls")
        if let run {
            do {
                try store.endRun(run, at: Self.now())
            } catch {
                logger.error("the clean stop was not recorded: the time to the next start will count as a crash's", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Runs every probe once; the names of those that failed.
    func probe(run: Int64?) async -> Set<String> {
        var failures: Set<String> = []
        // Every event loop takes a task: a loop that is stuck holds the round (and the watchdog).
        for loop in eventLoops.makeIterator() {
            do {
                try await loop.submit {}.get()
            } catch {
                failures.insert("event-loop")
            }
        }
        if let run {
            do {
                try store.heartbeat(run: run, at: Self.now())
            } catch {
                failures.insert("database")
            }
        } else {
            failures.insert("database")
        }
        return failures
    }

    func status(failing: Set<String>) -> String {
        let calls = liveCalls.liveCount
        let base = "\(calls) live call\(calls == 1 ? "" : "s")"
        return failing.isEmpty ? base : "\(base); failing: \(failing.sorted().joined(separator: ", "))"
    }
}
