using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AIVideo.Core.Serialization;

/// <summary>
/// Writes <c>2025-10-15T10:30:00Z</c>: UTC, second precision, with the <c>Z</c> that the spec's
/// examples lack (JavaScript reads an offset-less timestamp as local time).
/// </summary>
public sealed class UtcDateTimeJsonConverter : JsonConverter<DateTime>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var value = reader.GetDateTimeOffset();
        return value.UtcDateTime;
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options)
    {
        // Npgsql returns timestamptz as Kind=Utc; treat an unspecified kind as UTC rather than shift it.
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        writer.WriteStringValue(utc.ToString(Format, CultureInfo.InvariantCulture));
    }
}
