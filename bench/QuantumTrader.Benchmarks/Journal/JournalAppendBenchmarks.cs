using BenchmarkDotNet.Attributes;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;

namespace QuantumTrader.Benchmarks.Journal;

/// <summary>
/// Cost of one journal append (reserve, encode two bytes, commit with CRC32C and a clock reading) with
/// page-cache durability. A fixed 200,000 invocations per iteration keep the whole run inside one 2 GiB
/// segment that the writer pre-faults when it opens: this measures the append path, not the kernel's
/// page faulting of fresh segments (the harness's rolling scenario shows that).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
[InvocationCount(200_000)]
public class JournalAppendBenchmarks
{
    private string _dir = "";
    private JournalWriter _writer = null!;

    /// <summary>Payload size in bytes.</summary>
    [Params(64, 512)]
    public int Payload { get; set; }

    /// <summary>Opens a writer on fresh 256 MiB segments.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dir = JournalBenchmarkDirectory.Create("append");
        _writer = JournalWriter.Open(new JournalOptions { Directory = _dir, SegmentSize = 2L * 1024 * 1024 * 1024 }, MonotonicClock.Instance);
    }

    /// <summary>Closes and deletes the journal.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        JournalBenchmarkDirectory.Delete(_dir);
    }

    /// <summary>One append.</summary>
    [Benchmark]
    public long Append()
    {
        var span = _writer.BeginRecord(Payload);
        span[0] = 1;
        span[^1] = 2;
        return _writer.Commit(1, 1);
    }
}
