namespace QuantumTrader.Stages.Risk;

/// <summary>
/// The sizing rule's parameters (config <c>[risk]</c>, docs/RISK.md). Fractions are plain fractions (0.02 = 2%).
/// </summary>
public sealed class SizingOptions
{
    /// <summary>Margin per trade as a fraction of equity, (0, 1].</summary>
    public double MarginFraction { get; init; } = 0.02;

    /// <summary>Equity before a PnL ledger exists, quote currency, &gt; 0 (the default account's).</summary>
    public double StartingEquity { get; init; } = 10_000;

    /// <summary>Upper bound of any leverage, ≥ 1.</summary>
    public double MaxLeverage { get; init; } = 20;

    /// <summary>Per-symbol leverage bracket (the venue's maximum for the symbol), by symbol id; a symbol without an
    /// entry gets <see cref="DefaultLeverageBracket"/>. Each ≥ 1.</summary>
    public IReadOnlyList<double> LeverageBrackets { get; init; } = [];

    /// <summary>Bracket of a symbol not in <see cref="LeverageBrackets"/>.</summary>
    public double DefaultLeverageBracket { get; init; } = 20;

    /// <summary>Closed trades below which the cold-start rule applies, ≥ 0.</summary>
    public int ColdStartTrades { get; init; } = 5;

    /// <summary>Cap of the cold-start leverage, ≥ 1.</summary>
    public double ColdStartMaxLeverage { get; init; } = 5;

    /// <summary>Fraction of the full Kelly leverage taken, (0, 1].</summary>
    public double KellyFraction { get; init; } = 0.25;

    /// <summary>Prior win rate until a trade history exists, (0, 1).</summary>
    public double PriorWinRate { get; init; } = 0.5;

    /// <summary>Prior payoff ratio (average win ÷ average loss) until a trade history exists, &gt; 0.</summary>
    public double PriorPayoff { get; init; } = 1.5;

    /// <summary>ATR leverage: the equity fraction lost when a stop <see cref="AtrLeverageStopMultiple"/> ATRs away is hit, (0, 1].</summary>
    public double AtrRiskPerTrade { get; init; } = 0.015;

    /// <summary>ATR leverage: the stop distance in ATRs it assumes, &gt; 0.</summary>
    public double AtrLeverageStopMultiple { get; init; } = 1.5;

    /// <summary>Stop-loss distance in ATR%, before the clamp, &gt; 0.</summary>
    public double StopAtrMultiple { get; init; } = 2.0;

    /// <summary>Smallest stop-loss distance (fraction of price), (0, <see cref="MaxStopDistance"/>].</summary>
    public double MinStopDistance { get; init; } = 0.025;

    /// <summary>Largest stop-loss distance (fraction of price), &lt; 1.</summary>
    public double MaxStopDistance { get; init; } = 0.03;

    /// <summary>Take-profit distance as a multiple of the stop-loss distance (R), &gt; 0.</summary>
    public double TakeProfitR { get; init; } = 1.5;

    /// <summary>Throws when a value is out of range (the config validator reports them with key and line first).</summary>
    public void Validate()
    {
        Check(MarginFraction > 0 && MarginFraction <= 1, nameof(MarginFraction));
        Check(StartingEquity > 0 && double.IsFinite(StartingEquity), nameof(StartingEquity));
        Check(MaxLeverage >= 1 && MaxLeverage <= 1000, nameof(MaxLeverage));
        Check(DefaultLeverageBracket >= 1 && DefaultLeverageBracket <= 1000, nameof(DefaultLeverageBracket));
        foreach (var b in LeverageBrackets)
        {
            Check(b >= 1 && b <= 1000, nameof(LeverageBrackets));
        }

        Check(ColdStartTrades >= 0, nameof(ColdStartTrades));
        Check(ColdStartMaxLeverage >= 1 && ColdStartMaxLeverage <= 1000, nameof(ColdStartMaxLeverage));
        Check(KellyFraction > 0 && KellyFraction <= 1, nameof(KellyFraction));
        Check(PriorWinRate > 0 && PriorWinRate < 1, nameof(PriorWinRate));
        Check(PriorPayoff > 0 && double.IsFinite(PriorPayoff), nameof(PriorPayoff));
        Check(AtrRiskPerTrade > 0 && AtrRiskPerTrade <= 1, nameof(AtrRiskPerTrade));
        Check(AtrLeverageStopMultiple > 0 && double.IsFinite(AtrLeverageStopMultiple), nameof(AtrLeverageStopMultiple));
        Check(StopAtrMultiple > 0 && double.IsFinite(StopAtrMultiple), nameof(StopAtrMultiple));
        Check(MinStopDistance > 0 && MinStopDistance <= MaxStopDistance, nameof(MinStopDistance));
        Check(MaxStopDistance < 1, nameof(MaxStopDistance));
        Check(TakeProfitR > 0 && TakeProfitR * MaxStopDistance < 1, nameof(TakeProfitR));
    }

    /// <summary>The bracket of <paramref name="symbolId"/>.</summary>
    public double BracketOf(int symbolId) => symbolId < LeverageBrackets.Count ? LeverageBrackets[symbolId] : DefaultLeverageBracket;

    private static void Check(bool ok, string name)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"sizing option {name} is out of range (see docs/RISK.md)");
        }
    }
}
