using System.Text;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Model.Tests.Text;

/// <summary>The one decimal codec; carries the assertions of the former DecimalParser, DecimalFormatter and DecimalText tests.</summary>
public sealed class DecimalCodecTests
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
    public void TryParseFixed_ValidDecimal_ExactRawInUtf8AndUtf16(string text, long expected)
    {
        Assert.True(DecimalCodec.TryParseFixed(Encoding.ASCII.GetBytes(text), out var raw));
        Assert.Equal(expected, raw);
        Assert.True(DecimalCodec.TryParseFixed(text.AsSpan(), out var raw16));
        Assert.Equal(expected, raw16);
    }

    [Theory]
    [InlineData("", DecimalStatus.Empty)]
    [InlineData("-1", DecimalStatus.SignNotAllowed)]
    [InlineData("1e5", DecimalStatus.Malformed)]
    [InlineData(".5", DecimalStatus.Malformed)]
    [InlineData("5.", DecimalStatus.Malformed)]
    [InlineData("1.2.3", DecimalStatus.Malformed)]
    [InlineData("NaN", DecimalStatus.Malformed)]
    [InlineData(" 1", DecimalStatus.Malformed)]
    [InlineData("+1", DecimalStatus.Malformed)]
    [InlineData("0.000000001", DecimalStatus.TooManyPlaces)]
    [InlineData("92233720368.54775808", DecimalStatus.Overflow)]
    [InlineData("99999999999999999999", DecimalStatus.Overflow)]
    [InlineData("99999999999999999999x", DecimalStatus.Malformed)]
    public void Parse_Invalid_RejectedWithReason(string text, DecimalStatus expected)
    {
        Assert.False(DecimalCodec.TryParseFixed(Encoding.ASCII.GetBytes(text), out _));
        Assert.Equal(expected, DecimalCodec.Parse(Encoding.ASCII.GetBytes(text), FixedPoint.Decimals, false, false, out var v8));
        Assert.Equal(expected, DecimalCodec.Parse(text.AsSpan(), FixedPoint.Decimals, false, false, out var v16));
        Assert.Equal(0L, v8);
        Assert.Equal(0L, v16);
    }

    [Fact]
    public void Parse_ScaleOutOfRange_BadScale()
    {
        Assert.Equal(DecimalStatus.BadScale, DecimalCodec.Parse("1"u8, DecimalCodec.MaxScale + 1, false, false, out _));
        Assert.Equal(DecimalStatus.BadScale, DecimalCodec.Parse("1"u8, -1, false, false, out _));
    }

    [Fact]
    public void TryParseFixed_NegativeAllowed_FundingRate()
    {
        Assert.True(DecimalCodec.TryParseFixed("-0.00003936"u8, out var raw, allowNegative: true));
        Assert.Equal(-3936L, raw);
        Assert.True(DecimalCodec.TryParseFixed("-0.00003936".AsSpan(), out raw, allowNegative: true));
        Assert.Equal(-3936L, raw);
    }

    [Fact]
    public void TryParseScaled_TimestampWithTruncation_Nanoseconds()
    {
        Assert.True(DecimalCodec.TryParseScaled("1626992741.3105128"u8, 9, false, truncateExcess: true, out var ns));
        Assert.Equal(1_626_992_741_310_512_800L, ns);
        Assert.True(DecimalCodec.TryParseScaled("1.1234567891"u8, 9, false, truncateExcess: true, out ns));
        Assert.Equal(1_123_456_789L, ns);
    }

    [Theory]
    [InlineData(6_180_030_000_000L, "61800.3")]
    [InlineData(100_000L, "0.001")]
    [InlineData(0L, "0")]
    [InlineData(-3936L, "-0.00003936")]
    [InlineData(10_000_000_000L, "100")]
    [InlineData(long.MaxValue, "92233720368.54775807")]
    [InlineData(long.MinValue, "-92233720368.54775808")]
    public void TryFormatFixed_Raw_ShortestExactDecimal(long raw, string expected)
    {
        Span<byte> buffer = stackalloc byte[32];
        Assert.True(DecimalCodec.TryFormatFixed(raw, buffer, out var n));
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
        Span<char> chars = stackalloc char[32];
        Assert.True(DecimalCodec.TryFormatFixed(raw, chars, out var n16));
        Assert.Equal(expected, new string(chars[..n16]));
        Assert.Equal(expected, DecimalCodec.ToString(raw));
        if (raw != long.MinValue)
        {
            Assert.True(DecimalCodec.TryParseFixed(buffer[..n], out var back, allowNegative: true));
            Assert.Equal(raw, back);
        }
    }

    [Fact]
    public void TryFormatFixed_DestinationTooSmall_FalseAndNothingWritten()
    {
        Span<byte> buffer = stackalloc byte[6];
        Assert.False(DecimalCodec.TryFormatFixed(6_180_030_000_000L, buffer, out var n));
        Assert.Equal(0, n);
        Assert.True(DecimalCodec.TryFormatFixed(6_180_030_000_000L, stackalloc byte[7], out n));
        Assert.Equal(7, n);
    }

    [Fact]
    public void ToString_WithDecimals_PadsToPrecision()
    {
        Assert.Equal("110001.00", DecimalCodec.ToString(11_000_100_000_000L, 2));
        Assert.Equal("0.200", DecimalCodec.ToString(20_000_000L, 3));
    }

    [Fact]
    public void ToString_WithDecimals_TruncatesTowardZero()
    {
        Assert.Equal("61800.3", DecimalCodec.ToString(6_180_039_000_000L, 1));
        Assert.Equal("-0.0039", DecimalCodec.ToString(-393_600L, 4));
        Assert.Equal("0.00", DecimalCodec.ToString(-5L, 2));
        Assert.Equal("100", DecimalCodec.ToString(10_000_000_000L, 0));
    }

    [Fact]
    public void TryFormat_OtherScale_Nanoseconds()
    {
        Span<byte> buffer = stackalloc byte[32];
        Assert.True(DecimalCodec.TryFormat(1_626_992_741_310_512_800L, 9, 0, 9, buffer, out var n));
        Assert.Equal("1626992741.3105128", Encoding.ASCII.GetString(buffer[..n]));
    }

    [Theory]
    [InlineData("0.10", 10_000_000L)]
    [InlineData("0.001", 100_000L)]
    [InlineData("100", 10_000_000_000L)]
    [InlineData("0.00000001", 1L)]
    [InlineData("1.500000000", 150_000_000L)]
    [InlineData("0", 0L)]
    public void TryParseFixedText_PlainDecimal_GivesExactRawUnits(string text, long expected)
    {
        Assert.True(DecimalCodec.TryParseFixed(text, out var raw, out var error), error);
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
    public void TryParseFixedText_NotExactDecimal_FailsWithReason(string text, string reason)
    {
        Assert.False(DecimalCodec.TryParseFixed(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseAndFormat_Utf8_DoNotAllocate()
    {
        Span<byte> buffer = stackalloc byte[32];
        long sum = 0;
        _ = DecimalCodec.TryParseFixed("61800.30"u8, out _);
        _ = DecimalCodec.TryFormatFixed(1, buffer, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            _ = DecimalCodec.TryParseFixed("61800.30"u8, out var raw);
            _ = DecimalCodec.TryFormatFixed(raw + i, buffer, out var n);
            sum += n;
        }

        Assert.Equal(0L, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }
}
