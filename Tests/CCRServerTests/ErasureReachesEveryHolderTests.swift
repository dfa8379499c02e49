import CCRCore
import CCRMedia
import CCRStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import CCRServer

/// Erasure is one message every holder of call data handles. The holders are the ones the
/// shipped wiring (`CallPipeline`) lists, so a holder added there is checked here without
/// anyone editing this test: if it keeps a person's data after the erasure, this fails.
@Suite("Erasure reaches every holder of call data")
struct ErasureReachesEveryHolderTests {
    @Test func everyHolderForgetsAnErasedAgentAndCaller() async throws {
        let server = try TestServer()
        // The parts ccrd is built from, with their router alone: the store writer is not
        // running, so ended calls wait in its queue, as when the disk is slow.
        let calls = server.parts.calls
        for (id, agent, caller) in [("e-1", "agent-er-1", "+33100000001"), ("e-2", "agent-er-2", "+33100000002")] {
            _ = try await calls.switchboard.startCall(
                CallRequest(callId: id, agentId: agent, team: "blue", legs: [.agent: .pcmu, .customer: .pcmu], source: "127.0.0.1", callerNumber: caller))
            _ = await calls.switchboard.endCall(id)
        }
        let agent = Subject.agent("agent-er-1")
        let caller = Subject.caller("+33100000002")
        for holder in calls.holders where holder.keepsPersonalData {
            // Every holder listed today that keeps people's data keeps something about both.
            let kinds: [Subject] = holder.holderName == "live" ? [agent] : [agent, caller]
            for subject in kinds { #expect(holder.holdsData(about: subject), "\(holder.holderName) holds nothing about \(subject) before") }
        }

        let admin = server.adminToken
        let router = buildRouter(server.parts)
        try await Application(router: router).test(.router) { client in
            for path in ["/v1/subjects/agent/agent-er-1", "/v1/subjects/caller/+33100000002"] {
                try await client.execute(uri: path, method: .delete, headers: [.authorization: "Bearer \(admin)"]) { response in
                    #expect(response.status == .ok)
                }
            }
        }
        for holder in calls.holders {
            for subject in [agent, caller] {
                #expect(!holder.holdsData(about: subject), "\(holder.holderName) still holds data about \(subject) after erasure")
            }
        }
        // Both calls were about an erased person: neither waits to be written, nor its call.ended to be sent.
        #expect(calls.hub.awaitingCommit == 0)
        #expect(calls.storeWriter.backlog == 0)
    }
}
