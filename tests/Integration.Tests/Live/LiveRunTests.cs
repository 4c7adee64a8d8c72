using System.Text.Json;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Live;
using QuantumTrader.Host.Demo;
using QuantumTrader.Runtime.Running;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Model;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;
using QuantumTrader.Testing;
using Xunit;

namespace QuantumTrader.Integration.Tests.Live;

/// <summary>
/// <c>run --live</c> end to end over loopback: the in-process fake Binance replays the recorded BTCUSDT capture
/// (30x), the run subscribes through the real WebSocket client, syncs the book from the REST snapshot, feeds the
/// paper venue and the pipeline, stops after N events and drains.
/// </summary>
[Trait("Category", "Integration")]
public sealed class LiveRunTests : IDisposable
{
    // 30x: fast, yet the diffs buffered during the 1 s snapshot retry stay well under the synchronizer's 1024
    // (at 50x ~950 arrive per second and an overflow leaves the book waiting for a snapshot the fake never renews).
    private const double Speed = 30;

    private static readonly string Capture = TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz");

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "qt-live-" + Guid.NewGuid().ToString("N"));

    public LiveRunTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact(Timeout = 60_000)]
    public async Task Execute_LivePaperAgainstFakeReplayingCapture_EventsFlowBookSyncsAndDrains()
    {
        var config = BtcOnlyConfig();
        await using var fake = await FakeBinanceHost.StartAsync(config, 0, Capture, Speed);
        using var stopReplay = new CancellationTokenSource();
        var replay = Task.Run(() => fake.ReplayWhenSubscribedAsync(stopReplay.Token));
        config.Binance.RestBase = fake.Server.RestBase.ToString().TrimEnd('/');
        config.Binance.WsBase = fake.Server.WebSocketBase.ToString().TrimEnd('/');
        config.Binance.Streams = [.. fake.StreamTypes];
        var path = Write(config);
        var output = new StringWriter();
        var error = new StringWriter();
        // The fake answers the depth snapshot only once the replay reaches the recorded one (frame 55); the
        // client's first request comes earlier and is retried after 1 s (~9k events at 30x, ~570 buffered diffs,
        // under the synchronizer's 1024): 25k events leave margin.
        const long events = 25_000;

        // Bounded twice: the event count normally ends it; the duration ends it if the feed never delivers.
        var exit = await Task.Run(() => RunSession.Execute(
            new RunOptions { ConfigPath = path, Live = new LiveOptions(), MaxEvents = events, Duration = TimeSpan.FromSeconds(20), JournalDir = Path.Combine(_dir, "journal"), Json = true },
            output,
            error));
        await stopReplay.CancelAsync();
        await StopAsync(replay);

        Assert.True(exit == 0, $"exit {exit}: {error}");
        using var report = JsonDocument.Parse(output.ToString());
        var root = report.RootElement;
        var feed = root.GetProperty("feed");
        Assert.True(root.GetProperty("events").GetInt64() >= events, output.ToString());
        Assert.True(root.GetProperty("frames").GetInt64() > 0, output.ToString());
        Assert.Equal(0, root.GetProperty("frames_rejected").GetInt64());
        Assert.Equal(0, root.GetProperty("ticks_rejected").GetInt64());
        Assert.True(root.GetProperty("drained").GetBoolean());
        Assert.Equal(0, root.GetProperty("faults").GetInt64());
        Assert.True(feed.GetProperty("connects").GetInt64() >= 1, output.ToString());
        Assert.True(feed.GetProperty("snapshots").GetInt64() >= 1, output.ToString());
        Assert.Equal(0, feed.GetProperty("book_gaps").GetInt64());
        Assert.True(feed.GetProperty("books").GetProperty("BTCUSDT").GetString() == "in sync", output.ToString());
        Assert.Equal(1, feed.GetProperty("books_in_sync").GetInt32());
        Assert.StartsWith("live Binance market data from ws://127.0.0.1:", root.GetProperty("source").GetString(), StringComparison.Ordinal);

        // Every event reached the journal (plus its start record).
        Assert.True(root.GetProperty("journal_records").GetInt64() >= events, output.ToString());
    }

    [Fact(Timeout = 60_000)]
    public async Task Execute_VenueBinanceWithKeysAgainstFake_FetchesExchangeInfoStreamsAndDrains()
    {
        var config = BtcOnlyConfig();
        config.Binance.ApiKeyEnv = "QT_LIVE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        config.Binance.ApiSecretEnv = "QT_LIVE_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(config.Binance.ApiKeyEnv, "live-test-key");
        Environment.SetEnvironmentVariable(config.Binance.ApiSecretEnv, "live-test-secret");
        try
        {
            await using var fake = await FakeBinanceHost.StartAsync(config, 0, Capture, Speed);
            using var stopReplay = new CancellationTokenSource();
            var replay = Task.Run(() => fake.ReplayWhenSubscribedAsync(stopReplay.Token));
            PointAt(config, fake);
            var path = Write(config);
            var output = new StringWriter();
            var error = new StringWriter();

            var exit = await Task.Run(() => RunSession.Execute(
                new RunOptions { ConfigPath = path, Live = new LiveOptions { Venue = LiveOptions.Binance }, MaxEvents = 25_000, Duration = TimeSpan.FromSeconds(20), JournalDir = Path.Combine(_dir, "journal"), Json = true },
                output,
                error));
            await stopReplay.CancelAsync();
            await StopAsync(replay);

            Assert.True(exit == 0, $"exit {exit}: {error}");
            using var report = JsonDocument.Parse(output.ToString());
            var root = report.RootElement;
            Assert.EndsWith("orders to " + config.Binance.RestBase, root.GetProperty("source").GetString(), StringComparison.Ordinal);
            Assert.True(root.GetProperty("events").GetInt64() >= 25_000, output.ToString());
            Assert.True(root.GetProperty("drained").GetBoolean());
            Assert.True(root.GetProperty("feed").GetProperty("books").GetProperty("BTCUSDT").GetString() == "in sync", output.ToString());
            Assert.Contains("GET /fapi/v1/exchangeInfo", string.Join('\n', fake.Server.RequestLog), StringComparison.Ordinal);
            Assert.DoesNotContain("live-test-secret", output.ToString() + error.ToString(), StringComparison.Ordinal);

            // Fail closed: without reconciliation and the user-data stream a real venue never opens risk.
            Assert.Equal("REDUCING", root.GetProperty("mode").GetString());
            Assert.Equal(0, root.GetProperty("orders").GetInt64());

            // ... and it is a journaled event before any market data, so a replay of the run reproduces it.
            var journal = Path.Combine(_dir, "journal");
            var (firstInput, modes) = FirstInputAndModes(journal);
            Assert.Equal(InputKind.Control, firstInput.Event.Kind);
            Assert.Equal((ushort)ControlCode.SetState, firstInput.Event.Code);
            Assert.Equal((long)ModeCause.NotReconciled, firstInput.Event.Aux0);
            Assert.Equal(
                [(new ModeChange(false, 0, TradingMode.Active, TradingMode.Active, ModeCause.Start), -1L), (new ModeChange(false, 0, TradingMode.Active, TradingMode.Reducing, ModeCause.NotReconciled), firstInput.Sequence)],
                modes);
            var replayed = QuantumTrader.Runtime.Replay.ReplayVerifier.Verify(journal, ConfigLoader.Load(path).GetConfigOrThrow());
            Assert.Null(replayed.RefusedBecause);
            Assert.Equal(0, replayed.Divergences);
        }
        finally
        {
            Environment.SetEnvironmentVariable(config.Binance.ApiKeyEnv, null);
            Environment.SetEnvironmentVariable(config.Binance.ApiSecretEnv, null);
        }
    }

    private static ((long Sequence, InputEvent Event) Input, List<(ModeChange Change, long Input)> Modes) FirstInputAndModes(string journal)
    {
        (long, InputEvent)? first = null;
        var modes = new List<(ModeChange, long)>();
        using var reader = JournalReader.Open(journal);
        while (reader.TryRead(out var r) == JournalReadResult.Record)
        {
            if (r.Type == JournalRecordType.Input && first is null)
            {
                var e = default(InputEvent);
                Assert.True(InputRecord.TryRead(r.Payload, r.Version, ref e));
                first = (r.Sequence, e);
            }
            else if (r.Type == JournalRecordType.ModeChange)
            {
                Assert.True(ModeChangeRecord.TryRead(r.Payload, r.Version, out var c, out var input));
                modes.Add((c, input));
            }
        }

        return (first!.Value, modes);
    }

    [Fact(Timeout = 60_000)]
    public async Task Execute_VenueBinanceInstrumentNotListed_Exit1NamingTheSymbol()
    {
        var config = BtcOnlyConfig();
        await using var fake = await FakeBinanceHost.StartAsync(config, 0, Capture, Speed); // serves BTCUSDT only
        config.Market.Instruments.Add(new InstrumentSection { Symbol = "ETHUSDT", TickSize = "0.01", StepSize = "0.001", MinNotional = "20" });
        config.Binance.ApiKeyEnv = "QT_LIVE_TEST_KEY_" + Guid.NewGuid().ToString("N");
        config.Binance.ApiSecretEnv = "QT_LIVE_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(config.Binance.ApiKeyEnv, FakeBinanceHost.DemoApiKey);
        Environment.SetEnvironmentVariable(config.Binance.ApiSecretEnv, FakeBinanceHost.DemoSecret);
        try
        {
            PointAt(config, fake);
            var error = new StringWriter();

            var exit = await Task.Run(() => RunSession.Execute(
                new RunOptions { ConfigPath = Write(config), Live = new LiveOptions { Venue = LiveOptions.Binance }, Duration = TimeSpan.FromSeconds(10), JournalDir = Path.Combine(_dir, "journal") },
                new StringWriter(),
                error));

            Assert.Equal(1, exit);
            Assert.Contains("ETHUSDT is not listed", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(config.Binance.ApiKeyEnv, null);
            Environment.SetEnvironmentVariable(config.Binance.ApiSecretEnv, null);
        }
    }

    [Fact]
    public void Execute_VenueBinanceWithoutKeyVariables_RefusesWithExit1NamingTheVariable()
    {
        var config = BtcOnlyConfig();
        config.Binance.RestBase = "http://127.0.0.1:9";
        config.Binance.WsBase = "ws://127.0.0.1:9";
        config.Binance.ApiKeyEnv = "QT_LIVE_TEST_NEVER_SET_KEY";
        config.Binance.ApiSecretEnv = "QT_LIVE_TEST_NEVER_SET_SECRET";
        var path = Write(config);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = RunSession.Execute(
            new RunOptions { ConfigPath = path, Live = new LiveOptions { Venue = LiveOptions.Binance }, Duration = TimeSpan.FromSeconds(5), JournalDir = Path.Combine(_dir, "journal") },
            output,
            error);

        Assert.Equal(1, exit);
        Assert.Contains("QT_LIVE_TEST_NEVER_SET_KEY", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("not set", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "journal")), "a refused run must not open a journal");
        Assert.Equal(string.Empty, output.ToString());
    }

    [Fact]
    public void Execute_VenueBinanceWithKeyButNoSecret_RefusesNamingTheSecretVariableNeverAValue()
    {
        var config = BtcOnlyConfig();
        config.Binance.ApiKeyEnv = "PATH"; // set in every test environment; its value must not be echoed
        config.Binance.ApiSecretEnv = "QT_LIVE_TEST_NEVER_SET_SECRET";
        var path = Write(config);
        var error = new StringWriter();

        var exit = RunSession.Execute(new RunOptions { ConfigPath = path, Live = new LiveOptions { Venue = LiveOptions.Binance } }, new StringWriter(), error);

        Assert.Equal(1, exit);
        Assert.Contains("QT_LIVE_TEST_NEVER_SET_SECRET", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.GetEnvironmentVariable("PATH")!, error.ToString(), StringComparison.Ordinal);
    }

    // The replay ends by cancellation: inside a pacing delay it throws, between frames it returns.
    private static async Task StopAsync(Task<long> replay)
    {
        try
        {
            await replay.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
            // cancelled in a pacing delay
        }
    }

    private static void PointAt(QuantumTraderConfig config, FakeBinanceHost fake)
    {
        config.Binance.RestBase = fake.Server.RestBase.ToString().TrimEnd('/');
        config.Binance.WsBase = fake.Server.WebSocketBase.ToString().TrimEnd('/');
        config.Binance.Streams = [.. fake.StreamTypes];
    }

    private static QuantumTraderConfig BtcOnlyConfig()
    {
        var config = ConfigLoader.LoadDefault().GetConfigOrThrow();
        config.Market.Instruments.RemoveAll(i => i.Symbol != "BTCUSDT");
        foreach (var m in config.Inference.Models)
        {
            m.Path = config.ResolvePath(m.Path);
        }

        return config;
    }

    private string Write(QuantumTraderConfig config)
    {
        var path = Path.Combine(_dir, "config.toml");
        File.WriteAllText(path, ConfigTomlWriter.ToToml(config));
        return path;
    }
}
