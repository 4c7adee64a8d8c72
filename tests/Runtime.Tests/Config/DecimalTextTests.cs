using QuantumTrader.Runtime.Configuration;

namespace QuantumTrader.Runtime.Tests.Config;

public sealed class DecimalTextTests
{
    [Theory]
    [InlineData("0.10", 10_000_000L)]
    [InlineData("0.001", 100_000L)]
    [InlineData("100", 10_000_000_000L)]
    [InlineData("0.00000001", 1L)]
    [InlineData("1.500000000", 150_000_000L)]
    [InlineData("0", 0L)]
    public void TryParseRaw_PlainDecimal_GivesExactRawUnits(string text, long expected)
    {
        Assert.True(DecimalText.TryParseRaw(text, out var raw, out var error), error);
        Assert.Equal(expected, raw);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("-1", "not a plain decimal")]
    [InlineData("+1", "not a plain decimal")]
    [InlineData("1e-3", "not a plain decimal")]
    [InlineData(".5", "not a plain decimal")]
    [InlineData("5.", "not a plain decimal")]
    [InlineData("1,000", "not a plain decimal")]
    [InlineData(" 1", "not a plain decimal")]
    [InlineData("NaN", "not a plain decimal")]
    [InlineData("0.000000001", "more than 8 decimal places")]
    [InlineData("99999999999999", "too large")]
    public void TryParseRaw_NotExactDecimal_FailsWithReason(string text, string reason)
    {
        Assert.False(DecimalText.TryParseRaw(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
