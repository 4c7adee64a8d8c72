using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Ingest;
using QuantumTrader.Model;
using QuantumTrader.Stages.Risk;
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

    /// <summary>[risk] and each instrument's max_leverage (its bracket, by symbol id) → <see cref="SizingOptions"/>.</summary>
    public static SizingOptions Sizing(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var r = config.Risk;
        var brackets = new double[config.Market.Instruments.Count];
        for (var i = 0; i < brackets.Length; i++)
        {
            brackets[i] = config.Market.Instruments[i].MaxLeverage; // file order = symbol id (ConfigInstruments)
        }

        var options = new SizingOptions
        {
            StartingEquity = r.StartingEquity,
            MarginFraction = r.MarginFraction,
            MaxLeverage = r.MaxLeverage,
            LeverageBrackets = brackets,
            ColdStartTrades = r.ColdStartTrades,
            ColdStartMaxLeverage = r.ColdStartMaxLeverage,
            KellyFraction = r.KellyFraction,
            PriorWinRate = r.PriorWinRate,
            PriorPayoff = r.PriorPayoff,
            AtrRiskPerTrade = r.AtrRiskPerTrade,
            AtrLeverageStopMultiple = r.AtrLeverageStopMultiple,
            StopAtrMultiple = r.StopAtrMultiple,
            MinStopDistance = r.MinStopDistance,
            MaxStopDistance = r.MaxStopDistance,
            TakeProfitR = r.TakeProfitR,
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
            InSampleFromNs = s.InSampleFromNs(),
            InSampleUntilNs = s.InSampleUntilNs(),
        };
        options.Validate();
        return options;
    }
}
