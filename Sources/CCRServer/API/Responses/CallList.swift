import Hummingbird

/// `GET /v1/calls?state=live`: the live calls.
struct CallList: ResponseEncodable {
    var calls: [LiveCallResponse]
}
