using AIVideo.Api.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AIVideo.Api.Infrastructure.Errors;

/// <summary>
/// Writes the contract's 401 and 403 bodies in one place, whichever scheme refused: no token is
/// "Not authenticated", a bad one "Invalid authentication credentials", too few rights "Not authorized".
/// </summary>
internal sealed class ContractAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            var detail = RealtimeTokens.WasPresented(context.Request) ? "Invalid authentication credentials" : "Not authenticated";
            return ApiErrors.Unauthorized(detail).ExecuteAsync(context);
        }

        if (authorizeResult.Forbidden)
        {
            return ApiErrors.Forbidden("Not authorized").ExecuteAsync(context);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
