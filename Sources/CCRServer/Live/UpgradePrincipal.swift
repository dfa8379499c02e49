import Hummingbird

/// The WebSocket router's authentication: the principal the upgrade gate admitted this
/// connection as (its token and role were checked there, with 401/403/429 answered before any
/// upgrade). A request that reached this router without passing the gate is refused.
struct UpgradePrincipal: RouterMiddleware {
    typealias Context = APIRequestContext

    let admitted: AdmittedUpgrades

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let principal = admitted.take(context.connection) else {
            throw APIError(.unauthorized, code: "unauthorized", message: "a bearer token is required")
        }
        var context = context
        context.identity = principal
        return try await next(request, context)
    }
}
