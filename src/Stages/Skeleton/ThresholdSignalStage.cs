using QuantumTrader.Engine.Ring;
using QuantumTrader.Stages.Model;

namespace QuantumTrader.Stages.Skeleton;

/// <summary>
/// Walking-skeleton signal: BUY or SELL when that class's probability reaches the minimum confidence,
/// with a per-symbol cooldown counted in events (deterministic). No fallback trades on HOLD.
/// Replaced by the rule set of issue 5; the wiring stays.
/// </summary>
public sealed class ThresholdSignalStage : IEventHandler<InputEvent>
{
    private readonly float _minConfidence;
    private readonly long _cooldownEvents;
    private readonly long[] _lastSignal;

    /// <summary>Creates the stage.</summary>
    public ThresholdSignalStage(int symbols, double minConfidence, long cooldownEvents)
    {
        _minConfidence = (float)minConfidence;
        _cooldownEvents = cooldownEvents;
        _lastSignal = new long[symbols];
        Array.Fill(_lastSignal, long.MinValue / 2);
    }

    /// <summary>Signals emitted.</summary>
    public long Signals { get; private set; }

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.SignalSide = Side.None;
        data.Confidence = 0;
        if (!data.Inferred)
        {
            return;
        }

        Side side;
        float confidence;
        if (data.ProbBuy >= _minConfidence && data.ProbBuy > data.ProbSell)
        {
            side = Side.Buy;
            confidence = data.ProbBuy;
        }
        else if (data.ProbSell >= _minConfidence && data.ProbSell > data.ProbBuy)
        {
            side = Side.Sell;
            confidence = data.ProbSell;
        }
        else
        {
            return;
        }

        if (sequence - _lastSignal[data.SymbolId] < _cooldownEvents)
        {
            return;
        }

        _lastSignal[data.SymbolId] = sequence;
        data.SignalSide = side;
        data.Confidence = confidence;
        Signals++;
    }
}
