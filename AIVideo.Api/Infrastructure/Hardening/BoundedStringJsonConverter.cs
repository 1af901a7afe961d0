using System.Text.Json;
using System.Text.Json.Serialization;

namespace AIVideo.Api.Infrastructure.Hardening;

/// <summary>
/// Reads JSON strings of request bodies up to <see cref="MaxLength"/> characters. Every field has
/// its own, smaller, validated maximum; this cap holds for any string, whatever field it lands in,
/// before a handler or its validation sees it. Writing is unchanged.
/// </summary>
internal sealed class BoundedStringJsonConverter : JsonConverter<string>
{
    public const int MaxLength = 10_000;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            // The serializer adds the path; the translator answers "str type expected" as before.
            throw new JsonException();
        }

        // A character takes at most 6 bytes in JSON (an \uXXXX escape): far longer values are
        // refused without being decoded at all.
        var byteLength = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (byteLength > 6L * MaxLength)
        {
            throw new JsonStringTooLongException(MaxLength);
        }

        var value = reader.GetString()!;
        return value.Length > MaxLength ? throw new JsonStringTooLongException(MaxLength) : value;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetString()!;

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
        writer.WritePropertyName(value);
}

/// <summary>A request body string longer than the JSON string cap; answered as the contract's max_length 422.</summary>
internal sealed class JsonStringTooLongException(int maxLength) : JsonException($"A JSON string is longer than {maxLength} characters.")
{
    public int MaxLength { get; } = maxLength;
}
