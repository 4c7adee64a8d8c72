using QuantumTrader.Stages.Features;
using Xunit;

namespace QuantumTrader.Stages.Tests.Features;

public sealed class CandleBuilderTests
{
    private const long Minute = 60_000_000_000L;

    [Fact]
    public void AddTrade_TradesInOneMinute_ClosedByFirstTradeOfNext()
    {
        var b = new CandleBuilder(Minute);
        Assert.Equal(CandleBuilder.AddResult.Added, b.AddTrade(10 * Minute + 1, 100, 1, false, 5, out _, out _));
        Assert.Equal(CandleBuilder.AddResult.Added, b.AddTrade(10 * Minute + 2, 103, 2, true, 5, out _, out _));
        Assert.Equal(CandleBuilder.AddResult.Added, b.AddTrade(10 * Minute + 3, 99, 3, false, 5, out _, out _));
        Assert.Equal(CandleBuilder.AddResult.Added, b.AddTrade(11 * Minute - 1, 101, 4, false, 5, out _, out _));

        var result = b.AddTrade(11 * Minute, 102, 1, false, 5, out var closed, out var gapTooLong);

        Assert.Equal(CandleBuilder.AddResult.Closed, result);
        Assert.Equal(1, closed);
        Assert.False(gapTooLong);
        Assert.Equal(new Candle(10 * Minute, 11 * Minute, 100, 103, 99, 101, 10, 8, 4), b.GetClosed(0));
    }

    [Fact]
    public void AddTrade_MinutesWithoutTrades_EmitsFlatGapCandles()
    {
        var b = new CandleBuilder(Minute);
        b.AddTrade(10 * Minute, 100, 1, false, 5, out _, out _);
        b.AddTrade(13 * Minute + 5, 110, 1, false, 5, out var closed, out var gapTooLong);

        Assert.Equal(3, closed);
        Assert.False(gapTooLong);
        Assert.Equal(new Candle(11 * Minute, 12 * Minute, 100, 100, 100, 100, 0, 0, 0), b.GetClosed(1));
        Assert.Equal(new Candle(12 * Minute, 13 * Minute, 100, 100, 100, 100, 0, 0, 0), b.GetClosed(2));
    }

    [Fact]
    public void AddTrade_GapLongerThanMaximum_FlagsItAndEmitsOnlyTheOpenCandle()
    {
        var b = new CandleBuilder(Minute);
        b.AddTrade(10 * Minute, 100, 1, false, 2, out _, out _);
        b.AddTrade(20 * Minute, 110, 1, false, 2, out var closed, out var gapTooLong);

        Assert.True(gapTooLong);
        Assert.Equal(1, closed);
    }

    [Fact]
    public void AddTrade_OlderThanOpenCandle_IsRefusedAndCandleUnchanged()
    {
        var b = new CandleBuilder(Minute);
        b.AddTrade(10 * Minute, 100, 1, false, 5, out _, out _);
        b.AddTrade(11 * Minute, 101, 1, false, 5, out _, out _);

        Assert.Equal(CandleBuilder.AddResult.OutOfOrder, b.AddTrade(10 * Minute + 5, 500, 1, false, 5, out _, out _));

        b.AddTrade(12 * Minute, 102, 1, false, 5, out _, out _);
        Assert.Equal(101, b.GetClosed(0).High);
    }
}
