using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Tests.Config;

public sealed class ConfigDurationTests
{
    [Theory]
    [InlineData("500ms", 500000000L)]
    [InlineData("1s", 1000000000L)]
    [InlineData("2m", 120000000000L)]
    [InlineData("1h", 3600000000000L)]
    [InlineData("1.5s", 1500000000L)]
    [InlineData(" 10s ", 10000000000L)]
    [InlineData("0.25ms", 250000L)]
    public void TryParseNanoseconds_WithUnit_GivesWholeNanoseconds(string text, long expected)
    {
        Assert.True(ConfigDuration.TryParseNanoseconds(text, out var ns, out var error), error);
        Assert.Equal(expected, ns);
    }

    [Theory]
    [InlineData("5", "has no unit")]
    [InlineData("", "not a positive duration")]
    [InlineData("abc", "not a positive duration")]
    [InlineData("-1s", "not a positive duration")]
    [InlineData("0s", "not a positive duration")]
    [InlineData("1e300h", "too long")]
    [InlineData("0.00001ms", "100 ns resolution")]
    public void TryParseNanoseconds_Invalid_IsRefusedWithReason(string text, string fragment)
    {
        Assert.False(ConfigDuration.TryParseNanoseconds(text, out var ns, out var error));
        Assert.Equal(0L, ns);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(86_400_000_000_000L, "24h")]
    [InlineData(60_000_000_000L, "1m")]
    [InlineData(45_000_000_000L, "45s")]
    [InlineData(1_500_000L, "1.5ms")]
    public void Format_Nanoseconds_UsesLargestExactUnit(long ns, string expected) =>
        Assert.Equal(expected, ConfigDuration.Format(ns));
}
