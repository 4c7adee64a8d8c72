using System.Globalization;
using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>
/// Durations in config.toml: strings with a unit ("500ms", "1s", "2m", "1h"), read with
/// <see cref="DurationParser"/>, turned into whole nanoseconds once when the composition root asks.
/// A config duration must carry its unit: a bare "5" would be ambiguous to the reader of the file.
/// </summary>
public static class ConfigDuration
{
    /// <summary>Nanoseconds per <see cref="TimeSpan"/> tick.</summary>
    private const long NanosPerTick = 100;

    /// <summary>Nanoseconds in one second.</summary>
    public const long NanosPerSecond = 1_000_000_000L;

    /// <summary>
    /// Parses <paramref name="text"/> into nanoseconds; false with a reason when it is not a positive
    /// duration with a unit, is shorter than 100 ns (the resolution), or does not fit.
    /// </summary>
    public static bool TryParseNanoseconds(string? text, out long nanoseconds, out string error)
    {
        nanoseconds = 0;
        var t = text?.Trim() ?? "";
        if (t.Length > 0 && (char.IsDigit(t[^1]) || t[^1] == '.'))
        {
            error = $"\"{text}\" has no unit: write it as e.g. \"500ms\", \"10s\", \"2m\" or \"1h\"";
            return false;
        }

        TimeSpan duration;
        try
        {
            if (!DurationParser.TryParse(text, out duration, out error))
            {
                error = $"\"{text}\" is not a positive duration (examples: \"500ms\", \"10s\", \"2m\", \"1h\")";
                return false;
            }
        }
        catch (OverflowException)
        {
            error = $"\"{text}\" is too long a duration";
            return false;
        }

        if (duration.Ticks <= 0)
        {
            error = $"\"{text}\" is shorter than the 100 ns resolution of durations";
            return false;
        }

        nanoseconds = duration.Ticks * NanosPerTick;
        return true;
    }

    /// <summary>
    /// The nanoseconds of a duration that validation already accepted; throws
    /// <see cref="InvalidOperationException"/> naming <paramref name="key"/> when it is not valid (a config
    /// built in code rather than loaded).
    /// </summary>
    public static long ToNanoseconds(string text, string key)
    {
        if (!TryParseNanoseconds(text, out var ns, out var error))
        {
            throw new InvalidOperationException($"{key}: {error}");
        }

        return ns;
    }

    /// <summary>The shortest readable form of <paramref name="nanoseconds"/> in the largest exact unit (for messages).</summary>
    public static string Format(long nanoseconds)
    {
        const long ms = 1_000_000L;
        return nanoseconds % (3600 * NanosPerSecond) == 0 ? Text(nanoseconds / (3600 * NanosPerSecond)) + "h"
            : nanoseconds % (60 * NanosPerSecond) == 0 ? Text(nanoseconds / (60 * NanosPerSecond)) + "m"
            : nanoseconds % NanosPerSecond == 0 ? Text(nanoseconds / NanosPerSecond) + "s"
            : (nanoseconds / (double)ms).ToString("R", CultureInfo.InvariantCulture) + "ms";
    }

    private static string Text(long v) => v.ToString(CultureInfo.InvariantCulture);
}
