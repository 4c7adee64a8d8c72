using System.Diagnostics;
using System.Globalization;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Runtime.Journal;
using QuantumTrader.Services.Journal;
using Xunit;

namespace QuantumTrader.Integration.Tests.Journal;

[Trait("Category", "Integration")]
public sealed class JournalCrashTests : IDisposable
{
    private const int Kills = 12;
    private const int MaxPayload = 300;
    private const int SegmentKib = 1024;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qt-crash-" + Guid.NewGuid().ToString("N"));
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly List<Process> _started = new(); // killed at Dispose: a test that timed out leaves none running

    private string Stderr()
    {
        lock (_stderr)
        {
            return _stderr.ToString();
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Writer_KilledMidWriteManyTimes_KeepsEveryReportedRecordAndResumes()
    {
        var host = Path.Combine(AppContext.BaseDirectory, "quantumtrader.dll");
        Assert.True(File.Exists(host), $"{host} not built");
        var random = new Random(20261124); // seeded: the same kill points on every run
        var deadline = Stopwatch.StartNew();
        long maxReported = 0;
        long tornRecoveries = 0;
        var killedWithUnreportedCommits = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            var target = random.Next(2_000, 40_000); // records to see reported before the kill
            var lastOnDisk = LastSequenceOnDisk();
            using var process = Start(host);
            var opened = await process.StandardOutput.ReadLineAsync();
            Assert.True(opened is not null, $"run {kill}: writer wrote nothing; stderr: {Stderr()}");
            var parts = opened!.Split(' ');
            Assert.Equal("open", parts[0]);
            var next = long.Parse(parts[1], CultureInfo.InvariantCulture);
            tornRecoveries += long.Parse(parts[2], CultureInfo.InvariantCulture) > 0 ? 1 : 0;

            // Resumes: the sequence continues right after the last record that survived, never before
            // anything that was reported committed.
            Assert.True(next >= maxReported + 1, $"run {kill}: writer resumed at {next}, but {maxReported} was reported committed");
            Assert.Equal(lastOnDisk + 1, next);
            if (kill > 0 && next > maxReported + 1)
            {
                killedWithUnreportedCommits++; // it was killed while writing ahead of what it had reported
            }

            var seen = 0;
            while (seen < target)
            {
                var line = await process.StandardOutput.ReadLineAsync();
                Assert.True(line is not null, $"run {kill}: writer stopped after {seen} records; stderr: {Stderr()}");
                var reported = long.Parse(line!, CultureInfo.InvariantCulture);
                Assert.Equal(next + seen, reported);
                maxReported = reported;
                seen++;
            }

            process.Kill(); // SIGKILL on Linux: no finally blocks, no flush, mid-record most of the time
            await process.WaitForExitAsync();
            Assert.True(deadline.Elapsed < Budget, "crash test exceeded its time budget");
        }

        Assert.True(killedWithUnreportedCommits > 0, "no kill landed during heavy writing");

        // Every reported record is intact and exactly as written; nothing after it is half-visible.
        using (var reader = JournalReader.Open(_directory))
        {
            var expected = 1L;
            var buffer = new byte[MaxPayload];
            JournalReadResult result;
            while ((result = reader.TryRead(out var record)) == JournalReadResult.Record)
            {
                Assert.Equal(expected, record.Sequence);
                var length = CrashWriter.PayloadLength(expected, MaxPayload);
                CrashWriter.FillPayload(expected, buffer.AsSpan(0, length));
                Assert.True(record.Payload.SequenceEqual(buffer.AsSpan(0, length)), $"payload of {expected} differs");
                expected++;
            }

            Assert.Equal(JournalReadResult.EndOfData, result);
            Assert.True(expected - 1 >= maxReported, $"journal ends at {expected - 1}, {maxReported} was reported committed");
        }

        var scan = JournalScan.Run(_directory);
        Assert.True(scan.IsSound, string.Join("; ", scan.Defects));
        Assert.True(scan.Segments.Count > 3, "the test should cross segment boundaries");

        // Appending resumes after the last kill.
        using var final = Start(host, maxRecords: 100);
        var finalOpen = (await final.StandardOutput.ReadLineAsync())!.Split(' ');
        var resumeAt = long.Parse(finalOpen[1], CultureInfo.InvariantCulture);
        await final.WaitForExitAsync();
        Assert.Equal(0, final.ExitCode);
        var after = JournalScan.Run(_directory);
        Assert.True(after.IsSound, string.Join("; ", after.Defects));
        Assert.Equal(resumeAt + 99, after.Segments[^1].LastSequence);
    }

    [Fact(Timeout = 60_000)]
    public async Task Reader_InAnotherProcessThanWriter_FollowsLiveAcrossSegments()
    {
        const int Records = 60_000;
        var host = Path.Combine(AppContext.BaseDirectory, "quantumtrader.dll");
        using var process = Start(host, maxRecords: Records);
        var drain = process.StandardOutput.ReadToEndAsync();
        var watch = Stopwatch.StartNew();
        while (!Directory.Exists(_directory) && watch.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(5);
        }

        using var reader = JournalReader.Open(_directory);
        var buffer = new byte[MaxPayload];
        var expected = 1L;
        while (expected <= Records)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(45), $"reader stuck at {expected}");
            var result = reader.TryRead(out var record);
            Assert.NotEqual(JournalReadResult.Corrupt, result);
            if (result == JournalReadResult.EndOfData)
            {
                await Task.Delay(1);
                continue;
            }

            Assert.Equal(expected, record.Sequence);
            var length = CrashWriter.PayloadLength(expected, MaxPayload);
            CrashWriter.FillPayload(expected, buffer.AsSpan(0, length));
            Assert.True(record.Payload.SequenceEqual(buffer.AsSpan(0, length)));
            expected++;
        }

        await drain;
        await process.WaitForExitAsync();
        Assert.True(reader.SegmentIndex >= 3, "the reader should have crossed segment boundaries");
    }

    private long LastSequenceOnDisk()
    {
        if (!Directory.Exists(_directory))
        {
            return 0;
        }

        var scan = JournalScan.Run(_directory);
        long last = 0;
        foreach (var s in scan.Segments)
        {
            if (s.Records > 0)
            {
                last = s.LastSequence;
            }
        }

        return last;
    }

    private Process Start(string host, long maxRecords = 0)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { host, "journal", "crash-writer", _directory, "--segment-kib", SegmentKib.ToString(CultureInfo.InvariantCulture),
                     "--max-payload", MaxPayload.ToString(CultureInfo.InvariantCulture), "--max-records", maxRecords.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the writer");
        _started.Add(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        return process;
    }

    public void Dispose()
    {
        foreach (var process in _started)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // already disposed by its test
            }
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
