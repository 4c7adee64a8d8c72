using System.Globalization;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>
/// Points in event time in config.toml: UTC timestamps as strings, "2024-08-08T23:57:56Z" or with milliseconds
/// "2024-08-08T23:57:56.250Z" (the Z is required: exchange timestamps are UTC). The empty string means "not set".
/// </summary>
public static class ConfigTimestamp
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff'Z'"];

    /// <summary>Parses <paramref name="text"/> into nanoseconds since the Unix epoch (0 for the empty string); false
    /// with a reason when it is not one of the two forms or lies before the epoch.</summary>
    public static bool TryParseNanoseconds(string? text, out long nanoseconds, out string error)
    {
        nanoseconds = 0;
        error = "";
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time)
            || time < DateTime.UnixEpoch)
        {
            error = $"\"{text}\" is not a UTC timestamp: write it as e.g. \"2024-08-08T23:57:56Z\" or \"2024-08-08T23:57:56.250Z\" (or \"\" for none)";
            return false;
        }

        nanoseconds = (time - DateTime.UnixEpoch).Ticks * 100;
        return true;
    }

    /// <summary>Nanoseconds since the Unix epoch of a timestamp already validated; throws naming <paramref name="key"/> otherwise.</summary>
    public static long ToNanoseconds(string? text, string key) =>
        TryParseNanoseconds(text, out var ns, out var error) ? ns : throw new InvalidOperationException($"{key}: {error}");
}
