namespace QuantumTrader.Stages.Signal;

/// <summary>
/// The entry rules, all from config (the lead maps config.toml onto it). There is deliberately no HOLD
/// fallback (no RSI/MACD trade when the models say HOLD) and no confidence floor.
/// </summary>
public sealed class SignalOptions
{
    /// <summary>Minimum ensemble confidence of the winning class, 0..1.</summary>
    public double MinConfidence { get; init; } = 0.6;

    /// <summary>Minimum models voting for the winning class (≥ 1).</summary>
    public int MinConsensus { get; init; } = 1;

    /// <summary>Minimum time between two signals of one symbol, ns (event time).</summary>
    public long SymbolCooldownNs { get; init; } = 60_000_000_000L;

    /// <summary>Maximum signals over any sliding 60 s window, all symbols together (0 blocks all).</summary>
    public int MaxSignalsPerMinute { get; init; } = 10;

    /// <summary>Maximum |funding rate| per funding interval (0.001 = 0.1%); NaN disables the filter.</summary>
    public double MaxAbsFundingRate { get; init; } = 0.001;

    /// <summary>Time after a position of the symbol closed during which no new entry is signalled, ns (legacy anti-churn: 900 s).</summary>
    public long ReentryBlockNs { get; init; } = 900_000_000_000L;

    /// <summary>Maximum correlation with any symbol holding an open position; NaN disables the filter.</summary>
    public double MaxCorrelationWithOpen { get; init; } = 0.8;

    /// <summary>Closed candles over which the live return correlation between symbols is computed (used
    /// when no static <see cref="CorrelationMatrix"/> is given; legacy: 30 days of 1 h candles = 720).</summary>
    public int CorrelationWindowCandles { get; init; } = 720;

    /// <summary>Shared candles needed before a live correlation counts; fewer and an entry next to an open
    /// position is refused (CorrelationUnknown).</summary>
    public int MinCorrelationSamples { get; init; } = 60;

    /// <summary>Start of the in-sample window (candle close, ns since the Unix epoch, inclusive): no entry is signalled
    /// from a candle that closed in [<see cref="InSampleFromNs"/>, <see cref="InSampleUntilNs"/>). Both 0: no window.
    /// For a backtest on a capture part of which trained the model: its training rows up to the hold-out start.</summary>
    public long InSampleFromNs { get; init; }

    /// <summary>End of the in-sample window (exclusive), ns since the Unix epoch; see <see cref="InSampleFromNs"/>.</summary>
    public long InSampleUntilNs { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        if (!(MinConfidence >= 0 && MinConfidence <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinConfidence), MinConfidence, "must be in [0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MinConsensus, 1, nameof(MinConsensus));
        ArgumentOutOfRangeException.ThrowIfNegative(SymbolCooldownNs, nameof(SymbolCooldownNs));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxSignalsPerMinute, nameof(MaxSignalsPerMinute));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxSignalsPerMinute, 100_000, nameof(MaxSignalsPerMinute));
        ArgumentOutOfRangeException.ThrowIfNegative(ReentryBlockNs, nameof(ReentryBlockNs));
        ArgumentOutOfRangeException.ThrowIfNegative(InSampleFromNs, nameof(InSampleFromNs));
        if ((InSampleFromNs != 0 || InSampleUntilNs != 0) && !(InSampleUntilNs > InSampleFromNs))
        {
            throw new ArgumentOutOfRangeException(nameof(InSampleUntilNs), InSampleUntilNs, "must be after InSampleFromNs (or both 0: no window)");
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(CorrelationWindowCandles, 2, nameof(CorrelationWindowCandles));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinCorrelationSamples, 2, nameof(MinCorrelationSamples));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MinCorrelationSamples, CorrelationWindowCandles, nameof(MinCorrelationSamples));
        if (!double.IsNaN(MaxAbsFundingRate) && !(MaxAbsFundingRate >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAbsFundingRate), MaxAbsFundingRate, "must be ≥ 0 or NaN (off)");
        }

        if (!double.IsNaN(MaxCorrelationWithOpen) && !(MaxCorrelationWithOpen >= -1 && MaxCorrelationWithOpen <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxCorrelationWithOpen), MaxCorrelationWithOpen, "must be in [-1, 1] or NaN (off)");
        }
    }
}
