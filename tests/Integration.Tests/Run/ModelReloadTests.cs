using QuantumTrader.Engine.Time;
using QuantumTrader.Host.Benchmarks;
using QuantumTrader.Host.Composition;
using QuantumTrader.Host.Config;
using QuantumTrader.Host.Running;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Stages.Sources;
using QuantumTrader.Testing.Ring;
using Xunit;

namespace QuantumTrader.Integration.Tests.Run;

[Trait("Category", "Integration")]
public sealed class ModelReloadTests
{
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
}
