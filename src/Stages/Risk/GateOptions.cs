using QuantumTrader.Model.State;

namespace QuantumTrader.Stages.Risk;

/// <summary>
/// The gate's limits (config <c>[gate]</c>, with strategy.max_position_notional and risk.max_leverage; docs/RISK.md
/// "The gate"). Money is in quote currency, fractions are plain fractions (0.8 = 80%). The gate converts them once,
/// at construction, to raw fixed point and parts per million, and compares integers only.
/// </summary>
public sealed record GateOptions
{
    /// <summary>Instruments, ids 0..Symbols−1 (≥ 1).</summary>
    public int Symbols { get; init; } = 1;

    /// <summary>Largest |position + open entries + order| of one symbol, quote (strategy.max_position_notional), &gt; 0.</summary>
    public double MaxPositionNotional { get; init; } = 2_000;

    /// <summary>Largest notional of one order at its reference price, quote, &gt; 0.</summary>
    public double MaxOrderNotional { get; init; } = 5_000;

    /// <summary>Largest notional of all positions and open entries (at mark) plus the order, quote, &gt; 0.</summary>
    public double MaxTotalNotional { get; init; } = 10_000;

    /// <summary>Largest share of equity the total notional may reach, (0, 100] (0.8 = 80%; above 1 allows leverage on the book).</summary>
    public double MaxExposureShare { get; init; } = 0.8;

    /// <summary>Symbols that may hold a position or an open entry at once, ≥ 1.</summary>
    public int MaxOpenPositions { get; init; } = 3;

    /// <summary>Highest leverage an entry may carry (risk.max_leverage), ≥ 1.</summary>
    public double MaxLeverage { get; init; } = 20;

    /// <summary>Per-symbol leverage bracket (instrument max_leverage), by symbol id; a symbol without one has only
    /// <see cref="MaxLeverage"/>.</summary>
    public IReadOnlyList<double> LeverageBrackets { get; init; } = [];

    /// <summary>Orders (entries and exits) approved per symbol within <see cref="OrderRateWindowNs"/> before entries are
    /// blocked, ≥ 1.</summary>
    public int MaxOrdersPerSymbol { get; init; } = 5;

    /// <summary>Orders approved within <see cref="OrderRateWindowNs"/>, all symbols, before entries are blocked, ≥ 1.</summary>
    public int MaxOrders { get; init; } = 20;

    /// <summary>The sliding window of the order rates, event time, ns (&gt; 0).</summary>
    public long OrderRateWindowNs { get; init; } = 60_000_000_000;

    /// <summary>Largest loss from the day's start equity, fraction of it, (0, 1].</summary>
    public double DailyLossLimit { get; init; } = 0.05;

    /// <summary>The global mode the daily loss limit moves to (<see cref="TradingMode.Reducing"/> or <see cref="TradingMode.Halted"/>).</summary>
    public TradingMode DailyLossMode { get; init; } = TradingMode.Reducing;

    /// <summary>Largest drawdown from peak equity, fraction of it, (0, 1].</summary>
    public double MaxDrawdown { get; init; } = 0.15;

    /// <summary>The global mode the drawdown breaker moves to (<see cref="TradingMode.Reducing"/> or <see cref="TradingMode.Halted"/>).</summary>
    public TradingMode DrawdownMode { get; init; } = TradingMode.Reducing;

    /// <summary>Largest distance of an entry's reference price from the mark price, basis points, 1..10000.</summary>
    public int MaxMarkDeviationBps { get; init; } = 100;

    /// <summary>The percent-price band around the mark price a limit price must be in (Binance's PERCENT_PRICE
    /// multipliers as basis points: 500 = mark × 0.95 .. mark × 1.05), 1..10000.</summary>
    public int PercentPriceBps { get; init; } = 500;

    /// <summary>Maintenance margin rate of the isolated-margin liquidation estimate, [0, 0.5).</summary>
    public double MaintenanceMarginRate { get; init; } = 0.004;

    /// <summary>The projected liquidation distance must be at least this multiple of the stop distance, &gt; 0.</summary>
    public double LiquidationStopMultiple { get; init; } = 1.5;

    /// <summary>Largest open risk to stop of every position and open entry plus the order, fraction of equity, (0, 1].</summary>
    public double MaxPortfolioHeat { get; init; } = 0.06;

    /// <summary>Correlation cluster of each symbol, by symbol id (−1 or absent: none).</summary>
    public IReadOnlyList<int> Clusters { get; init; } = [];

    /// <summary>Symbols of one cluster that may hold a position or an open entry at once, ≥ 1.</summary>
    public int MaxClusterPositions { get; init; } = 2;

    /// <summary>Largest open risk to stop of one cluster plus the order, fraction of equity, (0, 1].</summary>
    public double MaxClusterHeat { get; init; } = 0.04;

    /// <summary>Venue rejects of one symbol in a row that halt the symbol, ≥ 1.</summary>
    public int MaxConsecutiveRejects { get; init; } = 3;

    /// <summary>Throws when a value is out of range (the config validator reports them with key and line first).</summary>
    public void Validate()
    {
        Check(Symbols >= 1, nameof(Symbols));
        Check(MaxPositionNotional > 0 && MaxPositionNotional <= 1e12, nameof(MaxPositionNotional));
        Check(MaxOrderNotional > 0 && MaxOrderNotional <= 1e12, nameof(MaxOrderNotional));
        Check(MaxTotalNotional > 0 && MaxTotalNotional <= 1e12, nameof(MaxTotalNotional));
        Check(MaxExposureShare > 0 && MaxExposureShare <= 100, nameof(MaxExposureShare));
        Check(MaxOpenPositions >= 1, nameof(MaxOpenPositions));
        Check(MaxLeverage >= 1 && MaxLeverage <= 1000, nameof(MaxLeverage));
        foreach (var b in LeverageBrackets)
        {
            Check(b >= 1 && b <= 1000, nameof(LeverageBrackets));
        }

        Check(MaxOrdersPerSymbol is >= 1 and <= 100_000, nameof(MaxOrdersPerSymbol));
        Check(MaxOrders is >= 1 and <= 100_000, nameof(MaxOrders));
        Check(OrderRateWindowNs > 0, nameof(OrderRateWindowNs));
        Check(DailyLossLimit > 0 && DailyLossLimit <= 1, nameof(DailyLossLimit));
        Check(DailyLossMode is TradingMode.Reducing or TradingMode.Halted, nameof(DailyLossMode));
        Check(MaxDrawdown > 0 && MaxDrawdown <= 1, nameof(MaxDrawdown));
        Check(DrawdownMode is TradingMode.Reducing or TradingMode.Halted, nameof(DrawdownMode));
        Check(MaxMarkDeviationBps is >= 1 and <= 10_000, nameof(MaxMarkDeviationBps));
        Check(PercentPriceBps is >= 1 and <= 10_000, nameof(PercentPriceBps));
        Check(MaintenanceMarginRate >= 0 && MaintenanceMarginRate < 0.5, nameof(MaintenanceMarginRate));
        Check(LiquidationStopMultiple > 0 && LiquidationStopMultiple <= 100, nameof(LiquidationStopMultiple));
        Check(MaxPortfolioHeat > 0 && MaxPortfolioHeat <= 1, nameof(MaxPortfolioHeat));
        Check(MaxClusterPositions >= 1, nameof(MaxClusterPositions));
        Check(MaxClusterHeat > 0 && MaxClusterHeat <= 1, nameof(MaxClusterHeat));
        Check(MaxConsecutiveRejects is >= 1 and <= 1_000_000, nameof(MaxConsecutiveRejects));
    }

    private static void Check(bool ok, string name)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"gate option {name} is out of range (see docs/RISK.md)");
        }
    }
}
