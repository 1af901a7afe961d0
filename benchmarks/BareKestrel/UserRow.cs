using System.Text.Json;
using Npgsql;

namespace BareKestrel;

/// <summary>
/// One user's profile row, read with the statement EF Core sends for GET /api/v1/auth/me, written
/// as JSON: what that endpoint costs with its one query and nothing else.
/// </summary>
internal static class UserRow
{
    private const string Sql = """
        SELECT u.id, u.email, u.name, u.avatar_url, u.credits, u.created_at
        FROM users AS u
        WHERE u.id = @user_id
        LIMIT 2
        """;

    public static async Task WriteAsync(NpgsqlDataSource source, long userId, HttpContext http)
    {
        await using var connection = await source.OpenConnectionAsync(http.RequestAborted);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.AddWithValue("user_id", userId);
        await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
        if (!await reader.ReadAsync(http.RequestAborted))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
        json.WriteStartObject();
        json.WriteNumber("id", reader.GetInt64(0));
        json.WriteString("email", reader.GetString(1));
        json.WriteString("name", reader.IsDBNull(2) ? null : reader.GetString(2));
        json.WriteString("avatar_url", reader.IsDBNull(3) ? null : reader.GetString(3));
        json.WriteNumber("credits", reader.GetDecimal(4));
        json.WriteString("created_at", reader.GetDateTime(5));
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }
}
