using System.Text.Json;
using System.Text.Json.Serialization;

namespace AIVideo.Core.Serialization;

/// <summary>
/// Writes credits as the spec shows them (<c>90.0</c>, <c>12.5</c>) whatever scale the database
/// returned (<c>numeric(12,2)</c> reads back as <c>90.00</c>).
/// </summary>
public sealed class DecimalJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDecimal();

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteRawValue(CreditAmount.Format(value), skipInputValidation: true);
}
