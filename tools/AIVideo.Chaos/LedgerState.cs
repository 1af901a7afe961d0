using AIVideo.Core.Data;
using AIVideo.Core.Data.Entities;
using Npgsql;

namespace AIVideo.Chaos;

/// <summary>A video's current attempt with its ledger rows, as PostgreSQL holds them at the end of the run.</summary>
internal sealed record VideoState(long Id, long UserId, string Status, int Attempt, string Prompt, string? Error, int Charges, int Refunds)
{
    public bool IsTerminal => Status == SnakeCaseNames.Of(VideoStatus.Completed) || Status == SnakeCaseNames.Of(VideoStatus.Failed);

    public string Word => JobPlan.Words.Select(w => w.Word).FirstOrDefault(w => Prompt.Contains(w, StringComparison.Ordinal)) ?? "(none)";
}

internal sealed record UserBalance(long Id, string Email, decimal Credits, decimal LedgerSum);

/// <summary>(video, attempt, reason) with more than one ledger row: a double charge or a double refund.</summary>
internal sealed record DuplicateLedgerRows(long VideoId, int Attempt, string Reason, long Rows);

/// <summary>Reads what the checks need straight from PostgreSQL: the product's own view is what is being checked.</summary>
internal static class LedgerState
{
    private static readonly string s_charge = SnakeCaseNames.Of(CreditReason.GenerationCharge);
    private static readonly string s_refund = SnakeCaseNames.Of(CreditReason.GenerationRefund);

    public static async Task<IReadOnlyList<VideoState>> VideosAsync(string database, CancellationToken cancellationToken) =>
        await QueryAsync(database, """
            SELECT v.id, v.user_id, v.status, v.attempt, v.prompt, v.error_message,
                (SELECT count(*) FROM credit_transactions t WHERE t.video_id = v.id AND t.attempt = v.attempt AND t.reason = @charge)::int,
                (SELECT count(*) FROM credit_transactions t WHERE t.video_id = v.id AND t.attempt = v.attempt AND t.reason = @refund)::int
            FROM videos v ORDER BY v.id
            """,
            reader => new VideoState(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt32(6), reader.GetInt32(7)),
            cancellationToken);

    public static async Task<IReadOnlyList<UserBalance>> BalancesAsync(string database, CancellationToken cancellationToken) =>
        await QueryAsync(database, """
            SELECT u.id, u.email, u.credits, COALESCE((SELECT sum(t.amount) FROM credit_transactions t WHERE t.user_id = u.id), 0)
            FROM users u ORDER BY u.id
            """,
            reader => new UserBalance(reader.GetInt64(0), reader.GetString(1), reader.GetDecimal(2), reader.GetDecimal(3)),
            cancellationToken);

    /// <summary>Over every attempt, not only the current one (the unique index should make this empty whatever happens).</summary>
    public static async Task<IReadOnlyList<DuplicateLedgerRows>> DuplicatesAsync(string database, CancellationToken cancellationToken) =>
        await QueryAsync(database, """
            SELECT video_id, attempt, reason, count(*) FROM credit_transactions
            WHERE video_id IS NOT NULL AND reason IN (@charge, @refund)
            GROUP BY video_id, attempt, reason HAVING count(*) > 1
            """,
            reader => new DuplicateLedgerRows(reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3)),
            cancellationToken);

    private static async Task<List<T>> QueryAsync<T>(string database, string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("charge", s_charge);
        command.Parameters.AddWithValue("refund", s_refund);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
