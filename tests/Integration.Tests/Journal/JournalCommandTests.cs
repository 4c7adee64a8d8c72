using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Journal;
using QuantumTrader.Services.Journal;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Journaling.Export;
using QuantumTrader.Model;
using Xunit;

namespace QuantumTrader.Integration.Tests.Journal;

[Trait("Category", "Integration")]
public sealed class JournalCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "qt-cli-" + Guid.NewGuid().ToString("N"));

    private int WriteTradingJournal(int slots)
    {
        var registry = new InstrumentRegistry();
        registry.Add(Venue.BinanceUsdM, "BTCUSDT", Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), 100 * FixedPoint.Scale);
        registry.Add(Venue.BinanceUsdM, "ETHUSDT", Price.FromDecimal(0.01m), Quantity.FromDecimal(0.001m), 20 * FixedPoint.Scale);
        var clock = new ManualClock(1_700_000_000_000_000_000);
        var records = 0;
        using var writer = JournalWriter.Open(new JournalOptions { Directory = _directory, SegmentSize = 1024 * 1024, SchemaFingerprint = JournalSchema.Fingerprint }, clock);
        var stage = new JournalStage(writer, 3, registry);
        stage.OnStart();
        for (var i = 0; i < slots; i++)
        {
            clock.Advance(1_000);
            var slot = new InputEvent
            {
                Kind = InputKind.Trade,
                Venue = Venue.BinanceUsdM,
                SymbolId = (ushort)(i % 2),
                ExchangeTimeNs = clock.NowNanos,
                Price = new Price(6_500_000_000_000 + i),
                Quantity = new Quantity(100_000),
                Valid = true,
            };
            if (i % 10 == 0)
            {
                slot.Inferred = true;
                slot.SignalSide = Side.Sell;
                slot.Confidence = 0.9f;
                slot.OrderQuantity = new Quantity(200_000);
                slot.Purpose = QuantumTrader.Model.Orders.OrderPurpose.Entry;
                slot.OrderSide = Side.Sell;
                slot.Approved = i % 20 == 0;
            }

            stage.OnEvent(ref slot, i, true);
        }

        records = (int)writer.LastSequence;
        return records;
    }

    // Kills the process and fails the test when it does not finish in 30 s.
    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] args) =>
        QuantumTrader.Integration.Tests.Capture.CaptureProcess.Run(30_000, args);

    [Fact]
    public void InfoJson_TradingJournal_ReportsTotalsAndCountsByType()
    {
        var records = WriteTradingJournal(20_000);
        var (code, stdout, _) = Run("journal", "info", _directory, "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(records, root.GetProperty("records").GetInt64());
        Assert.Equal(1, root.GetProperty("first_sequence").GetInt64());
        Assert.Equal(records, root.GetProperty("last_sequence").GetInt64());
        var counts = root.GetProperty("counts_by_type");
        Assert.Equal(20_000, counts.GetProperty("input").GetInt64());
        Assert.Equal(2_000, counts.GetProperty("signal").GetInt64());
        Assert.Equal(2_000, counts.GetProperty("gate").GetInt64());
        Assert.Equal(1_000, counts.GetProperty("order").GetInt64());
        Assert.Equal(2, counts.GetProperty("instrument").GetInt64());
        Assert.True(root.GetProperty("segments").GetArrayLength() >= 3);
    }

    [Fact]
    public void Verify_SoundThenFlippedByte_ExitsZeroThenNonZeroNamingSegmentAndOffset()
    {
        WriteTradingJournal(20_000);
        var (sound, soundOut, _) = Run("journal", "verify", _directory);
        Assert.Equal(0, sound);
        Assert.StartsWith("OK", soundOut, StringComparison.Ordinal);

        var path = JournalDirectory.SegmentPath(_directory, 1);
        const long Offset = JournalFormat.DataOffset + 4096 + 13;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = Offset;
            var b = stream.ReadByte();
            stream.Position = Offset;
            stream.WriteByte((byte)(b ^ 1));
        }

        var (broken, brokenOut, _) = Run("journal", "verify", _directory, "--json");
        Assert.Equal(1, broken);
        using var doc = JsonDocument.Parse(brokenOut);
        Assert.False(doc.RootElement.GetProperty("sound").GetBoolean());
        var defect = doc.RootElement.GetProperty("defects")[0];
        Assert.Equal(path, defect.GetProperty("segment").GetString());
        var offset = defect.GetProperty("offset").GetInt64();
        Assert.InRange(offset, Offset - 600, Offset); // the start of the record holding the flipped byte
    }

    [Fact]
    public void Verify_MissingDirectory_ExitsNonZero()
    {
        var (code, _, _) = Run("journal", "verify", _directory + "-missing");
        Assert.NotEqual(0, code);
    }

    [Fact]
    public void ExportJsonl_TypeAndRange_UsesLegacyFieldNames()
    {
        WriteTradingJournal(200);
        var (code, stdout, stderr) = Run("journal", "export", _directory, "--format", "jsonl", "--type", "order", "--from", "1", "--to", "100000");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, lines.Length);
        foreach (var line in lines)
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            Assert.Equal("apply.plan", r.GetProperty("stream").GetString());
            Assert.StartsWith("qt3-", r.GetProperty("plan_id").GetString(), StringComparison.Ordinal);
            Assert.Equal("EXECUTE", r.GetProperty("decision").GetString());
            Assert.Equal("SELL", r.GetProperty("side").GetString());
            Assert.Equal("MARKET", r.GetProperty("type").GetString());
            Assert.Equal(0.002m, r.GetProperty("qty").GetDecimal());
            Assert.Equal("BTCUSDT", r.GetProperty("symbol").GetString());
        }

        Assert.Contains("exported 10 records", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportCsv_FromTo_WritesHeaderAndRowsInRange()
    {
        WriteTradingJournal(50);
        var (code, stdout, _) = Run("journal", "export", _directory, "--format", "csv", "--from", "10", "--to", "19");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CsvFieldSink.Header, lines[0]);
        Assert.Equal(11, lines.Length);
        Assert.StartsWith("10,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("19,", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void ExportCsv_SymbolsWithCommaQuoteCrLf_RoundTripThroughACsvReader()
    {
        string[] awkward = ["A,B\"C", "CR\rLF\nX", "\r\n"]; // a comma and a quote; a bare CR and LF (no comma); a line break alone
        var registry = new InstrumentRegistry();
        foreach (var symbol in awkward)
        {
            registry.Add(Venue.BinanceUsdM, symbol, Price.FromDecimal(0.1m), Quantity.FromDecimal(0.001m), 100 * FixedPoint.Scale);
        }

        using (var writer = JournalWriter.Open(new JournalOptions { Directory = _directory, SegmentSize = 1024 * 1024, SchemaFingerprint = JournalSchema.Fingerprint }, new ManualClock(1_700_000_000_000_000_000)))
        {
            var stage = new JournalStage(writer, 3, registry);
            stage.OnStart();
            for (var i = 0; i < awkward.Length; i++)
            {
                var slot = new InputEvent { Kind = InputKind.Trade, Venue = Venue.BinanceUsdM, SymbolId = (ushort)i, Price = new Price(6_500_000_000_000), Quantity = new Quantity(100_000), Valid = true };
                stage.OnEvent(ref slot, i, true);
            }
        }

        var (code, stdout, stderr) = Run("journal", "export", _directory, "--format", "csv");
        Assert.True(code == 0, stderr);

        using var csv = new CsvHelper.CsvReader(new StringReader(stdout), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add(Enumerable.Range(0, csv.Parser.Count).Select(i => csv.GetField(i)!).ToArray());
        }

        var header = CsvFieldSink.Header.Split(',');
        Assert.Equal(1 + 2 * awkward.Length, rows.Count); // the header, an instrument record and a trade input per symbol
        Assert.Equal(header, rows[0]);
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        var type = Array.IndexOf(header, "type");
        var symbolColumn = Array.IndexOf(header, "symbol");
        Assert.Equal(awkward, rows.Where(r => r[type] == "instrument").Select(r => r[symbolColumn]).ToArray());
        Assert.Equal(awkward, rows.Where(r => r[type] == "input").Select(r => r[symbolColumn]).ToArray());
    }

    [Fact]
    public void Tail_TypeSignal_PrintsLastNSignals()
    {
        WriteTradingJournal(500);
        var (code, stdout, _) = Run("journal", "tail", _directory, "--type", "signal", "-n", "3");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, l => Assert.Contains("stream=ai.signal_generated", l, StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Contains("action=sell", l, StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task TailFollow_WriterAppendsLater_PrintsNewRecordsAsTheyCommit()
    {
        WriteTradingJournal(10);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "quantumtrader.dll"), "journal", "tail", _directory, "--follow", "-n", "1", "--json", "--type", "input" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        try
        {
            var first = await process.StandardOutput.ReadLineAsync();
            Assert.NotNull(first);
            using (var doc = JsonDocument.Parse(first!))
            {
                Assert.Equal(6_500_000_000_009m / FixedPoint.Scale, doc.RootElement.GetProperty("price").GetDecimal());
            }

            using (var writer = JournalWriter.Open(new JournalOptions { Directory = _directory, SegmentSize = 1024 * 1024 }, new ManualClock(2)))
            {
                for (var i = 0; i < 3; i++)
                {
                    var slot = new InputEvent { Kind = InputKind.Trade, Price = new Price(100 + i), Valid = true };
                    InputRecord.Write(writer.BeginRecord(InputRecord.Size), in slot);
                    writer.Commit(JournalRecordType.Input, InputRecord.Version);
                }
            }

            for (var i = 0; i < 3; i++)
            {
                var line = await process.StandardOutput.ReadLineAsync();
                Assert.NotNull(line);
                using var doc = JsonDocument.Parse(line!);
                Assert.Equal((100m + i) / FixedPoint.Scale, doc.RootElement.GetProperty("price").GetDecimal());
            }
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public void JournalSetup_FlushWithoutInterval_IsRejectedNamingTheKey()
    {
        var config = new QuantumTraderConfig();
        config.Journal.Durability = "flush";
        var e = Assert.Throws<ArgumentException>(() => JournalSetup.FromConfig(config, null, Path.GetTempPath(), "x"));
        Assert.Contains("journal.flush_every_records", e.Message, StringComparison.Ordinal);
        config.Journal.Durability = "fsync";
        Assert.Contains("journal.durability", Assert.Throws<ArgumentException>(() => JournalSetup.FromConfig(config, null, Path.GetTempPath(), "x")).Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void JournalSetup_OverrideDirectory_WinsOverConfig()
    {
        var config = new QuantumTraderConfig();
        config.Journal.Dir = "/var/lib/qt/journal";
        config.Journal.SegmentSizeMib = 4;
        var options = JournalSetup.FromConfig(config, _directory, Path.GetTempPath(), "x");
        Assert.Equal(_directory, options.Directory);
        Assert.Equal(4L << 20, options.SegmentSize);
        Assert.Equal(JournalSchema.Fingerprint, options.SchemaFingerprint);
        Assert.Equal("/var/lib/qt/journal", JournalSetup.FromConfig(config, null, "/tmp", "x").Directory);
        config.Journal.Dir = "";
        Assert.Equal(Path.Combine("/tmp", "run-1"), JournalSetup.FromConfig(config, null, "/tmp", "run-1").Directory);
    }

    [Fact]
    public void Maintenance_RunOnce_CompressesSealedSegmentsAndReadersStillReadAll()
    {
        var records = WriteTradingJournal(20_000);
        using var maintenance = new JournalMaintenance(_directory, compress: true, 0, 0, new ManualClock(), TimeSpan.FromSeconds(1));
        maintenance.RunOnce();
        Assert.True(maintenance.Compressed >= 2);
        var scan = JournalScan.Run(_directory);
        Assert.True(scan.IsSound, string.Join("; ", scan.Defects));
        Assert.Equal(records, scan.Records);
        Assert.Contains(scan.Segments, s => s.File.Compressed);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
