using System.Runtime.CompilerServices;
using QuantumTrader.Engine.Internal;
using QuantumTrader.Engine.Ring.Wait;

namespace QuantumTrader.Engine.Ring;

// Design:
//   The consumer loop: wait for the next sequence, hand every available slot to the handler by ref with
//   endOfBatch on the last one, then publish progress once per batch with a release store. THandler is a
//   generic parameter so that a struct handler's call is devirtualized and can be inlined; a stage group is
//   run through a struct handler (StageGroup, see StageGroup.cs for what the JIT makes of it). A class THandler
//   shares the code of every reference type: its call stays an interface call, which Tier-1 PGO may turn into
//   a guarded direct one. One try per batch, none per slot: an exception from the handler is
//   reported with its sequence (a stage group's exception handler names the stage and runs the later stages on
//   the slot first), the slot is counted as consumed, and the loop goes on with the next slots: a stage fault
//   must not stall the ring or kill the thread.
//   Halt alerts the barrier; the loop leaves after the batch in hand.

/// <summary>Runs one handler over a ring in batches.</summary>
/// <typeparam name="T">The slot type.</typeparam>
/// <typeparam name="THandler">The handler type (a struct or sealed class for devirtualized calls).</typeparam>
/// <remarks>Run is called by exactly one thread; Halt from any.</remarks>
public sealed class BatchEventProcessor<T, THandler> : IEventProcessor
    where T : struct
    where THandler : IEventHandler<T>
{
    private const int Idle = 0;
    private const int Halted = 1;
    private const int Running = 2;

    private readonly RingBuffer<T> _ring;
    private readonly IExceptionHandler<T> _exceptionHandler;
    private THandler _handler;
    private IWaitStrategy[] _downstream = [];
    private int _state;

    /// <summary>Creates the processor.</summary>
    public BatchEventProcessor(string name, RingBuffer<T> ring, SequenceBarrier barrier, THandler handler, IExceptionHandler<T> exceptionHandler)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(barrier);
        ArgumentNullException.ThrowIfNull(exceptionHandler);
        Name = name;
        _ring = ring;
        Barrier = barrier;
        _handler = handler;
        _exceptionHandler = exceptionHandler;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Sequence Sequence { get; } = new();

    /// <inheritdoc />
    public SequenceBarrier Barrier { get; }

    /// <summary>The handler (a copy, for struct handlers).</summary>
    public THandler Handler => _handler;

    /// <inheritdoc />
    public bool IsRunning => Volatile.Read(ref _state) == Running;

    /// <inheritdoc />
    public void AddDownstreamSignal(IWaitStrategy strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (strategy.IsBlocking && Array.IndexOf(_downstream, strategy) < 0)
        {
            _downstream = [.. _downstream, strategy];
        }
    }

    /// <inheritdoc />
    public void Halt()
    {
        Volatile.Write(ref _state, Halted);
        Barrier.Alert();
    }

    /// <inheritdoc />
    public void Run()
    {
        var previous = Interlocked.CompareExchange(ref _state, Running, Idle);
        if (previous == Running)
        {
            ThrowHelper.InvalidOperation($"processor {Name} is already running");
        }

        if (previous == Halted)
        {
            // Halted before it started: run start and shutdown so handlers see a balanced lifecycle.
            NotifyStart();
            NotifyShutdown();
            Volatile.Write(ref _state, Idle);
            return;
        }

        Barrier.ClearAlert();
        NotifyStart();
        try
        {
            ProcessEvents();
        }
        finally
        {
            NotifyShutdown();
            Volatile.Write(ref _state, Idle);
        }
    }

    private void ProcessEvents()
    {
        var next = Sequence.GetPlain() + 1;
        while (true)
        {
            try
            {
                var available = Barrier.WaitFor(next);
                if (available < next)
                {
                    continue; // a wait-strategy timeout: loop to re-check for a halt
                }

                while (next <= available)
                {
                    _handler.OnEvent(ref _ring[next], next, next == available);
                    next++;
                }

                Sequence.SetOrdered(available);
                SignalDownstream();
            }
            catch (AlertException)
            {
                if (Volatile.Read(ref _state) != Running)
                {
                    break;
                }
            }
#pragma warning disable CA1031 // A stage fault is reported, not allowed to kill the stage thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _exceptionHandler.HandleEventException(Name, ex, next, ref _ring[next]);
                Sequence.SetOrdered(next);
                SignalDownstream();
                next++;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SignalDownstream()
    {
        var downstream = _downstream;
        for (var i = 0; i < downstream.Length; i++)
        {
            downstream[i].SignalAllWhenBlocking();
        }
    }

    private void NotifyStart()
    {
        try
        {
            _handler.OnStart();
        }
#pragma warning disable CA1031 // Reported to the fault handler.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _exceptionHandler.HandleOnStartException(Name, ex);
        }
    }

    private void NotifyShutdown()
    {
        try
        {
            _handler.OnShutdown();
        }
#pragma warning disable CA1031 // Reported to the fault handler.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _exceptionHandler.HandleOnShutdownException(Name, ex);
        }
    }
}
