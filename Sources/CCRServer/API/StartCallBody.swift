import CCRCore
import CCRMedia
import NIOCore

/// The JSON a gateway posts to `POST /v1/calls`.
struct StartCallBody: APIBody {
    static let bodyName = "call"

    struct LegBody: Decodable {
        var codec: String
    }

    var callId: String
    var agentId: String
    var team: String?
    /// RTP legs and their codecs; absent for a PulseAudio call.
    var legs: [String: LegBody]?
    /// The IP address RTP must come from, or `pulse` for a call captured from the agent's
    /// PulseAudio line (`agents[].pulse`).
    var source: String?
    /// The caller's number (E.164 or internal extension), optional.
    var caller: String?

    /// Longest id accepted for calls and agents.
    static let maxIdLength = 128

    /// Checks the body and turns it into a request, with a message for each mistake.
    func validated() throws(APIError) -> CallRequest {
        try Self.checkId(callId, field: "callId")
        try Self.checkId(agentId, field: "agentId")
        if let team { try Self.checkId(team, field: "team") }
        if source == "pulse" {
            guard legs?.isEmpty ?? true else { throw .badRequest("a PulseAudio call (source pulse) takes no legs: its sources are configured") }
            try Self.checkCaller(caller)
            var request = CallRequest(callId: callId, agentId: agentId, team: team, legs: [:], source: nil, callerNumber: caller)
            request.pulse = true
            return request
        }
        guard let legs, !legs.isEmpty else {
            throw .badRequest("legs must name at least one of: agent, customer")
        }
        var codecs: [Leg: Codec] = [:]
        for (name, leg) in legs {
            guard let which = Leg(rawValue: name) else {
                throw .badRequest("legs.\(name) is not a leg; use agent and/or customer")
            }
            guard let codec = Codec(rawValue: leg.codec.lowercased()) else {
                throw .badRequest("legs.\(name).codec '\(leg.codec)' is not supported; use opus, pcmu or pcma")
            }
            codecs[which] = codec
        }
        if let source, (try? SocketAddress(ipAddress: source, port: 0)) == nil {
            throw .badRequest("source '\(source)' is not an IP address (or pulse)")
        }
        try Self.checkCaller(caller)
        return CallRequest(callId: callId, agentId: agentId, team: team, legs: codecs, source: source, callerNumber: caller)
    }

    private static func checkCaller(_ caller: String?) throws(APIError) {
        if let caller {
            guard (1...32).contains(caller.count), caller.allSatisfy({ $0.isASCII && ($0.isNumber || "+*#-. ".contains($0)) })
            else {
                throw .badRequest("caller must be 1-32 characters of digits and + * # - . (a phone number)")
            }
        }
    }

    static func checkId(_ value: String, field: String) throws(APIError) {
        guard !value.isEmpty, value.count <= maxIdLength,
            value.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || "._:-@".unicodeScalars.contains($0)) })
        else {
            throw .badRequest("\(field) must be 1-\(maxIdLength) characters of letters, digits and . _ : - @")
        }
    }
}
