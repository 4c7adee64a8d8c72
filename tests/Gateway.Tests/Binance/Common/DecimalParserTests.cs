using System.Text;
using QuantumTrader.Gateway.Binance.Common;

namespace QuantumTrader.Gateway.Tests.Binance.Common;

public sealed class DecimalParserTests
{
    [Theory]
    [InlineData("61800.30", 6_180_030_000_000L)]
    [InlineData("0.001", 100_000L)]
    [InlineData("0", 0L)]
    [InlineData("0.000", 0L)]
    [InlineData("25.35190000", 2_535_190_000L)]
    [InlineData("100", 10_000_000_000L)]
    [InlineData("0.00000001", 1L)]
    [InlineData("92233720368.54775807", long.MaxValue)]
    public void TryParseFixed_ValidDecimal_ExactRaw(string text, long expected)
    {
        Assert.True(DecimalParser.TryParseFixed(Encoding.ASCII.GetBytes(text), out var raw));
        Assert.Equal(expected, raw);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("1e5")]
    [InlineData(".5")]
    [InlineData("5.")]
    [InlineData("1.2.3")]
    [InlineData("NaN")]
    [InlineData(" 1")]
    [InlineData("+1")]
    [InlineData("0.000000001")]
    [InlineData("92233720368.54775808")]
    [InlineData("99999999999999999999")]
    public void TryParseFixed_Invalid_Rejected(string text)
    {
        Assert.False(DecimalParser.TryParseFixed(Encoding.ASCII.GetBytes(text), out _));
    }

    [Fact]
    public void TryParseFixed_NegativeAllowed_FundingRate()
    {
        Assert.True(DecimalParser.TryParseFixed("-0.00003936"u8, out var raw, allowNegative: true));
        Assert.Equal(-3936L, raw);
    }

    [Fact]
    public void TryParseScaled_TimestampWithTruncation_Nanoseconds()
    {
        Assert.True(DecimalParser.TryParseScaled("1626992741.3105128"u8, 9, false, truncateExcess: true, out var ns));
        Assert.Equal(1_626_992_741_310_512_800L, ns);
        Assert.True(DecimalParser.TryParseScaled("1.1234567891"u8, 9, false, truncateExcess: true, out ns));
        Assert.Equal(1_123_456_789L, ns);
    }

    [Theory]
    [InlineData(6_180_030_000_000L, "61800.3")]
    [InlineData(100_000L, "0.001")]
    [InlineData(0L, "0")]
    [InlineData(-3936L, "-0.00003936")]
    [InlineData(10_000_000_000L, "100")]
    public void TryFormatFixed_Raw_ShortestExactDecimal(long raw, string expected)
    {
        Span<byte> buffer = stackalloc byte[32];
        Assert.True(DecimalFormatter.TryFormatFixed(raw, buffer, out var n));
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
        Assert.True(DecimalParser.TryParseFixed(buffer[..n], out var back, allowNegative: true));
        Assert.Equal(raw, back);
    }

    [Fact]
    public void ToString_WithDecimals_PadsToPrecision()
    {
        Assert.Equal("110001.00", DecimalFormatter.ToString(11_000_100_000_000L, 2));
        Assert.Equal("0.200", DecimalFormatter.ToString(20_000_000L, 3));
    }
}
