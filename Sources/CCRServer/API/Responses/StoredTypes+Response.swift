import CCRStore
import Hummingbird

// Store types the API still answers with as they are (their JSON is the store's Codable shape):
// the next step of the API boundary is response types of the API's own for them too.
extension CallPage: ResponseEncodable {}
extension Review: ResponseEncodable {}
