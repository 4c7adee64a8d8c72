namespace QuantumTrader.Stages.Features;

/// <summary>The feature schemas this build can compute. <see cref="Current"/> is what serving produces.</summary>
public static class FeatureSchemas
{
    /// <summary>Schema family name.</summary>
    public const string Family = "qt-candle-features";

    /// <summary>
    /// Version 1: computed on each closed candle of the configured interval. Definitions are in
    /// docs/FEATURES.md; the order here is the vector order and the indices in <see cref="FeatureIndex"/>.
    /// </summary>
    public static FeatureSchema V1 { get; } = new(Family, 1, Names);

    /// <summary>
    /// Version 2: the names and order of V1; book_imbalance and spread_bps now come from the last book top
    /// whose exchange time is at or before the candle close (V1 took the latest top when the closing trade
    /// arrived, which could be newer than the close). V1 models are refused.
    /// </summary>
    public static FeatureSchema V2 { get; } = new(Family, 2, Names);

    /// <summary>
    /// Version 3: the names and order of V2; funding_rate now comes from the last markPrice whose exchange time
    /// is at or before the candle close (V2 took the latest markPrice when the closing trade arrived, which could
    /// be newer than the close). V1 and V2 models are refused: this build computes only V3.
    /// </summary>
    public static FeatureSchema V3 { get; } = new(Family, 3, Names);

    /// <summary>The schema serving produces.</summary>
    public static FeatureSchema Current => V3;

    private static string[] Names =>
    [
        "ret_1", "ret_5", "high_low_range", "ema9_dist", "ema10_dist", "ema20_dist", "ema21_dist", "ema50_dist",
        "ema200_dist", "ema10_20_cross", "ema10_50_cross", "rsi_14", "macd", "macd_signal", "macd_hist",
        "bb_position", "bb_width", "atr_14", "atr_pct", "realized_vol_20", "momentum_5", "momentum_10",
        "momentum_20", "adx_14", "plus_di_14", "minus_di_14", "volume_ratio_20", "taker_buy_ratio", "obv_flow_20",
        "book_imbalance", "spread_bps", "funding_rate",
    ];
}
