using System.Runtime.CompilerServices;

namespace QuantumTrader.Engine.Ring;

// Design:
//   A stage group (consecutive stages run by one thread) is composed at startup, from the configured list, into
//   nested generic structs: StageNode<T, S0, StageNode<T, S1, ... StageEnd<T, Mark>>>, built with MakeGenericType
//   from each stage's runtime type, and run by BatchEventProcessor<T, StageGroup<T, TChain>>. With struct stages
//   every type is exact: the processor, the group and every stage call are direct and inlined into one loop.
//   A sealed class stage (the trading stages) is a reference type argument, whose code the runtime shares
//   (__Canon). Then (as the JIT's Tier-1 disassembly shows) each stage call is one method-table compare and a
//   direct call (inlined when the stage is small), from the call site's PGO profile, with the interface call
//   only as the fallback; what
//   is left per stage is one indirect call to the next node through the generic dictionary (and one per slot
//   from the processor into the group). The Mark at the end (GroupMark nested once per group already in the
//   pipeline) gives every group its own canonical type, so no two groups share a body and every stage call site
//   sees one type. (Flat bounded-arity blocks, all stages in one body, would remove the node-to-node calls.)
//   No try/catch per stage: the processor's one try per batch catches a stage's exception. Before each stage the
//   chain stores the stage's index (and per slot the sequence and endOfBatch) in the group; the processor hands
//   the exception to the group (its exception handler), which reports it under that stage's name with that
//   sequence and runs the later stages on the same slot (each fault there reported the same way); the processor
//   then counts the slot as consumed and goes on with the next slots. So the semantics are those of a try/catch
//   per stage: the later stages see the slot and fail closed on missing input (the gate on HALTED).
//   A struct stage is copied into the group once (as Pipeline.Add copies a struct handler).

/// <summary>The stages of a group, nested: runs them in order from stage <c>from</c> onwards.</summary>
/// <typeparam name="T">The slot type.</typeparam>
internal interface IStageChain<T>
    where T : struct
{
    /// <summary>Runs stages <paramref name="from"/>.. on the slot; <paramref name="index"/> is this node's stage index;
    /// stores the index of the stage being run in <paramref name="current"/>.</summary>
    void OnEvent(ref T data, long sequence, bool endOfBatch, int index, int from, ref int current);

    /// <summary>Runs OnStart (or OnShutdown) of the stage <paramref name="target"/> positions down the chain.</summary>
    void Lifecycle(int target, bool start);
}

/// <summary>One stage followed by the rest of the chain.</summary>
internal struct StageNode<T, TStage, TNext> : IStageChain<T>
    where T : struct
    where TStage : IEventHandler<T>
    where TNext : struct, IStageChain<T>
{
    private TStage _stage;
    private TNext _next;

    /// <summary>Creates the node (by reflection, at startup).</summary>
    public StageNode(TStage stage, TNext next)
    {
        _stage = stage;
        _next = next;
    }

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref T data, long sequence, bool endOfBatch, int index, int from, ref int current)
    {
        if (index >= from)
        {
            current = index;
            _stage.OnEvent(ref data, sequence, endOfBatch);
        }

        _next.OnEvent(ref data, sequence, endOfBatch, index + 1, from, ref current);
    }

    /// <inheritdoc />
    public void Lifecycle(int target, bool start)
    {
        if (target > 0)
        {
            _next.Lifecycle(target - 1, start);
        }
        else if (start)
        {
            _stage.OnStart();
        }
        else
        {
            _stage.OnShutdown();
        }
    }
}

/// <summary>The end of a chain; <typeparamref name="TMark"/> makes each group's chain a type of its own.</summary>
internal struct StageEnd<T, TMark> : IStageChain<T>
    where T : struct
    where TMark : struct
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void OnEvent(ref T data, long sequence, bool endOfBatch, int index, int from, ref int current)
    {
    }

    /// <inheritdoc />
    public readonly void Lifecycle(int target, bool start)
    {
    }
}

/// <summary>The first group's mark.</summary>
internal struct GroupMark;

/// <summary>The next group's mark.</summary>
internal struct GroupMark<TPrevious>
    where TPrevious : struct;

/// <summary>
/// A stage group's state and fault recovery: the chain of stages, their names, which stage is running on which slot.
/// It is the group processor's exception handler (see the design note above).
/// </summary>
internal sealed class StageGroupCore<T, TChain> : IExceptionHandler<T>
    where T : struct
    where TChain : struct, IStageChain<T>
{
    private readonly string[] _names;
    private readonly IExceptionHandler<T> _faults;
    private TChain _chain;
    private int _current;
    private long _sequence = long.MinValue;
    private bool _endOfBatch;

    public StageGroupCore(TChain chain, string[] names, IExceptionHandler<T> faults)
    {
        _chain = chain;
        _names = names;
        _faults = faults;
    }

    public IReadOnlyList<string> StageNames => _names;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref T data, long sequence, bool endOfBatch)
    {
        _sequence = sequence;
        _endOfBatch = endOfBatch;
        _chain.OnEvent(ref data, sequence, endOfBatch, 0, 0, ref _current);
    }

    public void Lifecycle(bool start)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            try
            {
                _chain.Lifecycle(i, start);
            }
#pragma warning disable CA1031 // Reported per stage.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                if (start)
                {
                    _faults.HandleOnStartException(_names[i], ex);
                }
                else
                {
                    _faults.HandleOnShutdownException(_names[i], ex);
                }
            }
        }
    }

    /// <summary>Stage <c>_current</c> threw on the slot at <paramref name="sequence"/>: report it, run the later stages.</summary>
    public void HandleEventException(string stage, Exception exception, long sequence, ref T data)
    {
        if (sequence != _sequence)
        {
            _faults.HandleEventException(stage, exception, sequence, ref data); // not thrown by a stage on that slot
            return;
        }

        var failed = _current;
        while (true)
        {
            _faults.HandleEventException(_names[failed], exception, sequence, ref data);
            if (failed + 1 >= _names.Length)
            {
                return;
            }

            try
            {
                _chain.OnEvent(ref data, sequence, _endOfBatch, 0, failed + 1, ref _current);
                return;
            }
#pragma warning disable CA1031 // Reported per stage; the later stages still see the slot.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                exception = ex;
                failed = _current;
            }
        }
    }

    public void HandleOnStartException(string stage, Exception exception) => _faults.HandleOnStartException(stage, exception);

    public void HandleOnShutdownException(string stage, Exception exception) => _faults.HandleOnShutdownException(stage, exception);
}

/// <summary>The handler a stage group's processor runs: a struct, so the processor's call into it is direct.</summary>
/// <typeparam name="T">The slot type.</typeparam>
/// <typeparam name="TChain">The group's stages, composed.</typeparam>
internal readonly struct StageGroup<T, TChain> : IEventHandler<T>
    where T : struct
    where TChain : struct, IStageChain<T>
{
    private readonly StageGroupCore<T, TChain> _core;

    public StageGroup(StageGroupCore<T, TChain> core) => _core = core;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref T data, long sequence, bool endOfBatch) => _core.OnEvent(ref data, sequence, endOfBatch);

    /// <inheritdoc />
    public void OnStart() => _core.Lifecycle(start: true);

    /// <inheritdoc />
    public void OnShutdown() => _core.Lifecycle(start: false);
}

/// <summary>Composes a configured list of stages into one <see cref="StageGroup{T, TChain}"/> handler.</summary>
internal static class StageChains
{
    /// <summary>
    /// The group handler for <paramref name="stages"/> (boxed, with its type), marked as group number
    /// <paramref name="group"/> of its pipeline, and the exception handler its processor must report to (the group,
    /// which names the stage and reports to <paramref name="faults"/>).
    /// </summary>
    public static (Type HandlerType, object Handler, IExceptionHandler<T> GroupFaults) Compose<T>(IReadOnlyList<(string Name, IEventHandler<T> Handler)> stages, int group, IExceptionHandler<T> faults)
        where T : struct
    {
        var mark = typeof(GroupMark);
        for (var g = 0; g < group; g++)
        {
            mark = typeof(GroupMark<>).MakeGenericType(mark);
        }

        var chainType = typeof(StageEnd<,>).MakeGenericType(typeof(T), mark);
        var chain = Activator.CreateInstance(chainType)!;
        var names = new string[stages.Count];
        for (var i = stages.Count - 1; i >= 0; i--)
        {
            var handler = stages[i].Handler;
            names[i] = stages[i].Name;
            chainType = typeof(StageNode<,,>).MakeGenericType(typeof(T), handler.GetType(), chainType);
            chain = Activator.CreateInstance(chainType, handler, chain)!;
        }

        var core = Activator.CreateInstance(typeof(StageGroupCore<,>).MakeGenericType(typeof(T), chainType), chain, names, faults)!;
        var handlerType = typeof(StageGroup<,>).MakeGenericType(typeof(T), chainType);
        return (handlerType, Activator.CreateInstance(handlerType, core)!, (IExceptionHandler<T>)core);
    }
}
