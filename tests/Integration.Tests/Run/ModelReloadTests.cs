using QuantumTrader.Runtime.Sources;
using QuantumTrader.Engine.Time;
using QuantumTrader.Bench;
using QuantumTrader.Runtime.Metrics;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Runtime.Replay;
using QuantumTrader.Runtime.Running;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Sources;
using QuantumTrader.Testing;
using QuantumTrader.Testing.Ring;
using Xunit;

namespace QuantumTrader.Integration.Tests.Run;

[Trait("Category", "Integration")]
public sealed class ModelReloadTests
{
    private static readonly string Capture = TestPaths.Data("binance", "hftbacktest-usdm", "btcusdt_20240808.gz");

    [Fact]
    public void Reload_ValidModels_SwappedByAControlEventInTheRing()
    {
        var config = ConfigLoader.LoadDefault().GetConfigOrThrow();
        config.Market.SyntheticRate = 0;
        var engine = TradingEngine.Build(config, new CountingOrderGateway(), MonotonicClock.Instance, new LatencyRecorder());
        var before = engine.Inference.ActiveEnsemble;
        var log = new StringWriter();
        engine.Pipeline.Start();
        using (var reloader = new ModelReloader(null, engine, engine.Sink, log, listenForSighup: false))
        {
            Assert.True(reloader.Reload(), log.ToString());
            var source = new SyntheticTickSource(engine.Instruments, MonotonicClock.Instance, 3);
            source.Run(engine.Sink, 0, n => n >= 1_000);
            Assert.True(Poll.Until(() => engine.Inference.Counters.SwapsApplied == 1), log.ToString());
            Assert.True(engine.Pipeline.DrainAndHalt(TimeSpan.FromMinutes(1)));
        }

        Assert.NotSame(before, engine.Inference.ActiveEnsemble);
        Assert.Equal(before.Hash, engine.Inference.ActiveEnsemble.Hash); // same files: same set, new instance
        Assert.Contains("generation 1", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reload_ConfigNamesAMissingModel_RefusedAndRunningModelsStay()
    {
        var dir = Directory.CreateTempSubdirectory("qt-reload-");
        try
        {
            var path = Path.Combine(dir.FullName, "config.toml");
            File.WriteAllText(path, File.ReadAllText(ConfigLoader.DefaultPath).Replace("models/default.onnx", Path.Combine(dir.FullName, "missing.onnx"), StringComparison.Ordinal));
            var config = ConfigLoader.LoadDefault().GetConfigOrThrow();
            var engine = TradingEngine.Build(config, new CountingOrderGateway(), MonotonicClock.Instance, new LatencyRecorder());
            var log = new StringWriter();
            using var reloader = new ModelReloader(path, engine, engine.Sink, log, listenForSighup: false);
            Assert.False(reloader.Reload());
            Assert.Equal(0, reloader.Published);
            Assert.Contains("running models stay", log.ToString(), StringComparison.Ordinal);
            Assert.Equal(-1, engine.Ring.Cursor.Value); // nothing was published
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Reload_ConfigWithoutModels_RefusedAndRunningModelsStay()
    {
        var dir = Directory.CreateTempSubdirectory("qt-reload-none-");
        try
        {
            var text = File.ReadAllText(ConfigLoader.DefaultPath);
            var path = Path.Combine(dir.FullName, "config.toml");
            File.WriteAllText(path, text[..text.IndexOf("[inference]", StringComparison.Ordinal)] + text[text.IndexOf("[simulator]", StringComparison.Ordinal)..]);
            var engine = TradingEngine.Build(ConfigLoader.LoadDefault().GetConfigOrThrow(), new CountingOrderGateway(), MonotonicClock.Instance, new LatencyRecorder());
            var log = new StringWriter();
            using var reloader = new ModelReloader(path, engine, engine.Sink, log, listenForSighup: false);

            Assert.False(reloader.Reload());
            Assert.Contains("inference: no [[inference.models]]", log.ToString(), StringComparison.Ordinal);
            Assert.Equal(-1, engine.Ring.Cursor.Value); // nothing was published
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void ReplayVerify_RunWithAModelSwap_ZeroDivergences_AndAMissingModelIsNamed()
    {
        var dir = Directory.CreateTempSubdirectory("qt-reload-replay-");
        try
        {
            // The run's models live outside the repository, as they would on a server: the original file goes
            // away later, so replay must use the copy archived beside the journal.
            var model = Path.Combine(dir.FullName, "m1.onnx");
            File.Copy(Path.Combine(Path.GetDirectoryName(ConfigLoader.DefaultPath)!, "models", "default.onnx"), model);
            File.Copy(Path.Combine(Path.GetDirectoryName(ConfigLoader.DefaultPath)!, "models", "default.onnx.json"), model + ".json");
            var configPath = Path.Combine(dir.FullName, "config.toml");
            var text = File.ReadAllText(ConfigLoader.DefaultPath).Replace("models/default.onnx", model, StringComparison.Ordinal);
            File.WriteAllText(configPath, text);
            var config = ConfigLoader.Load(configPath).GetConfigOrThrow();
            var options = QuantumTrader.Runtime.Journal.JournalSetup.FromConfig(config, Path.Combine(dir.FullName, "j"), dir.FullName, "j");
            var log = new StringWriter();
            using (var writer = QuantumTrader.Engine.Journal.JournalWriter.Open(options, EpochClock.Instance))
            {
                var engine = TradingEngine.BuildJournaled(config, new CountingOrderGateway(), MonotonicClock.Instance, null, writer);
                var feed = new CaptureReplay(Capture, engine.Instruments, MonotonicClock.Instance);
                engine.Pipeline.Start();
                using var reloader = new ModelReloader(configPath, engine, engine.Sink, log, listenForSighup: false);
                var swapped = false;
                var lockStep = new LockStepSink(engine.Sink, engine.Pipeline, TimeSpan.FromSeconds(60));
                feed.Run(lockStep, 0, () =>
                {
                    if (!swapped && feed.Frames >= 60_000)
                    {
                        // The operator edits the config (another weight: another ensemble hash) and sends SIGHUP.
                        File.WriteAllText(configPath, text.Replace("weight = 1.0 ", "weight = 0.5 ", StringComparison.Ordinal));
                        swapped = reloader.Reload();
                    }

                    return lockStep.Stalled;
                });
                Assert.False(lockStep.Stalled, "the pipeline stopped consuming");
                Assert.True(engine.Pipeline.DrainAndHalt(TimeSpan.FromMinutes(2)));
                Assert.True(swapped, log.ToString());
                Assert.Equal(1, engine.Inference.Counters.SwapsApplied);
                Assert.True(engine.Inference.Counters.Inferences > 50);
            }

            // The replay is given the config as it is now (after the edit): the models come from the journal.
            var after = ConfigLoader.Load(configPath).GetConfigOrThrow();
            var result = ReplayVerifier.Verify(options.Directory, after);
            Assert.Null(result.RefusedBecause);
            Assert.True(result.Divergences == 0, $"{result.Divergences} divergences: " + string.Join("; ", result.Details.Select(d => $"{d.InputSequence} {d.Record} {d.Detail}")));
            Assert.Equal(0, result.StageFaults);

            // Without the archived copy and the original file, replay names the model it cannot find.
            var sha = System.Text.Json.JsonDocument.Parse(File.ReadAllText(model + ".json")).RootElement.GetProperty("sha256").GetString()!;
            var archived = Directory.GetFiles(options.Directory, sha + ".onnx", SearchOption.AllDirectories);
            Assert.Single(archived);
            File.Delete(archived[0]);
            File.Delete(model);
            var refused = ReplayVerifier.Verify(options.Directory, after);
            Assert.NotNull(refused.RefusedBecause);
            Assert.Contains(sha, refused.RefusedBecause, StringComparison.Ordinal);
            Assert.Contains(model, refused.RefusedBecause, StringComparison.Ordinal);
            var error = new StringWriter();
            var exit = QuantumTrader.Host.Program.BuildRoot().Parse(["replay", options.Directory, "--verify", "--config", configPath])
                .Invoke(new System.CommandLine.InvocationConfiguration { Output = new StringWriter(), Error = error });
            Assert.NotEqual(0, exit);
            Assert.Contains(sha, error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
