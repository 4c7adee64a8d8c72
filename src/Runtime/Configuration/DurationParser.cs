using System.Globalization;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>Parses durations written as <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c> (a bare number means seconds).</summary>
public static class DurationParser
{
    /// <summary>Parses <paramref name="text"/>; false with a reason when it is not a positive duration.</summary>
    public static bool TryParse(string? text, out TimeSpan duration, out string error)
    {
        duration = default;
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty duration";
            return false;
        }

        var t = text.Trim();
        var (number, unit) = t.EndsWith("ms", StringComparison.Ordinal) ? (t[..^2], 0.001)
            : t.EndsWith('s') ? (t[..^1], 1.0)
            : t.EndsWith('m') ? (t[..^1], 60.0)
            : t.EndsWith('h') ? (t[..^1], 3600.0)
            : (t, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0)
        {
            error = $"'{text}' is not a positive duration (examples: 500ms, 10s, 2m, 1h)";
            return false;
        }

        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}
