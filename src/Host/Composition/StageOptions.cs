using QuantumTrader.Host.Cli;
using QuantumTrader.Host.Config;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Signal;

namespace QuantumTrader.Host.Composition;

/// <summary>Maps the validated config onto the stages' option classes (start-up only, never per event).</summary>
public static class StageOptions
{
    /// <summary>[features] → <see cref="FeatureOptions"/>.</summary>
    public static FeatureOptions Features(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var f = config.Features;
        var options = new FeatureOptions
        {
            CandleIntervalNs = Nanos(f.CandleInterval, "features.candle_interval"),
            MaxGapCandles = f.MaxGapCandles,
            RequireBook = f.RequireBook,
            MaxBookAgeNs = Nanos(f.MaxBookAge, "features.max_book_age"),
            RequireFunding = f.RequireFunding,
            MaxFundingAgeNs = Nanos(f.MaxFundingAge, "features.max_funding_age"),
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
            models.Add(new ModelSpec(ResolvePath(config, m.Path), m.Weight));
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
            SymbolCooldownNs = Nanos(s.SymbolCooldown, "strategy.symbol_cooldown"),
            MaxSignalsPerMinute = s.MaxSignalsPerMinute,
            MaxAbsFundingRate = s.MaxAbsFundingRate,
            ReentryBlockNs = Nanos(s.ReentryBlock, "strategy.reentry_block"),
            MaxCorrelationWithOpen = s.MaxCorrelationWithOpen,
            CorrelationWindowCandles = s.CorrelationWindowCandles,
            MinCorrelationSamples = s.MinCorrelationSamples,
        };
        options.Validate();
        return options;
    }

    /// <summary>A path from the config, relative to the config file's directory (or the executable's).</summary>
    public static string ResolvePath(QuantumTraderConfig config, string path)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, path));
    }

    private static long Nanos(string text, string key) =>
        DurationParser.TryParse(text, out var d, out var why)
            ? (long)d.TotalNanoseconds
            : throw new ArgumentException($"{key}: {why}");
}
