using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AIVideo.Core.Data;

/// <summary>
/// Stores an enum as the same snake_case word the API writes (<c>pending</c>, <c>signup_grant</c>),
/// so the database reads naturally and CHECK constraints can name the allowed values.
/// </summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => SnakeCaseNames.Of(value),
    name => Enum.Parse<TEnum>(name.Replace("_", string.Empty, StringComparison.Ordinal), true))
    where TEnum : struct, Enum;

public static class SnakeCaseNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>The SQL list of every name of an enum, for a CHECK constraint: <c>'a', 'b'</c>.</summary>
    public static string SqlValueList<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(v => $"'{Of(v)}'"));
}
