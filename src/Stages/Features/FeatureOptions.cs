namespace QuantumTrader.Stages.Features;

/// <summary>Settings of the features stage (the lead maps config.toml onto it).</summary>
public sealed class FeatureOptions
{
    /// <summary>Candle interval the features are computed on, in nanoseconds (default 1 minute).</summary>
    public long CandleIntervalNs { get; init; } = 60_000_000_000L;

    /// <summary>Intervals with no trade that are filled with flat candles; a longer gap restarts the
    /// symbol's indicators (warm-up again) instead of inventing a long flat history.</summary>
    public int MaxGapCandles { get; init; } = 30;

    /// <summary>When true, no vector is produced until a book top (bookTicker or book update) is known
    /// and at most <see cref="MaxBookAgeNs"/> old at the candle close.</summary>
    public bool RequireBook { get; init; } = true;

    /// <summary>Maximum age of the book top at a candle close, ns.</summary>
    public long MaxBookAgeNs { get; init; } = 60_000_000_000L;

    /// <summary>When true, no vector is produced until a funding rate (markPrice) is known and at most
    /// <see cref="MaxFundingAgeNs"/> old at the candle close.</summary>
    public bool RequireFunding { get; init; } = true;

    /// <summary>Maximum age of the funding rate at a candle close, ns.</summary>
    public long MaxFundingAgeNs { get; init; } = 300_000_000_000L;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(CandleIntervalNs, 1_000_000_000L, nameof(CandleIntervalNs));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxGapCandles, nameof(MaxGapCandles));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBookAgeNs, nameof(MaxBookAgeNs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFundingAgeNs, nameof(MaxFundingAgeNs));
    }
}
