namespace QuantumTrader.Stages.Risk;

/// <summary>
/// The formulas of the sizing rule (legacy-behaviour.md §4, LeverageEngine and trading_mathematician), pure
/// functions of their arguments. Doubles, but only IEEE-exact operations (+ − × ÷ and square root, never
/// <see cref="Math.Pow(double, double)"/>), so a value is the same on every run and every machine; the stage
/// quantizes each result to fixed point before it is used or journaled.
/// </summary>
public static class SizingMath
{
    /// <summary>The cold-start rule's factor on the ATR leverage.</summary>
    public const double ColdStartFactor = 0.5;

    /// <summary>
    /// ATR leverage: the leverage at which a stop <paramref name="stopMultiple"/> ATRs away loses
    /// <paramref name="riskPerTrade"/> of equity when the margin is <paramref name="marginFraction"/> of equity,
    /// <c>risk / (stopMultiple · ATR% · marginFraction)</c> (legacy: 0.015 / (1.5 · ATR% · 0.02)).
    /// </summary>
    public static double AtrLeverage(double atrPct, double riskPerTrade, double stopMultiple, double marginFraction) =>
        riskPerTrade / (stopMultiple * atrPct * marginFraction);

    /// <summary>
    /// Fractional-Kelly leverage, <c>fraction · edge / variance</c> of one trade's price return, where a trade wins
    /// <paramref name="payoff"/> × <paramref name="stopDistance"/> with probability <paramref name="winRate"/> and
    /// loses <paramref name="stopDistance"/> otherwise. 0 when there is no positive edge.
    /// </summary>
    public static double KellyLeverage(double winRate, double payoff, double stopDistance, double fraction)
    {
        var win = payoff * stopDistance;
        var loss = stopDistance;
        var edge = (winRate * win) - ((1 - winRate) * loss);
        var variance = (winRate * win * win) + ((1 - winRate) * loss * loss) - (edge * edge);
        return edge > 0 && variance > 0 ? fraction * edge / variance : 0;
    }

    /// <summary>confidence^1.5, as c·√c (exact IEEE operations).</summary>
    public static double ConfidenceFactor(double confidence) => confidence * Math.Sqrt(confidence);

    /// <summary>
    /// The leverage before the caps: cold start <c>ATR leverage · c^1.5 · 0.5</c> capped at
    /// <paramref name="coldStartCap"/>; otherwise <c>√(Kelly · ATR) · c^1.5</c> (the geometric mean).
    /// </summary>
    public static double Leverage(bool coldStart, double kelly, double atr, double confidence, double coldStartCap) =>
        coldStart
            ? Math.Min(atr * ConfidenceFactor(confidence) * ColdStartFactor, coldStartCap)
            : Math.Sqrt(kelly * atr) * ConfidenceFactor(confidence);

    /// <summary>Stop-loss distance (fraction of price): <c>k · ATR%</c> clamped to [min, max].</summary>
    public static double StopDistance(double atrPct, double k, double min, double max) => Math.Clamp(k * atrPct, min, max);
}
