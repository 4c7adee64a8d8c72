using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Testing.Ring;

/// <summary>
/// A backtest's lock-step with a deadline: publishes each event to <paramref name="inner"/> and waits until every
/// stage of <paramref name="pipeline"/> has handled everything published. If that takes longer than the timeout it
/// gives up and sets <see cref="Stalled"/> (a stalled stage fails the test instead of hanging it).
/// </summary>
public sealed class LockStepSink(IInputSink inner, Pipeline<InputEvent> pipeline, TimeSpan timeout) : IInputSink
{
    private readonly long _timeoutMs = (long)timeout.TotalMilliseconds;

    /// <summary>True once a wait ran past the timeout.</summary>
    public bool Stalled { get; private set; }

    /// <inheritdoc />
    public void Publish(in InputEvent input)
    {
        inner.Publish(in input);
        var target = pipeline.Ring.Cursor.Value;
        var deadline = Environment.TickCount64 + _timeoutMs;
        var spinner = default(SpinWait);
        while (pipeline.MinimumConsumedSequence() < target)
        {
            if (Environment.TickCount64 > deadline)
            {
                Stalled = true;
                return;
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
