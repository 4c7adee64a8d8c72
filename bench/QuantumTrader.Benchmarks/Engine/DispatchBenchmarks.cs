using BenchmarkDotNet.Attributes;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Wait;

namespace QuantumTrader.Benchmarks.Engine;

/// <summary>
/// Handler dispatch through <see cref="BatchEventProcessor{T, THandler}"/> with a struct handler, across
/// threads: the benchmark thread publishes 1024 events (batches of 16) and waits until the processor,
/// busy-spinning on its own thread, has handled them all. The time per event is the engine's one-to-one
/// hand-off cost; MemoryDiagnoser (process-wide allocated bytes) proves neither thread allocates.
/// A fixed invocation count per iteration (2048 x 1024 events): the pilot stage, which picks one from a
/// few short invocations, is misled by a single descheduling of the consumer on a shared 2-core host.
/// </summary>
[MemoryDiagnoser]
[InvocationCount(2048)]
public class DispatchBenchmarks
{
    private const int Events = 1024;
    private const int Batch = 16;
    private RingBuffer<BenchSlot> _ring = null!;
    private BatchEventProcessor<BenchSlot, SumHandler> _processor = null!;
    private Thread _thread = null!;

    /// <summary>Starts the processor on its own thread.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _ring = RingBuffer<BenchSlot>.CreateSingleProducer(1 << 16);
        _processor = new BatchEventProcessor<BenchSlot, SumHandler>(
            "bdn-dispatch",
            _ring,
            _ring.NewBarrier(new BusySpinWaitStrategy()),
            default,
            new FaultReportingExceptionHandler<BenchSlot>());
        _ring.AddGatingSequences(_processor.Sequence);
        _thread = new Thread(_processor.Run) { IsBackground = true, Name = "qt-bdn-dispatch" };
        _thread.Start();
    }

    /// <summary>Halts the processor.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _processor.Halt();
        _thread.Join(TimeSpan.FromSeconds(10));
    }

    /// <summary>Publishes 1024 events and waits until the struct handler has seen every one.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void PublishAndDispatch()
    {
        long high = 0;
        for (var i = 0; i < Events; i += Batch)
        {
            high = _ring.Next(Batch);
            var low = high - Batch + 1;
            for (var s = low; s <= high; s++)
            {
                _ring[s].Value = s;
            }

            _ring.Publish(low, high);
        }

        var spinner = default(SpinWait);
        while (_processor.Sequence.Value < high)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }
}
