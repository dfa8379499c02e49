import CCRStore
import Hummingbird

/// Lets a request through only when its principal has one of `roles` (403 otherwise).
/// Sits after `TokenAuthenticator`, which guarantees a principal.
struct RoleRequirement: RouterMiddleware {
    typealias Context = APIRequestContext

    let roles: Set<Role>

    init(_ roles: Role...) {
        self.roles = Set(roles)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let principal = context.identity else {
            throw APIError(.unauthorized, code: "unauthorized", message: "a bearer token is required")
        }
        guard roles.contains(principal.role) else {
            let allowed = roles.map(\.rawValue).sorted().joined(separator: " or ")
            throw APIError(.forbidden, code: "forbidden", message: "this needs a token with role \(allowed); yours is \(principal.role.rawValue)")
        }
        return try await next(request, context)
    }
}
