using BenchmarkDotNet.Attributes;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;

namespace QuantumTrader.Benchmarks.Journal;

/// <summary>Replay cost per record: read and verify (length, CRC32C, sequence) 64-byte records from the page cache.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 8)]
public class JournalReadBenchmarks
{
    private const int Records = 1_000_000;
    private string _dir = "";

    /// <summary>Writes the journal to replay.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dir = JournalBenchmarkDirectory.Create("read");
        using var writer = JournalWriter.Open(new JournalOptions { Directory = _dir, SegmentSize = 256L * 1024 * 1024 }, MonotonicClock.Instance);
        var payload = new byte[64];
        for (var i = 0; i < Records; i++)
        {
            writer.Append(1, 1, payload);
        }
    }

    /// <summary>Deletes the journal.</summary>
    [GlobalCleanup]
    public void Cleanup() => JournalBenchmarkDirectory.Delete(_dir);

    /// <summary>Reads every record; reported per record.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public long ReadAll()
    {
        using var reader = JournalReader.Open(_dir);
        long sum = 0;
        while (reader.TryRead(out var record) == JournalReadResult.Record)
        {
            sum += record.Payload.Length;
        }

        return sum;
    }
}
