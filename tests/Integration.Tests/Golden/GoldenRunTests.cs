using System.Buffers.Binary;
using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Time;
using QuantumTrader.Host;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Integration.Tests.Run;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Risk;
using QuantumTrader.Stages.Signal;
using QuantumTrader.Testing;
using Xunit;

namespace QuantumTrader.Integration.Tests.Golden;

/// <summary>
/// Golden results, as LEAN's regression tests keep them: the recorded capture through the whole pipeline, its
/// figures (counts by stage and by reason, journal records by type, a SHA-256 over every decision record, the
/// positions) compared with the figures committed in Golden/*.json. A change that alters what the engine
/// decides fails here, naming each figure that moved; see Golden/README.md to regenerate on purpose.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GoldenRunTests
{
    private static readonly string Capture = TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz");

    /// <summary>The run identity given to the stand-in scenario's client order ids (a real run takes its
    /// journal's creation time, a wall-clock value).</summary>
    private const long FixedRun = 20240808;

    // Run figures that depend on the machine or the wall clock, not on the decisions.
    private static readonly HashSet<string> Unstable = new(StringComparer.Ordinal)
    {
        "journal", "duration_s", "events_per_sec", "gc_collections", "latency",
    };

    /// <summary>The README's main job: <c>run --data btcusdt_20240808.gz --speed max</c> with the shipped model
    /// against the simulated exchange.</summary>
    [Fact]
    public void MainJob_RecordedCapture_MatchesGoldenFigures()
    {
        var dir = Directory.CreateTempSubdirectory("qt-golden-main-");
        try
        {
            var journal = Path.Combine(dir.FullName, "j");
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = Program.BuildRoot().Parse(["run", "--data", Capture, "--speed", "max", "--journal", journal, "--json"])
                .Invoke(new InvocationConfiguration { Output = output, Error = error });
            Assert.True(exit == 0, $"run exited {exit}: {error}");

            var figures = new SortedDictionary<string, string>(StringComparer.Ordinal);
            using (var json = JsonDocument.Parse(output.ToString()))
            {
                Flatten(json.RootElement, "run.", figures);
            }

            AddJournalFigures(journal, figures);
            GoldenFile.Verify("main-job", figures);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>The same capture through the deterministic stand-in model of <see cref="PipelineRunTests"/>:
    /// a scenario that trades (orders, fills, positions).</summary>
    [Fact]
    public void StandInModel_RecordedCapture_MatchesGoldenFigures()
    {
        var figures = StandInFigures(ConfigLoader.LoadDefault().GetConfigOrThrow());
        Assert.NotEqual("0", figures["run.orders"]); // the scenario exists to trade
        Assert.NotEqual("0", figures["run.fills"]);
        GoldenFile.Verify("stand-in-model", figures);
    }

    /// <summary>A change in behaviour is caught: the same scenario under a higher confidence floor (the stand-in
    /// model is 0.8 sure) differs from the committed figures in its orders and its decisions hash.</summary>
    [Fact]
    public void StandInModel_StricterConfidenceFloor_DiffersFromGoldenFigures()
    {
        var stricter = ConfigLoader.LoadDefault().GetConfigOrThrow();
        stricter.Strategy.MinConfidence = 0.85;

        var diff = GoldenFile.Diff(GoldenFile.Parse(File.ReadAllText(GoldenFile.PathOf("stand-in-model"))), StandInFigures(stricter));

        Assert.Contains("  run.orders: expected ", diff, StringComparison.Ordinal);
        Assert.Contains("  journal.decisions_sha256: expected ", diff, StringComparison.Ordinal);
    }

    private static SortedDictionary<string, string> StandInFigures(QuantumTraderConfig config)
    {
        var dir = Directory.CreateTempSubdirectory("qt-golden-standin-");
        try
        {
            var options = QuantumTrader.Runtime.Journal.JournalSetup.FromConfig(config, Path.Combine(dir.FullName, "j"), dir.FullName, "j");
            var figures = new SortedDictionary<string, string>(StringComparer.Ordinal);
            using (var writer = JournalWriter.Open(options, EpochClock.Instance))
            {
                var (e, orders, exchange) = PipelineRunTests.RunCapture(
                    instruments => new JournalStage(writer, (ushort)config.Engine.InstanceId, instruments, run: FixedRun), writer.NextSequence, run: FixedRun, config: config);
                Put(figures, "run.events", e.Route.Events);
                Put(figures, "run.ticks_rejected", e.Ingest.Rejected);
                Put(figures, "run.feature_vectors", e.Features.Engine.Counters.Vectors);
                Put(figures, "run.inferences", e.Inference.Counters.Inferences);
                Put(figures, "run.signals", e.Signal.Signals);
                foreach (var reason in Enum.GetValues<SignalReason>())
                {
                    Put(figures, "run.signal_refusals." + reason, e.Signal.Refused(reason));
                }

                Put(figures, "run.sized", e.Sizing.Sized);
                Put(figures, "run.gate_approved", e.Gating.Approved);
                foreach (var reason in Enum.GetValues<GateReason>())
                {
                    Put(figures, "run.gate_blocked." + reason, e.Gating.BlockedFor(reason));
                }

                Put(figures, "run.orders", e.Route.Routed);
                Put(figures, "run.orders_refused", e.Route.Refused);
                Put(figures, "run.orders_at_venue", orders.Count);
                Put(figures, "run.fills", e.Ledger.Fills);
                Put(figures, "run.faults", e.Faults.FaultCount);
                figures["run.mode"] = e.State.Mode.ToString();
                Put(figures, "position.exchange.raw", exchange.PositionOf(0));
                Put(figures, "position.gate.raw", e.Ledger.Position(0));
            }

            AddJournalFigures(options.Directory, figures);
            return figures;
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>A changed figure fails with its name, the expected and the actual value.</summary>
    [Fact]
    public void Diff_ChangedMissingAndNewFigures_NamesEachWithExpectedAndActual()
    {
        var expected = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["gone"] = "3" };
        var actual = new Dictionary<string, string> { ["a"] = "1", ["b"] = "5", ["new"] = "7" };

        var diff = GoldenFile.Diff(expected, actual);

        Assert.Equal("  b: expected 2, actual 5\n  gone: expected 3, actual (absent)\n  new: expected (absent), actual 7\n", diff);
        Assert.Equal(string.Empty, GoldenFile.Diff(expected, new Dictionary<string, string>(expected)));
    }

    /// <summary>Journal records counted by type, and a SHA-256 over every decision record (not the inputs nor the
    /// instrument records) in order: its type, version and payload, never its wall-clock timestamp.</summary>
    private static void AddJournalFigures(string directory, SortedDictionary<string, string> figures)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long decisions = 0;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> head = stackalloc byte[8];
        using (var reader = JournalReader.Open(directory))
        {
            JournalReadResult result;
            while ((result = reader.TryRead(out var r)) == JournalReadResult.Record)
            {
                var name = JournalRecordType.Name(r.Type) ?? "type" + r.Type.ToString(CultureInfo.InvariantCulture);
                counts[name] = counts.GetValueOrDefault(name) + 1;
                if (r.Type is JournalRecordType.Input or JournalRecordType.Instrument)
                {
                    continue;
                }

                decisions++;
                BinaryPrimitives.WriteUInt16LittleEndian(head, r.Type);
                BinaryPrimitives.WriteUInt16LittleEndian(head[2..], r.Version);
                BinaryPrimitives.WriteInt32LittleEndian(head[4..], r.Type == JournalRecordType.ModelLoad ? 0 : r.Payload.Length); // a model load's length has the path in it
                sha.AppendData(head);
                if (r.Type == JournalRecordType.OrderRequest && r.Version >= 2 && r.Payload.Length >= OrderRequestRecord.Size)
                {
                    // The client order id's run identity is the journal's creation time (wall clock): hashed as zero.
                    sha.AppendData(r.Payload[..64]);
                    sha.AppendData(new byte[8]);
                    sha.AppendData(r.Payload[72..]);
                }
                else if (r.Type == JournalRecordType.ModelLoad && ModelLoadRecord.TryRead(r.Payload, r.Version, out var model))
                {
                    // The path the run loaded a model from depends on where the checkout is: every field but it.
                    sha.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                        $"{model.Generation}|{model.EnsembleHash}|{model.Index}|{model.Count}|{model.Applied}|{model.Refused}|{model.MinVoters}|{model.MinDirectionalConsensus}|{model.Weight:R}|{model.Sha256}")));
                }
                else
                {
                    sha.AppendData(r.Payload);
                }
            }

            Assert.True(result == JournalReadResult.EndOfData, $"journal {directory} ends with {result}");
        }

        foreach (var (name, count) in counts)
        {
            Put(figures, "journal.records." + name, count);
        }

        Put(figures, "journal.decision_records", decisions);
        figures["journal.decisions_sha256"] = Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void Flatten(JsonElement element, string prefix, SortedDictionary<string, string> figures)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (Unstable.Contains(property.Name) && prefix == "run.")
            {
                continue;
            }

            var key = prefix + property.Name;
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.Object:
                    Flatten(property.Value, key + ".", figures);
                    break;
                case JsonValueKind.Array:
                    figures[key] = property.Value.GetRawText();
                    break;
                default:
                    figures[key] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
                    break;
            }
        }
    }

    private static void Put(SortedDictionary<string, string> figures, string key, long value) =>
        figures[key] = value.ToString(CultureInfo.InvariantCulture);
}
