import CCRCore
import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CCRServer

@Suite("API response times")
struct LatencyTests {
    @Test func theBookKeepsOneHistogramPerRouteAndBoundsThem() {
        let book = LatencyBook()
        #expect(LatencyBook.route(method: "GET", path: "/v1/calls/{id}") == "GET /v1/calls/{id}")
        #expect(LatencyBook.route(method: "GET", path: nil) == "GET unmatched")
        #expect(LatencyBook.route(method: "BREW", path: "/pot") == "OTHER")
        for _ in 0..<98 { book.record(route: "GET /a", microseconds: 10_000) }
        book.record(route: "GET /a", microseconds: 700_000)
        book.record(route: "GET /a", microseconds: 2_000_000)
        for index in 0..<(LatencyBook.maxRoutes + 50) { book.record(route: "GET /r\(index)", microseconds: 5) }
        let drained = book.drain()
        #expect(drained.count == LatencyBook.maxRoutes + 1)  // the bound, and OTHER
        #expect(drained["OTHER"]?.reduce(0) { $0 + $1.count } == 51)
        let a = drained["GET /a"] ?? []
        #expect(a.reduce(0) { $0 + $1.count } == 100)
        #expect(abs(Double(LatencyBook.percentile(50, of: a) ?? 0) - 10_000) <= 100)
        let p99 = LatencyBook.percentile(99, of: a) ?? 0
        #expect(p99 >= 690_000 && p99 <= 710_000, "\(p99)")
        #expect(book.drain().isEmpty)
        // A failed write puts them back.
        book.restore(["GET /a": drained["GET /a"] ?? []])
        #expect(book.drain()["GET /a"]?.reduce(0) { $0 + $1.count } == 100)
    }

    @Test func hoursAddUpInTheStoreAndTheReportChecksTheTargets() throws {
        let store = try Store.inMemory()
        let hour = WallTime(milliseconds: 1_795_928_400_000)  // 2026-11-29T05:00:00Z
        let fast: [(value: UInt64, count: UInt64)] = [(10_000, 970)]
        let slow: [(value: UInt64, count: UInt64)] = [(600_000, 15), (1_500_000, 15)]
        try store.addLatency(hourStart: hour, route: "GET /v1/calls", pairs: fast)
        try store.addLatency(hourStart: hour, route: "GET /v1/calls", pairs: slow)
        try store.addLatency(hourStart: hour.adding(seconds: 3600), route: "GET /healthz", pairs: [(200, 5)])
        let rows = try store.latencyHours(in: Period(start: hour, end: hour.adding(seconds: 7200)))
        #expect(rows.map(\.count) == [1000, 5])
        #expect(try store.purgeLatency(before: hour.adding(seconds: 60)) == 1)
        try store.addLatency(hourStart: hour, route: "GET /v1/calls", pairs: fast + slow)
        let month = Period(start: WallTime(milliseconds: 1_793_487_600_000), end: hour.adding(seconds: 7200))  // 1 Nov Paris
        let figures = LatencyFigures(hours: rows, month: month, now: hour.adding(seconds: 7200))
        // 1005 requests: p98 in the 600 ms bucket (over 500 ms), p99 at 1.5 s.
        #expect(figures.last7Days.requests == 1005)
        #expect(figures.last7Days.p98Met == false && figures.last7Days.p99Met == false)
        #expect(abs((figures.last7Days.p98Ms ?? 0) - 600) < 10 && abs((figures.last7Days.p99Ms ?? 0) - 1500) < 20)
        #expect(figures.periods.count == 5 && figures.periods.last?.requests == 1005)
        #expect(figures.routes.map(\.route) == ["GET /v1/calls", "GET /healthz"])
    }

    @Test func requestsThroughTheRouterAreTimedByRouteTemplate() async throws {
        let server = try TestServer()
        let admin = TestServer.bearer(server.adminToken)
        try await server.app.test(.router) { client in
            for _ in 0..<3 { try await client.execute(uri: "/healthz", method: .get) { _ in } }
            try await client.execute(uri: "/v1/calls/nope", method: .get, headers: admin) { response in #expect(response.status == .notFound) }
            try await client.execute(uri: "/nowhere", method: .get) { _ in }
        }
        // The health loop wrote them to the state database (each round, and as it stopped).
        let now = WallTime.now
        var drained: [String: [(value: UInt64, count: UInt64)]] = server.parts.latency.drain()
        for row in try server.store.latencyHours(in: Period(start: now.adding(seconds: -7200), end: now.adding(seconds: 60))) {
            drained[row.route, default: []] += row.pairs
        }
        #expect(drained["GET /healthz"]?.reduce(0) { $0 + $1.count } == 3, "\(drained.keys.sorted())")
        #expect(drained.keys.contains { $0.hasPrefix("GET /v1/calls/") }, "\(drained.keys.sorted())")
        // No route is named after what a client asked for.
        #expect(!drained.keys.contains { $0.contains("nope") || $0.contains("nowhere") }, "\(drained.keys.sorted())")
    }
}
