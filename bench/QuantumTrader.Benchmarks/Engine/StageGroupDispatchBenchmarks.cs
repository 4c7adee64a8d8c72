using BenchmarkDotNet.Attributes;
using QuantumTrader.Engine.Ring;

namespace QuantumTrader.Benchmarks.Engine;

/// <summary>
/// A stage group of three stages over a batch of 1024 slots, on one thread, the way the group's processor runs it
/// (one try/catch around the batch loop, the handler as the loop's generic argument): the old group
/// (<see cref="LegacyStageGroupHandler{T}"/>: an interface call and a try/catch per stage per slot) against the
/// composed one (<see cref="Pipeline{T}.AddGroup"/>: nested generic structs), with sealed class stages (as the
/// trading stages are) and with struct stages. The stages do almost nothing, so the time is the dispatch.
/// </summary>
[MemoryDiagnoser]
public class StageGroupDispatchBenchmarks
{
    private const int Slots = 1024;
    private readonly BenchSlot[] _slots = new BenchSlot[Slots];
    private BatchRunner _legacyClasses = null!;
    private BatchRunner _composedClasses = null!;
    private BatchRunner _legacyStructs = null!;
    private BatchRunner _composedStructs = null!;

    /// <summary>Builds the four groups.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var faults = new FaultReportingExceptionHandler<BenchSlot>();
        IReadOnlyList<(string, IEventHandler<BenchSlot>)> classes = [("add", new AddClassStage()), ("sum", new SumClassStage()), ("count", new CountClassStage())];
        IReadOnlyList<(string, IEventHandler<BenchSlot>)> structs = [("add", new AddStructStage()), ("sum", new SumStructStage()), ("count", new CountStructStage())];
        _legacyClasses = new BatchRunner<LegacyStageGroupHandler<BenchSlot>>(new LegacyStageGroupHandler<BenchSlot>(classes, faults), faults);
        _legacyStructs = new BatchRunner<LegacyStageGroupHandler<BenchSlot>>(new LegacyStageGroupHandler<BenchSlot>(structs, faults), faults);
        _composedClasses = Composed(classes, 0, faults);
        _composedStructs = Composed(structs, 1, faults);
        for (var i = 0; i < Slots; i++)
        {
            _slots[i].Value = i;
        }
    }

    /// <summary>Old group, sealed class stages: the baseline.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Slots)]
    public long LegacyGroup_ClassStages() => _legacyClasses.Run(_slots);

    /// <summary>Composed group, sealed class stages.</summary>
    [Benchmark(OperationsPerInvoke = Slots)]
    public long ComposedGroup_ClassStages() => _composedClasses.Run(_slots);

    /// <summary>Old group, struct stages (boxed behind the interface).</summary>
    [Benchmark(OperationsPerInvoke = Slots)]
    public long LegacyGroup_StructStages() => _legacyStructs.Run(_slots);

    /// <summary>Composed group, struct stages (specialized and inlined).</summary>
    [Benchmark(OperationsPerInvoke = Slots)]
    public long ComposedGroup_StructStages() => _composedStructs.Run(_slots);

    private static BatchRunner Composed(IReadOnlyList<(string, IEventHandler<BenchSlot>)> stages, int group, IExceptionHandler<BenchSlot> faults)
    {
        var (type, handler, groupFaults) = StageChains.Compose(stages, group, faults);
        return (BatchRunner)Activator.CreateInstance(typeof(BatchRunner<>).MakeGenericType(type), handler, groupFaults)!;
    }

    /// <summary>Runs a handler over a batch (one virtual call per batch into the exact runner).</summary>
    private abstract class BatchRunner
    {
        public abstract long Run(BenchSlot[] slots);
    }

    /// <summary>The processor's batch loop, minus the ring: THandler is the generic argument, one try per batch.</summary>
    private sealed class BatchRunner<THandler>(THandler handler, IExceptionHandler<BenchSlot> faults) : BatchRunner
        where THandler : IEventHandler<BenchSlot>
    {
        private THandler _handler = handler;

        public override long Run(BenchSlot[] slots)
        {
            var next = 0;
            var last = slots.Length - 1;
            while (next <= last)
            {
                try
                {
                    while (next <= last)
                    {
                        _handler.OnEvent(ref slots[next], next, next == last);
                        next++;
                    }
                }
#pragma warning disable CA1031 // As the processor does.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    faults.HandleEventException("bench", ex, next, ref slots[next]);
                    next++;
                }
            }

            return slots[last].Value;
        }
    }

    private sealed class AddClassStage : IEventHandler<BenchSlot>
    {
        public void OnEvent(ref BenchSlot data, long sequence, bool endOfBatch) => data.Value++;
    }

    private sealed class SumClassStage : IEventHandler<BenchSlot>
    {
        public long Sum;

        public void OnEvent(ref BenchSlot data, long sequence, bool endOfBatch) => Sum += data.Value;
    }

    private sealed class CountClassStage : IEventHandler<BenchSlot>
    {
        public long Batches;

        public void OnEvent(ref BenchSlot data, long sequence, bool endOfBatch) => Batches += endOfBatch ? 1 : 0;
    }

    private struct AddStructStage : IEventHandler<BenchSlot>
    {
        public readonly void OnEvent(ref BenchSlot data, long sequence, bool endOfBatch) => data.Value++;
    }

    private struct SumStructStage : IEventHandler<BenchSlot>
    {
        public long Sum;

        public void OnEvent(ref BenchSlot data, long sequence, bool endOfBatch) => Sum += data.Value;
    }

    private struct CountStructStage : IEventHandler<BenchSlot>
    {
        public long Batches;

        public void OnEvent(ref BenchSlot data, long sequence, bool endOfBatch) => Batches += endOfBatch ? 1 : 0;
    }
}
