/// A request body the API decodes: its name goes in the error a client gets for bad JSON.
protocol APIBody: Decodable {
    /// What the body is, for messages: "call", "review".
    static var bodyName: String { get }
}
