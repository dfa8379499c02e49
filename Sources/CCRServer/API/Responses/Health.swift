import Hummingbird

/// `GET /healthz`.
struct Health: ResponseEncodable {
    var status: String
    var liveCalls: Int
}
