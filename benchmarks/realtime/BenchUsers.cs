using Npgsql;

namespace RealtimeBench;

/// <summary>Users created straight in the database (ids far above real ones), removed again afterwards.</summary>
internal static class BenchUsers
{
    public const long FirstId = 900_000_000_000;

    public static async Task CreateAsync(string connectionString, int count)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO users (id, google_sub, email, credits)
            SELECT id, 'bench-' || id, 'bench-' || id || '@example.com', 0 FROM generate_series(@first, @last) AS id
            ON CONFLICT DO NOTHING
            """, connection);
        command.Parameters.AddWithValue("first", FirstId);
        command.Parameters.AddWithValue("last", FirstId + count - 1);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task DeleteAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DELETE FROM users WHERE id >= @first", connection);
        command.Parameters.AddWithValue("first", FirstId);
        await command.ExecuteNonQueryAsync();
    }
}
