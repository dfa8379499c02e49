import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal JSON-over-HTTP client for the tests (URLSession, loopback only).
enum HTTP {
    static func request(
        _ method: String, _ url: String, json: [String: Any]? = nil, body: Data? = nil, token: String? = nil, timeout: TimeInterval = 10
    ) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        request.timeoutInterval = timeout
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        } else if let body {
            request.httpBody = body
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (status, object)
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Reads a nested value: `json[path: "legs.agent.packets"]`.
    subscript(path path: String) -> Any? {
        var current: Any? = self
        for key in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(key)]
        }
        return current
    }

    func int(_ path: String) -> Int { (self[path: path] as? NSNumber)?.intValue ?? -1 }
    func double(_ path: String) -> Double { (self[path: path] as? NSNumber)?.doubleValue ?? .nan }
    func string(_ path: String) -> String? { self[path: path] as? String }
}
