/// What one fan-out run does.
struct FanoutSettings {
    enum Mix: String {
        /// Half window.scored (~1.7 KB each), half alert.raised (~0.5 KB).
        case mixed
        case alerts
        case windows
    }

    var clients: Int
    var rate: Int
    var seconds: Int
    var mix: Mix

    var total: Int { rate * seconds }
}
