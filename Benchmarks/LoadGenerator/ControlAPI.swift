import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Starts and ends calls through ccrd's control API with a gateway token.
enum ControlAPI {
    enum Failure: Error, CustomStringConvertible {
        case refused(String, Int, String)

        var description: String {
            switch self {
            case .refused(let id, let status, let body): "POST /v1/calls for \(id) answered \(status): \(body)"
            }
        }
    }

    static func start(api: String, token: String, callId: String, codec: String) async throws -> (agent: Int, customer: Int) {
        var request = URLRequest(url: URL(string: "\(api)/v1/calls")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let body: [String: Any] = [
            "callId": callId, "agentId": "agent-\(callId)", "team": "bench",
            "legs": ["agent": ["codec": codec], "customer": ["codec": codec]],
        ]
        request.httpBody = try JSONSerialization.data(withJSONObject: body)
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 201, let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let legs = json["legs"] as? [String: Any],
            let agent = (legs["agent"] as? [String: Any])?["port"] as? Int,
            let customer = (legs["customer"] as? [String: Any])?["port"] as? Int
        else { throw Failure.refused(callId, status, String(decoding: data, as: UTF8.self)) }
        return (agent, customer)
    }

    static func end(api: String, token: String, callId: String) async {
        var request = URLRequest(url: URL(string: "\(api)/v1/calls/\(callId)/end")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        _ = try? await URLSession.shared.data(for: request)
    }
}
