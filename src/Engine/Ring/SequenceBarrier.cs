using System.Runtime.CompilerServices;
using QuantumTrader.Engine.Internal;
using QuantumTrader.Engine.Ring.Sequencing;
using QuantumTrader.Engine.Ring.Wait;

namespace QuantumTrader.Engine.Ring;

// Design:
//   A consumer's view of what it may read: the producer cursor when it has no upstream consumer, else the
//   minimum of its upstream consumers' sequences. Upstream consumers only ever advance over published
//   slots, so with dependencies the multi-producer availability scan is skipped. The alert flag is how a
//   halt reaches a consumer parked or spinning inside a wait strategy.

/// <summary>Coordinates one consumer with the producer cursor and the consumers it depends on.</summary>
/// <remarks>Used by one consumer thread; <see cref="Alert"/> may be called from any thread.</remarks>
public sealed class SequenceBarrier
{
    private readonly Sequencer _sequencer;
    private readonly IWaitStrategy _waitStrategy;
    private readonly Sequence _cursor;
    private readonly Sequence[] _dependents;
    private volatile bool _alerted;

    internal SequenceBarrier(Sequencer sequencer, IWaitStrategy waitStrategy, Sequence[] dependents)
    {
        _sequencer = sequencer;
        _waitStrategy = waitStrategy;
        _cursor = sequencer.Cursor;
        _dependents = dependents;
    }

    /// <summary>The wait strategy this barrier waits with.</summary>
    public IWaitStrategy WaitStrategy => _waitStrategy;

    /// <summary>The sequences this barrier waits on (empty: the producer cursor).</summary>
    public ReadOnlySpan<Sequence> Dependents => _dependents;

    /// <summary>True once <see cref="Alert"/> was called and not cleared.</summary>
    public bool IsAlerted => _alerted;

    /// <summary>
    /// Waits for <paramref name="sequence"/> and returns the highest sequence that may be read, which is
    /// less than <paramref name="sequence"/> only after a wait-strategy timeout.
    /// </summary>
    /// <exception cref="AlertException">The barrier was alerted (halt).</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long WaitFor(long sequence)
    {
        CheckAlert();
        var available = _waitStrategy.WaitFor(sequence, this);
        if (available < sequence || _dependents.Length != 0)
        {
            return available;
        }

        var highest = _sequencer.GetHighestPublishedSequence(sequence, available);
        return highest >= sequence ? highest : WaitForPublication(sequence, available);
    }

    /// <summary>
    /// The cursor passed <paramref name="sequence"/> but the producer that claimed it has not published it
    /// yet (multi-producer: claim and publish are two steps, and with more threads than cores that producer
    /// may be descheduled in between). Re-checking in a hot loop, as returning to the processor did, would
    /// keep that producer off a shared core whatever the configured strategy; back off instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long WaitForPublication(long sequence, long available)
    {
        var spinner = default(SpinWait);
        long highest;
        while ((highest = _sequencer.GetHighestPublishedSequence(sequence, available)) < sequence)
        {
            CheckAlert();
            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return highest;
    }

    /// <summary>The value the wait strategy spins or parks on: the cursor, or the slowest dependency.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetDependentValue()
    {
        var deps = _dependents;
        return deps.Length switch
        {
            0 => _cursor.GetVolatile(),
            1 => deps[0].GetVolatile(),
            _ => Sequence.GetMinimum(deps),
        };
    }

    /// <summary>Throws <see cref="AlertException"/> if the barrier was alerted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void CheckAlert()
    {
        if (_alerted)
        {
            ThrowHelper.Alert();
        }
    }

    /// <summary>Alerts the consumer (it leaves its wait with <see cref="AlertException"/>) and wakes it if parked.</summary>
    public void Alert()
    {
        _alerted = true;
        _waitStrategy.SignalAllWhenBlocking();
    }

    /// <summary>Clears the alert (before a processor starts).</summary>
    public void ClearAlert() => _alerted = false;
}
