import CCRStore
import Hummingbird
import HummingbirdAuth

/// `GET /v1/session`: who the presented token is (its public id, role and teams), so the
/// dashboard shows each role what it may use. Holds no personal data; not journaled.
struct SessionController {
    typealias Context = APIRequestContext

    struct Session: ResponseEncodable {
        var tokenId: String
        var role: String
        /// A supervisor's teams (empty for other roles).
        var teams: [String]
    }

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get { _, context in
            let principal = try context.requireIdentity()
            return Session(tokenId: principal.tokenId, role: principal.role.rawValue, teams: principal.teams.sorted())
        }
        return routes
    }
}
