/// A live client's request or message that cannot be honoured, with a message for the client.
public enum LiveRequestError: Error, CustomStringConvertible, Equatable {
    case invalid(String)

    public var description: String {
        switch self {
        case .invalid(let message): message
        }
    }
}
