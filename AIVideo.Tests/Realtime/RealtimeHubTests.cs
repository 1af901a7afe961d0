using System.Globalization;
using System.Security.Claims;
using AIVideo.Api.Realtime;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AIVideo.Tests.Realtime;

public sealed class RealtimeHubTests
{
    [Fact]
    public void Closing_all_ends_every_connection_and_any_that_registers_afterwards()
    {
        var hub = new RealtimeHub();
        using var open = Client(userId: 1);
        using var openOfAnotherUser = Client(userId: 2);
        using var registered = hub.Add(open);
        using var registeredOfAnotherUser = hub.Add(openOfAnotherUser);

        hub.CloseAll(RealtimeClient.ShuttingDownReason);

        Assert.Equal(RealtimeClient.ShuttingDownReason, open.CloseReason);
        Assert.Equal(RealtimeClient.ShuttingDownReason, openOfAnotherUser.CloseReason);
        Assert.True(open.Closing.IsCancellationRequested);

        // Accepted in the moment between the stop signal and Kestrel refusing new connections.
        using var late = Client(userId: 1);
        using var lateRegistration = hub.Add(late);
        Assert.Equal(RealtimeClient.ShuttingDownReason, late.CloseReason);
        Assert.True(late.Closing.IsCancellationRequested);
    }

    private static RealtimeClient Client(long userId)
    {
        var expires = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, userId.ToString(CultureInfo.InvariantCulture)),
                new Claim(JwtRegisteredClaimNames.Sid, Guid.NewGuid().ToString()),
                new Claim(JwtRegisteredClaimNames.Exp, expires),
            ],
            "test"));
        return new RealtimeClient(user, bufferCapacity: 4, TimeProvider.System);
    }
}
