using QuantumTrader.Model.Ports;
using Xunit;

namespace QuantumTrader.Testing.Contracts;

/// <summary>
/// What every <see cref="ILatencySink"/> must do: count every sample, whatever its value (zero, negative from a
/// clock step, beyond any histogram's range), never throw, and allocate nothing per sample after warm-up (it is
/// called from a stage thread). One subclass per implementation.
/// </summary>
public abstract class LatencySinkContract
{
    /// <summary>A sink under test and how many samples it holds.</summary>
    /// <param name="Sink">The sink.</param>
    /// <param name="Count">Samples recorded so far.</param>
    protected sealed record Harness(ILatencySink Sink, Func<long> Count);

    /// <summary>Creates the sink under test, empty.</summary>
    protected abstract Harness Create();

    [Fact]
    public void Record_AnyValue_CountedNeverThrows()
    {
        var h = Create();
        long[] samples = [1, 250, 1_000_000, 0, -5, long.MaxValue, long.MinValue];
        foreach (var s in samples)
        {
            Assert.Null(Record.Exception(() => h.Sink.Record(s)));
        }

        Assert.Equal(samples.Length, h.Count());
    }

    [Fact]
    public void Record_AfterWarmUp_AllocatesNothing()
    {
        var h = Create();
        for (var i = 0; i < 1_000; i++)
        {
            h.Sink.Record(100 + (i * 997L));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            h.Sink.Record(100 + (i * 997L));
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(11_000, h.Count());
    }
}
