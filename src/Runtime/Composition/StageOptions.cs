using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Ingest;
using QuantumTrader.Model;
using QuantumTrader.Stages.Signal;

namespace QuantumTrader.Runtime.Composition;

/// <summary>Maps the validated config onto the stages' option classes (start-up only, never per event).</summary>
public static class StageOptions
{
    /// <summary>[ingest] → <see cref="IngestOptions"/>.</summary>
    public static IngestOptions Ingest(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var i = config.Ingest;
        var options = new IngestOptions
        {
            BadTickBandBasisPoints = i.BadTickBandBps,
            ReanchorAfterTicks = i.ReanchorAfterTicks,
            ReferencePrice = i.ReferencePrice switch
            {
                "mid" => ReferencePriceRule.Mid,
                "mark" => ReferencePriceRule.Mark,
                _ => ReferencePriceRule.Last,
            },
        };
        options.Validate();
        return options;
    }

    /// <summary>[features] → <see cref="FeatureOptions"/>.</summary>
    public static FeatureOptions Features(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var f = config.Features;
        var options = new FeatureOptions
        {
            CandleIntervalNs = f.CandleIntervalNs(),
            MaxGapCandles = f.MaxGapCandles,
            RequireBook = f.RequireBook,
            MaxBookAgeNs = f.MaxBookAgeNs(),
            RequireFunding = f.RequireFunding,
            MaxFundingAgeNs = f.MaxFundingAgeNs(),
        };
        options.Validate();
        return options;
    }

    /// <summary>[inference] → <see cref="InferenceOptions"/>, model paths resolved against the config's directory.</summary>
    public static InferenceOptions Inference(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var i = config.Inference;
        var models = new List<ModelSpec>();
        foreach (var m in i.Models)
        {
            models.Add(new ModelSpec(config.ResolvePath(m.Path), m.Weight));
        }

        var options = new InferenceOptions
        {
            Models = models,
            MinVoters = i.MinVoters,
            MinDirectionalConsensus = i.MinDirectionalConsensus,
            ConflatePerBatch = i.ConflatePerBatch,
        };
        options.Validate();
        return options;
    }

    /// <summary>[strategy] → <see cref="SignalOptions"/>.</summary>
    public static SignalOptions Signal(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var s = config.Strategy;
        var options = new SignalOptions
        {
            MinConfidence = s.MinConfidence,
            MinConsensus = s.MinConsensus,
            SymbolCooldownNs = s.SymbolCooldownNs(),
            MaxSignalsPerMinute = s.MaxSignalsPerMinute,
            MaxAbsFundingRate = s.FundingFilter ? s.MaxAbsFundingRate : double.NaN, // NaN: the filter is off
            ReentryBlockNs = s.ReentryBlockNs(),
            MaxCorrelationWithOpen = s.MaxCorrelationWithOpen,
            CorrelationWindowCandles = s.CorrelationWindowCandles,
            MinCorrelationSamples = s.MinCorrelationSamples,
        };
        options.Validate();
        return options;
    }
}
