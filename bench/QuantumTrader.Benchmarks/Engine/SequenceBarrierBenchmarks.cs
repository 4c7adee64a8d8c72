using BenchmarkDotNet.Attributes;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Ring.Wait;

namespace QuantumTrader.Benchmarks.Engine;

/// <summary>
/// Cost of <see cref="SequenceBarrier.WaitFor"/> when the sequence is already available (the case a busy
/// consumer hits on every batch): on a single-producer cursor, on a multi-producer cursor (with the
/// availability check of the one published slot), and on two upstream consumers (the diamond's join).
/// </summary>
[MemoryDiagnoser]
public class SequenceBarrierBenchmarks
{
    private const int Calls = 1024;
    private SequenceBarrier _single = null!;
    private SequenceBarrier _multi = null!;
    private SequenceBarrier _join = null!;
    private long _singleCursor;
    private long _multiCursor;

    /// <summary>Publishes one batch on each ring so that the waited-for sequence is available.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var single = RingBuffer<BenchSlot>.CreateSingleProducer(1024);
        single.Publish(single.Next(512));
        _singleCursor = single.Cursor.Value;
        _single = single.NewBarrier(new BusySpinWaitStrategy());

        var multi = RingBuffer<BenchSlot>.CreateMultiProducer(1024);
        var high = multi.Next(512);
        multi.Publish(high - 511, high);
        _multiCursor = high;
        _multi = multi.NewBarrier(new BusySpinWaitStrategy());

        var left = new Sequence(_singleCursor);
        var right = new Sequence(_singleCursor);
        _join = single.NewBarrier(new BusySpinWaitStrategy(), left, right);
    }

    /// <summary>WaitFor on the single-producer cursor.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public long WaitForAvailableSingleProducer()
    {
        long sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += _single.WaitFor(_singleCursor);
        }

        return sum;
    }

    /// <summary>WaitFor on the multi-producer cursor (checks the slot's availability flag).</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public long WaitForAvailableMultiProducer()
    {
        long sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += _multi.WaitFor(_multiCursor);
        }

        return sum;
    }

    /// <summary>WaitFor on two upstream consumers (minimum of two sequences).</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public long WaitForAvailableTwoDependents()
    {
        long sum = 0;
        for (var i = 0; i < Calls; i++)
        {
            sum += _join.WaitFor(_singleCursor);
        }

        return sum;
    }
}
