using QuantumTrader.Model;
using QuantumTrader.Stages.Signal;
using Xunit;

namespace QuantumTrader.Stages.Tests.Signal;

public sealed class SignalStageTests
{
    private const long Second = 1_000_000_000L;
    private const long T0 = 1_000_000 * Second;

    public static TheoryData<string, SignalReason> SingleInferenceCases => new()
    {
        { "pass", SignalReason.None },
        { "hold", SignalReason.Hold },
        { "failed-closed", SignalReason.FailedClosed },
        { "low-confidence", SignalReason.LowConfidence },
        { "low-consensus", SignalReason.LowConsensus },
        { "funding-high", SignalReason.FundingTooHigh },
        { "funding-high-negative", SignalReason.FundingTooHigh },
        { "funding-unknown", SignalReason.FundingUnknown },
        { "funding-filter-off", SignalReason.None },
        { "closed-recently", SignalReason.ReentryBlocked },
        { "closed-long-ago", SignalReason.None },
        { "correlated-open", SignalReason.Correlated },
        { "uncorrelated-open", SignalReason.None },
        { "open-without-matrix-no-history", SignalReason.CorrelationUnknown },
        { "correlation-filter-off", SignalReason.None },
        { "same-symbol-open", SignalReason.None },
        { "unknown-symbol", SignalReason.UnknownSymbol },
        { "in-sample-start", SignalReason.InSample },
        { "in-sample-last-ns", SignalReason.InSample },
        { "in-sample-until", SignalReason.None },
        { "before-in-sample", SignalReason.None },
        { "hold-in-sample", SignalReason.Hold },
    };

    [Theory]
    [MemberData(nameof(SingleInferenceCases))]
    public void OnEvent_RuleTable_SignalOrRefusalWithReason(string scenario, SignalReason expected)
    {
        var positions = new TestPositions(3);
        var correlations = new CorrelationMatrix(3);
        correlations.Set(0, 1, 0.9);
        correlations.Set(0, 2, 0.5);
        var options = new SignalOptions
        {
            MinConfidence = 0.6,
            MinConsensus = 2,
            MaxAbsFundingRate = scenario == "funding-filter-off" ? double.NaN : 0.001,
            ReentryBlockNs = 300 * Second,
            MaxCorrelationWithOpen = scenario == "correlation-filter-off" ? double.NaN : 0.8,
            InSampleFromNs = scenario switch { "in-sample-start" or "hold-in-sample" => T0, "in-sample-last-ns" or "in-sample-until" => T0 - Second, "before-in-sample" => T0 + 1, _ => 0 },
            InSampleUntilNs = scenario switch { "in-sample-start" or "hold-in-sample" => T0 + Second, "in-sample-last-ns" => T0 + 1, "in-sample-until" => T0, "before-in-sample" => T0 + Second, _ => 0 },
        };
        var funding = scenario switch { "funding-high" => 0.0015, "funding-high-negative" => -0.0015, _ => 0.0001 };
        var inference = Inference(0, Side.Buy, confidence: 0.7f, consensus: 2, T0);
        switch (scenario)
        {
            case "hold": inference.EnsembleSide = Side.None; inference.ProbHold = 0.7f; inference.ProbBuy = 0.2f; break;
            case "failed-closed": inference.EnsembleSide = Side.None; inference.InferenceFailedClosed = true; break;
            case "low-confidence": inference.ProbBuy = 0.59f; break;
            case "low-consensus": inference.Consensus = 1; break;
            case "closed-recently": positions.ClosedAt[0] = T0 - (100 * Second); break;
            case "closed-long-ago": positions.ClosedAt[0] = T0 - (400 * Second); break;
            case "correlated-open": positions.Open[1] = true; break;
            case "uncorrelated-open": positions.Open[2] = true; break;
            case "open-without-matrix-no-history": positions.Open[2] = true; correlations = null!; break;
            case "correlation-filter-off": positions.Open[1] = true; break;
            case "same-symbol-open": positions.Open[0] = true; break;
            case "unknown-symbol": inference.InferenceSymbolId = 9; break;
            case "hold-in-sample": inference.EnsembleSide = Side.None; inference.ProbHold = 0.7f; inference.ProbBuy = 0.2f; break;
        }

        var stage = new SignalStage(options, 3, positions, correlations);
        var slots = new List<InputEvent>();
        if (scenario is not ("funding-unknown" or "funding-filter-off"))
        {
            slots.Add(Mark(0, funding));
        }

        slots.Add(inference);
        var last = Run(stage, slots);

        Assert.Equal((byte)expected, last.SignalReason);
        Assert.Equal(expected == SignalReason.None ? Side.Buy : Side.None, last.SignalSide);
        Assert.Equal(expected == SignalReason.None ? 0.7f : 0f, last.Confidence);
        Assert.Equal(expected == SignalReason.None ? 1 : 0, stage.Signals);
        if (expected != SignalReason.None)
        {
            Assert.Equal(1, stage.Refused(expected));
        }
    }

    [Fact]
    public void OnEvent_HoldWithExtremeProbabilities_NeverManufacturesATrade()
    {
        var stage = new SignalStage(new SignalOptions { MinConfidence = 0, MinConsensus = 1, MaxAbsFundingRate = double.NaN }, 1, FlatPositionView.Instance, null);
        var hold = Inference(0, Side.None, 0.5f, 3, T0);
        hold.ProbBuy = 0.49f;
        hold.ProbHold = 0.5f;

        var last = Run(stage, [hold]);

        Assert.Equal(Side.None, last.SignalSide);
        Assert.Equal((byte)SignalReason.Hold, last.SignalReason);
    }

    [Theory]
    [InlineData(30, SignalReason.Cooldown)]
    [InlineData(59, SignalReason.Cooldown)]
    [InlineData(60, SignalReason.None)]
    public void OnEvent_SecondSignalOfSymbol_BlockedDuringCooldown(int secondsLater, SignalReason expected)
    {
        var stage = new SignalStage(Permissive(cooldownSeconds: 60, perMinute: 100), 1, FlatPositionView.Instance, null);
        var first = Inference(0, Side.Buy, 0.9f, 1, T0);
        var second = Inference(0, Side.Sell, 0.9f, 1, T0 + (secondsLater * Second));

        var last = Run(stage, [first, second]);

        Assert.Equal((byte)expected, last.SignalReason);
    }

    [Fact]
    public void OnEvent_GlobalLimit_SlidingSixtySecondWindowAcrossSymbols()
    {
        var stage = new SignalStage(Permissive(cooldownSeconds: 0, perMinute: 2), 3, FlatPositionView.Instance, null);
        var slots = new[]
        {
            Inference(0, Side.Buy, 0.9f, 1, T0),
            Inference(1, Side.Buy, 0.9f, 1, T0 + (10 * Second)),
            Inference(2, Side.Buy, 0.9f, 1, T0 + (59 * Second)),  // 3rd within 60 s: limited
            Inference(2, Side.Buy, 0.9f, 1, T0 + (60 * Second)),  // the first left the window
            Inference(2, Side.Buy, 0.9f, 1, T0 + (65 * Second)),  // window: 10 s and 60 s
        };

        for (var i = 0; i < slots.Length; i++)
        {
            var stageSlot = slots[i];
            stage.OnEvent(ref stageSlot, i, true);
            slots[i] = stageSlot;
        }

        Assert.Equal(
            [SignalReason.None, SignalReason.None, SignalReason.RateLimited, SignalReason.None, SignalReason.RateLimited],
            slots.Select(s => (SignalReason)s.SignalReason).ToArray());
        Assert.Equal(3, stage.Signals);
    }

    [Fact]
    public void OnEvent_SlotWithoutInference_SectionClearedAndNothingCounted()
    {
        var stage = new SignalStage(Permissive(0, 10), 1, FlatPositionView.Instance, null);
        var slot = new InputEvent { Kind = InputKind.Trade, SignalSide = Side.Buy, Confidence = 0.9f, SignalReason = 4 };

        stage.OnEvent(ref slot, 0, true);

        Assert.Equal(Side.None, slot.SignalSide);
        Assert.Equal(0f, slot.Confidence);
        Assert.Equal(0, slot.SignalReason);
        Assert.Equal(0, stage.Signals);
    }

    [Fact]
    public void OnEvent_ResultForAnotherSymbol_SignalCarriesInferenceSymbol()
    {
        var stage = new SignalStage(Permissive(0, 10), 3, FlatPositionView.Instance, null);
        var slot = Inference(2, Side.Sell, 0.8f, 1, T0);
        slot.SymbolId = 0; // conflation: symbol 2's result rides on a slot of symbol 0

        var last = Run(stage, [slot]);

        Assert.Equal(Side.Sell, last.SignalSide);
        Assert.Equal(2, last.SignalSymbolId);
    }

    [Theory]
    [InlineData(1.0, SignalReason.Correlated)]
    [InlineData(-1.0, SignalReason.None)]
    public void OnEvent_LiveCorrelationFromFeatureVectors_BlocksEntryNextToCorrelatedOpenPosition(double sign, SignalReason expected)
    {
        var positions = new TestPositions(2);
        positions.Open[1] = true;
        var options = new SignalOptions { MinConfidence = 0.5, MaxAbsFundingRate = double.NaN, CorrelationWindowCandles = 50, MinCorrelationSamples = 20 };
        var stage = new SignalStage(options, 2, positions, correlations: null);
        var slots = new List<InputEvent>();
        for (var k = 0; k < 30; k++)
        {
            var r = (k % 3) - 1 + (0.1 * k % 0.7);
            slots.Add(Vector(0, T0 + (k * 60 * Second), r));
            slots.Add(Vector(1, T0 + (k * 60 * Second), sign * r));
        }

        slots.Add(Inference(0, Side.Buy, 0.9f, 1, T0 + (30 * 60 * Second)));
        var last = Run(stage, slots);

        Assert.Equal((byte)expected, last.SignalReason);
        Assert.True(stage.LiveCorrelations.TryGet(0, 1, 20, out var c));
        Assert.Equal(sign, c, 9);
    }

    private static InputEvent Vector(ushort symbol, long closeTimeNs, double ret1)
    {
        var e = new InputEvent { Kind = InputKind.Trade, SymbolId = symbol, Valid = true, FeaturesReady = true, FeatureCount = 32, FeaturesTimeNs = closeTimeNs };
        e.Features[0] = (float)ret1;
        return e;
    }

    private static SignalOptions Permissive(int cooldownSeconds, int perMinute) => new()
    {
        MinConfidence = 0.5,
        MinConsensus = 1,
        MaxAbsFundingRate = double.NaN,
        SymbolCooldownNs = cooldownSeconds * Second,
        MaxSignalsPerMinute = perMinute,
        MaxCorrelationWithOpen = double.NaN,
    };

    private static InputEvent Run(SignalStage stage, IReadOnlyList<InputEvent> slots)
    {
        var slot = default(InputEvent);
        for (var i = 0; i < slots.Count; i++)
        {
            slot = slots[i];
            stage.OnEvent(ref slot, i, true);
        }

        return slot;
    }

    private static InputEvent Inference(ushort symbol, Side side, float confidence, byte consensus, long timeNs) => new()
    {
        Kind = InputKind.Trade,
        SymbolId = symbol,
        Inferred = true,
        InferenceSymbolId = symbol,
        EnsembleSide = side,
        ProbBuy = side == Side.Buy ? confidence : 0.1f,
        ProbSell = side == Side.Sell ? confidence : 0.1f,
        ProbHold = side == Side.None ? confidence : 0.1f,
        Consensus = consensus,
        ModelsVoting = 3,
        InferenceTimeNs = timeNs,
    };

    private static InputEvent Mark(ushort symbol, double funding) => new()
    {
        Kind = InputKind.MarkPrice,
        SymbolId = symbol,
        Valid = true,
        Price = Price.FromDecimal(100m),
        Aux0 = (long)Math.Round(funding * 1e8),
    };
}
