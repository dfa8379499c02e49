import CCRCore
import Testing

@testable import CCRMedia

@Suite("Leg placement by sender clocks")
struct LegPlacementDecisionTests {
    static func frame(_ leg: Leg, _ index: Int64) -> Frame {
        Frame(leg: leg, start: index * Int64(Frame.sampleCount), samples: [Float](repeating: 0, count: Frame.sampleCount))
    }

    @Test func aLegThatArrivedLateIsMovedBackByItsSendersClock() {
        var placement = LegPlacement(legs: 2, wait: .seconds(1))
        // The customer arrived 300 ms after the agent (placed at frame 15), but its sender's clock
        // says its first sample was taken 20 ms after the agent's.
        var held = 0
        for index in 0..<20 where placement.hold(Self.frame(.agent, Int64(index))) { held += 1 }
        for index in 15..<20 where placement.hold(Self.frame(.customer, Int64(index))) { held += 1 }
        #expect(held == 25)
        let agent = SenderClock(position: 0, wallClock: 3_900_000_000.000)
        let customer = SenderClock(position: 15 * 320, wallClock: 3_900_000_000.020)
        #expect(placement.isReady(clocks: [agent, customer], firstMedia: 0, now: 1, ending: false))
        let (frames, lag) = placement.settle(agent: agent, customer: customer)
        #expect(placement.basis == .senderClock)
        #expect(placement.shift(of: .customer) == -14 * 320 && placement.shift(of: .agent) == 0)
        #expect(lag == 14)
        #expect(frames.count == 25)
        #expect(frames.filter { $0.leg == .customer }.map(\.start) == (1..<6).map { Int64($0) * 320 })
        #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.start <= $1.start })
        // Once settled, frames flow on, moved by the same amount.
        let heldAfter = placement.hold(Self.frame(.customer, 20))
        #expect(!heldAfter)
        #expect(placement.placed(Self.frame(.customer, 20)).start == 6 * 320)
    }

    @Test func nothingGoesBeforeTimeZero() {
        var placement = LegPlacement(legs: 2, wait: .seconds(1))
        _ = placement.hold(Self.frame(.agent, 0))
        _ = placement.hold(Self.frame(.customer, 2))
        // The customer's first sample was taken 100 ms before the agent's: both move later.
        let (frames, _) = placement.settle(
            agent: SenderClock(position: 0, wallClock: 100.1), customer: SenderClock(position: 2 * 320, wallClock: 100.0))
        #expect(frames.map(\.start).min() == 0)
        #expect(placement.shift(of: .customer) - placement.shift(of: .agent) == -7 * 320)
    }

    @Test func withoutBothClocksOrWithClocksFarApartArrivalStands() {
        var late = LegPlacement(legs: 2, wait: .seconds(1))
        _ = late.hold(Self.frame(.agent, 0))
        #expect(!late.isReady(clocks: [SenderClock(position: 0, wallClock: 1), nil], firstMedia: 0, now: 999_999_999, ending: false))
        #expect(late.isReady(clocks: [SenderClock(position: 0, wallClock: 1), nil], firstMedia: 0, now: 1_000_000_000, ending: false))
        _ = late.settle(agent: SenderClock(position: 0, wallClock: 1), customer: nil)
        #expect(late.basis == .arrival && late.shift(of: .customer) == 0)

        // Senders on unrelated clocks (an hour apart): arrival, not a shift of an hour.
        var apart = LegPlacement(legs: 2, wait: .seconds(1))
        let (_, lag) = apart.settle(agent: SenderClock(position: 0, wallClock: 1000), customer: SenderClock(position: 0, wallClock: 4600))
        #expect(apart.basis == .arrival && apart.shift(of: .customer) == 0 && lag == 0)

        // One leg, or no wait: nothing is held.
        var single = LegPlacement(legs: 1, wait: .seconds(1))
        let singleHeld = single.hold(Self.frame(.agent, 0))
        var none = LegPlacement(legs: 2, wait: .zero)
        let noneHeld = none.hold(Self.frame(.agent, 0))
        #expect(!singleHeld && !noneHeld)
    }

    @Test func theHoldIsBounded() {
        var placement = LegPlacement(legs: 2, wait: .seconds(5))
        for index in 0..<LegPlacement.maxPending { _ = placement.hold(Self.frame(.agent, Int64(index))) }
        #expect(placement.isReady(clocks: [nil, nil], firstMedia: 0, now: 0, ending: false))
    }
}
