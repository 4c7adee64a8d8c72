namespace QuantumTrader.Stages.Features;

/// <summary>Settings of the features stage (the lead maps config.toml onto it).</summary>
public sealed class FeatureOptions
{
    /// <summary>Shortest candle interval, ns (100 ms).</summary>
    public const long MinCandleIntervalNs = 100_000_000L;

    /// <summary>Candle interval the features are computed on, in nanoseconds (default 1 minute): whole
    /// seconds, or a whole number of milliseconds that divides one second (100, 125, 200, 250, 500 ms…), see
    /// <see cref="CandleIntervalProblem"/>.</summary>
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
        if (CandleIntervalProblem(CandleIntervalNs) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(CandleIntervalNs), CandleIntervalNs, problem);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxGapCandles, nameof(MaxGapCandles));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBookAgeNs, nameof(MaxBookAgeNs));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxFundingAgeNs, nameof(MaxFundingAgeNs));
    }

    // Design:
    //   Candles are buckets of exchange time (time / interval). An interval of whole seconds, or one that divides a
    //   second, puts a candle boundary on every whole second, so candles of every allowed interval line up with the
    //   exchange's 1 s klines and a 250 ms candle never straddles a second. Sub-second candles exist for short
    //   captures: the recorded 6-minute BTCUSDT capture gives 344 one-second candles, too few rows after the
    //   200-candle warm-up, and 1,374 of 250 ms (docs/FEATURES.md, models/README.md).

    /// <summary>Why <paramref name="intervalNs"/> is not a usable candle interval, or null when it is: it must be at
    /// least 100 ms and either a whole number of seconds or a whole number of milliseconds that divides one second.</summary>
    public static string? CandleIntervalProblem(long intervalNs)
    {
        const long second = 1_000_000_000L;
        if (intervalNs < MinCandleIntervalNs)
        {
            return "a candle interval is at least 100ms";
        }

        return intervalNs % second == 0 || (intervalNs < second && intervalNs % 1_000_000L == 0 && second % intervalNs == 0)
            ? null
            : "a candle interval is whole seconds, or whole milliseconds that divide one second (100ms, 200ms, 250ms, 500ms...): candles are aligned to whole seconds";
    }
}
