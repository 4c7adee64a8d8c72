using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using HdrHistogram;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;

namespace QuantumTrader.Bench;

/// <summary>
/// <c>quantumtrader bench journal</c>: append throughput and latency for 64- and 512-byte payloads
/// (page-cache durability, each flush policy, with a concurrent reader, paced at 100 k/s), and replay
/// read throughput. Latencies are per operation, measured with <see cref="Stopwatch.GetTimestamp"/> around
/// each call (the timer's own cost, about 20-40 ns here, is included) and recorded in an HdrHistogram.
/// </summary>
public static class JournalBenchmark
{
    private const long LargeSegment = 1024L * 1024 * 1024;
    private const long DefaultSegment = 128L * 1024 * 1024;
    private const long MaxRecordsPerPhase = 20_000_000; // bounds disk use: about 2 GB of 64-byte records
    private const int Warmup = 100_000;

    /// <summary>Scenarios in the order they run; the first three are the ones the issue names.</summary>
    public static readonly string[] Scenarios =
    [
        "append-64", "append-512", "read", "append-64-flush-1000rec", "append-64-flush-1000us", "append-64-with-reader", "append-64-paced-100k", "append-64-rolling-128mib",
    ];

    /// <summary>Runs every scenario for about <paramref name="seconds"/> seconds each and prints the results.</summary>
    /// <returns>Exit code: 0.</returns>
    public static int Execute(int seconds, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        seconds = Math.Max(1, seconds);
        var root = Path.Combine(Path.GetTempPath(), "qt-bench-journal-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        var results = new List<Result>();
        try
        {
            WarmUp(Path.Combine(root, "warm-up"));
            var replayDir = Path.Combine(root, "append-64") + "-t";
            results.Add(Append("append-64", Path.Combine(root, "append-64"), 64, seconds, JournalDurability.PageCache, 0, 0, withReader: false, pacedPerSecond: 0));
            Delete(Path.Combine(root, "append-64") + "-l");
            results.Add(Append("append-512", Path.Combine(root, "append-512"), 512, seconds, JournalDurability.PageCache, 0, 0, false, 0));
            DeleteScenario(Path.Combine(root, "append-512"));
            results.Add(Read("read", replayDir));
            Delete(replayDir);
            results.Add(Append("append-64-flush-1000rec", Path.Combine(root, "f1"), 64, seconds, JournalDurability.Flush, 1000, 0, false, 0));
            DeleteScenario(Path.Combine(root, "f1"));
            results.Add(Append("append-64-flush-1000us", Path.Combine(root, "f2"), 64, seconds, JournalDurability.Flush, 0, 1000, false, 0));
            DeleteScenario(Path.Combine(root, "f2"));
            results.Add(Append("append-64-with-reader", Path.Combine(root, "r"), 64, seconds, JournalDurability.PageCache, 0, 0, withReader: true, 0));
            DeleteScenario(Path.Combine(root, "r"));
            results.Add(Append("append-64-paced-100k", Path.Combine(root, "p"), 64, seconds, JournalDurability.PageCache, 0, 0, false, pacedPerSecond: 100_000));
            DeleteScenario(Path.Combine(root, "p"));
            results.Add(Append("append-64-rolling-128mib", Path.Combine(root, "s"), 64, seconds, JournalDurability.PageCache, 0, 0, false, 0, DefaultSegment));
        }
        finally
        {
            Delete(root);
        }

        if (json)
        {
            WriteJson(results, seconds, output);
        }
        else
        {
            WriteHuman(results, seconds, output);
        }

        return 0;
    }

    private sealed record Result(string Name, long Records, double RecordsPerSec, double MegabytesPerSec, long P50, long P99, long P999, long Max,
        long Samples, int Gen0, int Gen2, long Extra, string Note, double RecordsPerCpuSec = 0);

    // Nanoseconds the calling thread has run on a CPU (/proc/thread-self/schedstat): on a shared host the
    // wall-clock rate says how often the thread was scheduled, this one what the code costs.
    private static long ThreadCpuNs()
    {
        try
        {
            var text = File.ReadAllText("/proc/thread-self/schedstat");
            var space = text.IndexOf(' ', StringComparison.Ordinal);
            return long.Parse(text.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static Result Append(string name, string dir, int payload, int seconds, JournalDurability durability, int flushRecords, long flushMicros,
        bool withReader, int pacedPerSecond, long segmentSize = LargeSegment)
    {
        var data = new byte[payload];
        data.AsSpan().Fill(0xA5);
        var recordBytes = JournalFormat.AlignedRecordSize(payload);

        // With large segments each phase stays inside the first segment, which the writer pre-faults when it
        // opens: the figure is the append path itself. With the default segment size the writer rolls and
        // the sustained rate includes the kernel's cost of faulting in each new segment.
        var cap = segmentSize == LargeSegment ? ((segmentSize - JournalFormat.DataOffset) / recordBytes) - Warmup - 2048 : MaxRecordsPerPhase;
        var phaseTicks = Stopwatch.Frequency * seconds / 2;
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);

        // Throughput: back to back, no timing per record.
        long count = 0;
        double elapsed = 0;
        long flushes = 0, rolls = 0, syncRolls = 0, stalls = 0, readerRecords = 0;
        double cpuSeconds = 0;
        if (pacedPerSecond == 0)
        {
            using var writer = OpenWriter(dir + "-t", segmentSize, durability, flushRecords, flushMicros, data);
            using var reader = withReader ? new TailingReader(dir + "-t") : null;
            var cpuStart = ThreadCpuNs();
            var start = Stopwatch.GetTimestamp();
            var end = start + phaseTicks;
            while (count < cap)
            {
                for (var i = 0; i < 1024; i++)
                {
                    writer.Append(1, 1, data);
                }

                count += 1024;
                if (Stopwatch.GetTimestamp() >= end)
                {
                    break;
                }
            }

            elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
            cpuSeconds = (ThreadCpuNs() - cpuStart) / 1e9;
            flushes += writer.Flushes;
            rolls += writer.Rolls;
            syncRolls += writer.SynchronousRolls;
            stalls += writer.PreparerStalls;
            readerRecords += reader?.Stop() ?? 0;
        }

        // Latency: every append timed. Paced runs measure from the intended send time, so a stall delays
        // every later send and is counted (coordinated omission corrected); the service time is kept apart.
        var histogram = new LongHistogram(10_000_000_000L, 3);
        var service = new LongHistogram(10_000_000_000L, 3);
        var ticksToNs = 1e9 / Stopwatch.Frequency;
        long samples = 0;
        using (var writer = OpenWriter(dir + "-l", segmentSize, durability, flushRecords, flushMicros, data))
        using (var reader = withReader ? new TailingReader(dir + "-l") : null)
        {
            var start = Stopwatch.GetTimestamp();
            var end = start + phaseTicks;
            var interval = pacedPerSecond > 0 ? Stopwatch.Frequency / (double)pacedPerSecond : 0;
            var next = (double)start;
            while (samples < cap)
            {
                long intended;
                if (interval > 0)
                {
                    next += interval;
                    while (Stopwatch.GetTimestamp() < (long)next)
                    {
                    }

                    intended = (long)next;
                }
                else
                {
                    intended = Stopwatch.GetTimestamp();
                }

                var t0 = interval > 0 ? Stopwatch.GetTimestamp() : intended;
                writer.Append(1, 1, data);
                var t1 = Stopwatch.GetTimestamp();
                histogram.RecordValue(Math.Max(0, (long)((t1 - intended) * ticksToNs)));
                service.RecordValue(Math.Max(0, (long)((t1 - t0) * ticksToNs)));
                samples++;
                if ((samples & 1023) == 0 && t1 >= end)
                {
                    break;
                }
            }

            if (pacedPerSecond > 0)
            {
                count = samples;
                elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
                cpuSeconds = 0;
            }

            flushes += writer.Flushes;
            rolls += writer.Rolls;
            syncRolls += writer.SynchronousRolls;
            stalls += writer.PreparerStalls;
            readerRecords += reader?.Stop() ?? 0;
        }

        var note = $"payload {payload} B, {recordBytes} B on disk per record, {segmentSize >> 20} MiB segments; durability {durability}"
            + (flushRecords > 0 ? $" every {flushRecords} records" : "") + (flushMicros > 0 ? $" every {flushMicros} us" : "")
            + $"; flushes {flushes}, rolls {rolls} (synchronous {syncRolls}, waits for the preparer {stalls})"
            + (withReader ? $"; concurrent reader read {readerRecords} records" : "")
            + (pacedPerSecond > 0
                ? $"; paced at {pacedPerSecond}/s, latency from the intended send time; service time p50 {service.GetValueAtPercentile(50)} p99 {service.GetValueAtPercentile(99)} p99.9 {service.GetValueAtPercentile(99.9)} max {service.GetMaxValue()} ns"
                : "");
        return new Result(name, count, count / elapsed, count * (double)payload / elapsed / 1e6,
            histogram.GetValueAtPercentile(50), histogram.GetValueAtPercentile(99), histogram.GetValueAtPercentile(99.9), histogram.GetMaxValue(),
            histogram.TotalCount, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2, flushes, note, cpuSeconds > 0 ? count / cpuSeconds : 0);
    }

    // Tiered compilation promotes hot methods after a call-count delay of about 100 ms: run the append and
    // read paths for half a second first so that no scenario measures tier-0 code.
    private static void WarmUp(string dir)
    {
        var data = new byte[64];
        using (var writer = OpenWriter(dir, 256L * 1024 * 1024, JournalDurability.PageCache, 0, 0, data))
        {
            var end = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 2);
            for (var n = 0; n < 2_000_000 && Stopwatch.GetTimestamp() < end; n++)
            {
                writer.Append(1, 1, data);
                _ = Stopwatch.GetTimestamp();
            }
        }

        using (var reader = JournalReader.Open(dir))
        {
            while (reader.TryRead(out _) == JournalReadResult.Record)
            {
            }
        }

        Delete(dir);
    }

    private static JournalWriter OpenWriter(string dir, long segmentSize, JournalDurability durability, int flushRecords, long flushMicros, byte[] data)
    {
        Delete(dir);
        var writer = JournalWriter.Open(new JournalOptions
        {
            Directory = dir,
            SegmentSize = segmentSize,
            Durability = durability,
            FlushEveryRecords = flushRecords,
            FlushEveryMicros = flushMicros,
        }, MonotonicClock.Instance);
        for (var i = 0; i < Warmup; i++)
        {
            writer.Append(1, 1, data);
        }

        return writer;
    }

    /// <summary>A reader thread tailing the journal being written, as a peripheral process would.</summary>
    private sealed class TailingReader : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _records;

        public TailingReader(string dir)
        {
            _thread = new Thread(() =>
            {
                using var reader = JournalReader.Open(dir);
                while (!_stop)
                {
                    if (reader.TryRead(out _) != JournalReadResult.Record)
                    {
                        Thread.SpinWait(20);
                    }
                }

                _records = reader.RecordsRead;
            }) { IsBackground = true, Name = "qt-bench-reader" };
            _thread.Start();
        }

        public long Stop()
        {
            _stop = true;
            _thread.Join();
            return _records;
        }

        public void Dispose()
        {
            if (!_stop)
            {
                Stop();
            }
        }
    }

    private static Result Read(string name, string dir)
    {
        // Throughput: one pass over everything the append-64 scenario wrote, untimed per record.
        long count = 0;
        long bytes = 0;
        var gen0 = GC.CollectionCount(0);
        var gen2 = GC.CollectionCount(2);
        var cpuStart = ThreadCpuNs();
        var start = Stopwatch.GetTimestamp();
        using (var reader = JournalReader.Open(dir))
        {
            while (reader.TryRead(out var record) == JournalReadResult.Record)
            {
                count++;
                bytes += record.Payload.Length;
            }
        }

        var elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        var cpuSeconds = (ThreadCpuNs() - cpuStart) / 1e9;

        // Latency: a second pass with each read timed.
        var histogram = new LongHistogram(10_000_000_000L, 3);
        var ticksToNs = 1e9 / Stopwatch.Frequency;
        using (var reader = JournalReader.Open(dir))
        {
            var t0 = Stopwatch.GetTimestamp();
            while (reader.TryRead(out _) == JournalReadResult.Record)
            {
                var t1 = Stopwatch.GetTimestamp();
                histogram.RecordValue((long)((t1 - t0) * ticksToNs));
                t0 = t1;
            }
        }

        return new Result(name, count, count / elapsed, bytes / elapsed / 1e6, histogram.GetValueAtPercentile(50), histogram.GetValueAtPercentile(99),
            histogram.GetValueAtPercentile(99.9), histogram.GetMaxValue(), histogram.TotalCount, GC.CollectionCount(0) - gen0, GC.CollectionCount(2) - gen2, 0,
            "replay of the append-64 journal from the page cache, checksum verified per record", cpuSeconds > 0 ? count / cpuSeconds : 0);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Machine()
    {
        var model = "unknown CPU";
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    model = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                    break;
                }
            }
        }
        catch (IOException)
        {
        }

        return $"{model}, {Environment.ProcessorCount} logical CPUs, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    private static void WriteHuman(List<Result> results, int seconds, TextWriter o)
    {
        o.WriteLine($"journal benchmark, about {seconds} s per scenario; machine: {Machine()}; load average at the end: {LoadAverage()}");
        o.WriteLine($"{"scenario",-26} {"records/s",14} {"per CPU-s",14} {"MB/s",9} {"p50 ns",8} {"p99 ns",8} {"p99.9 ns",9} {"max ns",11} {"gc0",4} {"gc2",4}");
        foreach (var r in results)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Name,-26} {r.RecordsPerSec,14:N0} {r.RecordsPerCpuSec,14:N0} {r.MegabytesPerSec,9:N1} {r.P50,8} {r.P99,8} {r.P999,9} {r.Max,11} {r.Gen0,4} {r.Gen2,4}"));
            o.WriteLine($"  {r.Note}");
        }
    }

    private static void WriteJson(List<Result> results, int seconds, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("benchmark", "journal");
            w.WriteString("machine", Machine());
            w.WriteNumber("seconds_per_scenario", seconds);
            w.WriteString("load_average", LoadAverage());
            w.WriteStartObject("scenarios");
            foreach (var r in results)
            {
                w.WriteStartObject(r.Name);
                w.WriteNumber("records", r.Records);
                w.WriteNumber("records_per_sec", Math.Round(r.RecordsPerSec));
                w.WriteNumber("records_per_cpu_sec", Math.Round(r.RecordsPerCpuSec));
                w.WriteNumber("mb_per_sec", Math.Round(r.MegabytesPerSec, 1));
                w.WriteNumber("p50_ns", r.P50);
                w.WriteNumber("p99_ns", r.P99);
                w.WriteNumber("p999_ns", r.P999);
                w.WriteNumber("max_ns", r.Max);
                w.WriteNumber("latency_samples", r.Samples);
                w.WriteNumber("gc_gen0", r.Gen0);
                w.WriteNumber("gc_gen2", r.Gen2);
                w.WriteString("note", r.Note);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void DeleteScenario(string dir)
    {
        Delete(dir + "-t");
        Delete(dir + "-l");
    }

    private static void Delete(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }
}
