using QuantumTrader.Engine.Ring;
using QuantumTrader.Stages.Features;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Signal;

/// <summary>
/// The signal stage: turns an inference (on any slot with <see cref="InputEvent.Inferred"/>) into an entry
/// signal when every rule of <see cref="SignalOptions"/> passes, in this order: fail-closed, HOLD, in-sample
/// window, minimum confidence, minimum consensus, funding filter, re-entry block, correlation with open positions, symbol
/// cooldown, global signals-per-minute. Writes only SignalSide, Confidence, SignalSymbolId, SignalReason.
/// </summary>
/// <remarks>
/// <para>The signal record is the slot itself: symbol (SignalSymbolId), side, confidence, votes per model
/// (ModelVotes), consensus, model set hash (EnsembleHash) and the feature vector reference
/// (FeaturesSequence), all journaled with it. SignalSide ≠ None is the intent for the sizing stage.</para>
/// <para>Time is the candle close time of the features (InferenceTimeNs), so decisions replay exactly.
/// The funding rate is tracked from valid MarkPrice slots (Aux0, 1e-8 units); live correlations from the
/// <c>ret_1</c> feature of slots with fresh vectors.</para>
/// <para>Runs on its stage group's thread; allocation-free per event.</para>
/// </remarks>
public sealed class SignalStage : IEventHandler<InputEvent>
{
    private const long MinuteNs = 60_000_000_000L;

    private readonly SignalOptions _options;
    private readonly IPositionView _positions;
    private readonly CorrelationMatrix? _correlations;
    private readonly RollingReturnCorrelation _live;
    private readonly int _symbolCount;
    private readonly long[] _lastSignalNs;
    private readonly bool[] _hasSignalled;
    private readonly double[] _funding;
    private readonly bool[] _hasFunding;
    private readonly long[] _window;
    private readonly long[] _reasonCounts = new long[16];
    private int _windowStart;
    private int _windowCount;
    private long _signals;

    /// <summary>Creates the stage.</summary>
    /// <param name="options">The rules.</param>
    /// <param name="symbolCount">Symbol ids 0..symbolCount−1.</param>
    /// <param name="positions">Open positions and last close times (same thread).</param>
    /// <param name="correlations">A static correlation matrix from config for the open-position filter, or
    /// null to use live correlations of 1-candle returns computed from the feature vectors
    /// (<see cref="SignalOptions.CorrelationWindowCandles"/>).</param>
    public SignalStage(SignalOptions options, int symbolCount, IPositionView positions, CorrelationMatrix? correlations)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(positions);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(symbolCount);
        if (correlations is not null && correlations.SymbolCount != symbolCount)
        {
            throw new ArgumentException("correlation matrix size differs from the symbol count", nameof(correlations));
        }

        _options = options;
        _positions = positions;
        _correlations = correlations;
        _symbolCount = symbolCount;
        _lastSignalNs = new long[symbolCount];
        _hasSignalled = new bool[symbolCount];
        _funding = new double[symbolCount];
        _hasFunding = new bool[symbolCount];
        _window = new long[Math.Max(1, options.MaxSignalsPerMinute)];
        _live = new RollingReturnCorrelation(symbolCount, options.CorrelationWindowCandles);
    }

    /// <summary>The live return correlations (read on the stage thread only).</summary>
    public RollingReturnCorrelation LiveCorrelations => _live;

    /// <summary>Signals issued.</summary>
    public long Signals => Volatile.Read(ref _signals);

    /// <summary>Inferences refused for <paramref name="reason"/> so far.</summary>
    public long Refused(SignalReason reason) => Volatile.Read(ref _reasonCounts[(int)reason]);

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.SignalSide = Side.None;
        data.Confidence = 0;
        data.SignalSymbolId = 0;
        data.SignalReason = (byte)SignalReason.None;
        if (data.Kind == InputKind.MarkPrice && data.Valid && data.SymbolId < _symbolCount)
        {
            _funding[data.SymbolId] = data.Aux0 / 1e8;
            _hasFunding[data.SymbolId] = true;
        }

        if (data.FeaturesReady && data.SymbolId < _symbolCount && data.FeatureCount > FeatureIndex.Ret1)
        {
            ReadOnlySpan<float> features = data.Features;
            _live.Add(data.SymbolId, data.FeaturesTimeNs, features[FeatureIndex.Ret1]);
        }

        if (!data.Inferred)
        {
            return;
        }

        var symbol = data.InferenceSymbolId;
        data.SignalSymbolId = symbol;
        var reason = Evaluate(in data, symbol, out var confidence);
        if (reason != SignalReason.None)
        {
            data.SignalReason = (byte)reason;
            Volatile.Write(ref _reasonCounts[(int)reason], _reasonCounts[(int)reason] + 1);
            return;
        }

        var now = data.InferenceTimeNs;
        _lastSignalNs[symbol] = now;
        _hasSignalled[symbol] = true;
        Push(now);
        data.SignalSide = data.EnsembleSide;
        data.Confidence = confidence;
        Volatile.Write(ref _signals, _signals + 1);
    }

    private SignalReason Evaluate(in InputEvent data, ushort symbol, out float confidence)
    {
        confidence = 0;
        if (symbol >= _symbolCount)
        {
            return SignalReason.UnknownSymbol;
        }

        if (data.InferenceFailedClosed)
        {
            return SignalReason.FailedClosed;
        }

        if (data.EnsembleSide == Side.None)
        {
            return SignalReason.Hold;
        }

        if (data.InferenceTimeNs >= _options.InSampleFromNs && data.InferenceTimeNs < _options.InSampleUntilNs)
        {
            // Design: a time rule on the candle close (event time), so a replay refuses the same candles. It keeps
            // a backtest's entries out of the period the model was trained on (models/README.md); a window, not a
            // start, so data from other times (the synthetic market, live) is not affected.
            return SignalReason.InSample;
        }

        confidence = data.EnsembleSide == Side.Buy ? data.ProbBuy : data.ProbSell;
        if (!(confidence >= _options.MinConfidence))
        {
            return SignalReason.LowConfidence;
        }

        if (data.Consensus < _options.MinConsensus)
        {
            return SignalReason.LowConsensus;
        }

        if (!double.IsNaN(_options.MaxAbsFundingRate))
        {
            if (!_hasFunding[symbol])
            {
                return SignalReason.FundingUnknown;
            }

            if (Math.Abs(_funding[symbol]) > _options.MaxAbsFundingRate)
            {
                return SignalReason.FundingTooHigh;
            }
        }

        var now = data.InferenceTimeNs;
        var lastClose = _positions.LastCloseTimeNs(symbol);
        if (lastClose != 0 && now - lastClose < _options.ReentryBlockNs)
        {
            return SignalReason.ReentryBlocked;
        }

        if (!double.IsNaN(_options.MaxCorrelationWithOpen))
        {
            for (ushort other = 0; other < _symbolCount; other++)
            {
                if (other == symbol || !_positions.IsOpen(other))
                {
                    continue;
                }

                double correlation;
                if (_correlations is not null)
                {
                    correlation = _correlations.Get(symbol, other);
                }
                else if (!_live.TryGet(symbol, other, _options.MinCorrelationSamples, out correlation))
                {
                    // Not known to be uncorrelated: fail closed.
                    return SignalReason.CorrelationUnknown;
                }

                if (correlation > _options.MaxCorrelationWithOpen)
                {
                    return SignalReason.Correlated;
                }
            }
        }

        if (_hasSignalled[symbol] && now - _lastSignalNs[symbol] < _options.SymbolCooldownNs)
        {
            return SignalReason.Cooldown;
        }

        return WindowFull(now) ? SignalReason.RateLimited : SignalReason.None;
    }

    private bool WindowFull(long now)
    {
        if (_options.MaxSignalsPerMinute == 0)
        {
            return true;
        }

        while (_windowCount > 0 && now - _window[_windowStart] >= MinuteNs)
        {
            _windowStart = (_windowStart + 1) % _window.Length;
            _windowCount--;
        }

        return _windowCount >= _options.MaxSignalsPerMinute;
    }

    private void Push(long now)
    {
        _window[(_windowStart + _windowCount) % _window.Length] = now;
        _windowCount++;
    }
}
