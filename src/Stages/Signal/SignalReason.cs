namespace QuantumTrader.Stages.Signal;

/// <summary>Why an inference did or did not become a signal. Stable values: they are journaled.</summary>
public enum SignalReason : byte
{
    /// <summary>No inference on the slot, or the signal passed every rule.</summary>
    None = 0,

    /// <summary>The ensemble said HOLD.</summary>
    Hold = 1,

    /// <summary>Too few models voted: the ensemble failed closed.</summary>
    FailedClosed = 2,

    /// <summary>Confidence below the minimum.</summary>
    LowConfidence = 3,

    /// <summary>Fewer agreeing models than the minimum consensus.</summary>
    LowConsensus = 4,

    /// <summary>Funding rate beyond the allowed magnitude.</summary>
    FundingTooHigh = 5,

    /// <summary>No funding rate known for the symbol while the funding filter is on.</summary>
    FundingUnknown = 6,

    /// <summary>Re-entry blocked: the symbol's position closed too recently.</summary>
    ReentryBlocked = 7,

    /// <summary>Too correlated with an open position.</summary>
    Correlated = 8,

    /// <summary>The symbol's cooldown since its last signal has not elapsed.</summary>
    Cooldown = 9,

    /// <summary>The global signals-per-minute limit is reached.</summary>
    RateLimited = 10,

    /// <summary>The symbol is not in the registry.</summary>
    UnknownSymbol = 11,

    /// <summary>Another symbol has an open position and the correlation with it is not known yet
    /// (too few shared candles): fail closed.</summary>
    CorrelationUnknown = 12,

    /// <summary>The candle closed inside the in-sample window (<see cref="SignalOptions.InSampleFromNs"/> ..
    /// <see cref="SignalOptions.InSampleUntilNs"/>, strategy.in_sample_from/until): no entry from data the model was
    /// trained on.</summary>
    InSample = 13,
}
