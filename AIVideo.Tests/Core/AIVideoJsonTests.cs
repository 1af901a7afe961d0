using System.Text.Json;
using AIVideo.Core.Data.Entities;
using AIVideo.Core.Serialization;

namespace AIVideo.Tests.Core;

public sealed class AIVideoJsonTests
{
    private sealed record Sample(long UserId, string? ErrorMessage, DateTime CreatedAt, DateTime? CompletedAt, decimal Credits, VideoStatus Status, CreditReason Reason);

    [Fact]
    public void Writes_the_contract_wire_format()
    {
        var sample = new Sample(
            UserId: 1,
            ErrorMessage: null,
            CreatedAt: new DateTime(2025, 10, 15, 10, 30, 0, 123, DateTimeKind.Utc),
            CompletedAt: null,
            Credits: 90.00m,
            Status: VideoStatus.Processing,
            Reason: CreditReason.GenerationRefund);

        var json = JsonSerializer.Serialize(sample, AIVideoJson.Options);

        Assert.Equal(
            """{"user_id":1,"error_message":null,"created_at":"2025-10-15T10:30:00Z","completed_at":null,"credits":90.0,"status":"processing","reason":"generation_refund"}""",
            json);
    }

    [Theory]
    [InlineData("10", "10.0")]
    [InlineData("10.00", "10.0")]
    [InlineData("12.50", "12.5")]
    [InlineData("0.25", "0.25")]
    [InlineData("0", "0.0")]
    public void Credits_always_show_one_decimal(string stored, string expected) =>
        Assert.Equal(expected, CreditAmount.Format(decimal.Parse(stored, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Local_times_are_converted_to_utc()
    {
        var local = new DateTime(2025, 10, 15, 12, 0, 0, DateTimeKind.Local);

        var json = JsonSerializer.Serialize(local, AIVideoJson.Options);

        Assert.Equal($"\"{local.ToUniversalTime():yyyy-MM-dd'T'HH:mm:ss}Z\"", json);
    }

    [Fact]
    public void Reads_offsets_as_utc()
    {
        var value = JsonSerializer.Deserialize<DateTime>("\"2025-10-15T12:30:00+02:00\"", AIVideoJson.Options);

        Assert.Equal(new DateTime(2025, 10, 15, 10, 30, 0, DateTimeKind.Utc), value);
        Assert.Equal(DateTimeKind.Utc, value.Kind);
    }
}
