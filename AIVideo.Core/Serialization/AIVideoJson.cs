using System.Text.Json;
using System.Text.Json.Serialization;

namespace AIVideo.Core.Serialization;

/// <summary>
/// The wire format of the contract, shared by the Api's responses and the events the Worker
/// publishes: snake_case names, nulls written, enums as snake_case words, UTC <c>Z</c> timestamps.
/// </summary>
public static class AIVideoJson
{
    /// <summary>Ready-made options for code outside ASP.NET Core's pipeline (events, queue messages).</summary>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.Converters.Add(new UtcDateTimeJsonConverter());
        options.Converters.Add(new DecimalJsonConverter());
        return options;
    }
}
