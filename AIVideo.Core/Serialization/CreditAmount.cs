using System.Globalization;

namespace AIVideo.Core.Serialization;

public static class CreditAmount
{
    /// <summary>
    /// At least one decimal, no trailing zeros beyond it: <c>10.0</c>, <c>12.5</c>, <c>0.25</c>.
    /// The contract's 402 text (<c>Required: 10.0, Available: 5.0</c>) and JSON numbers both use it.
    /// </summary>
    public static string Format(decimal value) => value.ToString("0.0###########", CultureInfo.InvariantCulture);
}
