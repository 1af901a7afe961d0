using System.Text.Json;
using Npgsql;

namespace BareKestrel;

/// <summary>
/// The first page of 20 of one user's videos, read with the two statements EF Core sends for
/// GET /api/v1/videos (a count, then the page), written straight to the response as JSON.
/// </summary>
internal static class VideoPage
{
    private const int PageSize = 20;

    private const string CountSql = "SELECT count(*)::int FROM videos AS v WHERE v.user_id = @user_id";

    private const string PageSql = """
        SELECT v.id, v.user_id, v.prompt, v.model, v.reference_image_url, v.video_blob, v.poster_blob, v.status,
               v.progress, v.duration, v.resolution, v.error_message, v.created_at, v.updated_at
        FROM videos AS v
        WHERE v.user_id = @user_id
        ORDER BY v.created_at DESC, v.id DESC
        LIMIT @p OFFSET @p0
        """;

    public static async Task WriteAsync(NpgsqlDataSource source, long userId, HttpContext http)
    {
        await using var connection = await source.OpenConnectionAsync(http.RequestAborted);

        await using var count = new NpgsqlCommand(CountSql, connection);
        count.Parameters.AddWithValue("user_id", userId);
        var total = (int)(await count.ExecuteScalarAsync(http.RequestAborted))!;

        await using var page = new NpgsqlCommand(PageSql, connection);
        page.Parameters.AddWithValue("user_id", userId);
        page.Parameters.AddWithValue("p", PageSize);
        page.Parameters.AddWithValue("p0", 0);
        await using var reader = await page.ExecuteReaderAsync(http.RequestAborted);

        http.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteStartArray("videos");
        while (await reader.ReadAsync(http.RequestAborted))
        {
            json.WriteStartObject();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                json.WritePropertyName(reader.GetName(i));
                switch (reader.IsDBNull(i) ? null : reader.GetValue(i))
                {
                    case null: json.WriteNullValue(); break;
                    case string text: json.WriteStringValue(text); break;
                    case long number: json.WriteNumberValue(number); break;
                    case int number: json.WriteNumberValue(number); break;
                    case DateTime time: json.WriteStringValue(time); break;
                    case var other: json.WriteStringValue(other.ToString()); break;
                }
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("total", total);
        json.WriteNumber("page", 1);
        json.WriteNumber("page_size", PageSize);
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }
}
