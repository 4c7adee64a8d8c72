using QuantumTrader.Runtime.Journal;
using System.Runtime.InteropServices;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;

namespace QuantumTrader.Runtime.Running;

// Design:
//   A model swap is an input event like any other, so it is journaled and replays exactly. On SIGHUP (or a
//   call to Reload), this host-side helper re-reads [inference] from the config file, loads and validates the
//   whole model set off the hot path (a set with any refused model is not swapped: the running set stays),
//   copies the files beside the journal (ModelArchive: a replay loads them by hash), stages the set in the
//   engine's ModelSwapMailbox under a new generation, and publishes a Control event (SwapModel, Aux0 =
//   generation, Aux1 = ensemble hash). The inference stage takes the staged set only when the event names
//   it; the journal stage then writes the set's model load records; the mailbox keeps the replaced set and
//   the next reload (or Dispose) disposes it. Publishing from this thread needs a multi-producer input ring.

/// <summary>Reloads the model set on SIGHUP through a journaled control event.</summary>
public sealed class ModelReloader : IDisposable
{
    private readonly string? _configPath;
    private readonly TradingEngine _engine;
    private readonly IInputSink _sink;
    private readonly TextWriter _log;
    private readonly PosixSignalRegistration? _registration;
    private readonly object _gate = new();
    private long _generation;

    /// <summary>Creates the reloader; <paramref name="listenForSighup"/> registers the SIGHUP handler.</summary>
    public ModelReloader(string? configPath, TradingEngine engine, IInputSink sink, TextWriter log, bool listenForSighup)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(log);
        if (engine.Config.Engine.Producer != "multi")
        {
            throw new InvalidOperationException("model reload publishes a control event from its own thread: engine.producer must be \"multi\"");
        }

        _configPath = configPath;
        _engine = engine;
        _sink = sink;
        _log = log;
        if (listenForSighup && !OperatingSystem.IsWindows())
        {
            _registration = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true; // SIGHUP reloads, it does not terminate
                Reload();
            });
        }
    }

    /// <summary>Swaps accepted (control events published).</summary>
    public long Published { get; private set; }

    /// <summary>Reloads the model set named by the config file; true when a swap event was published.</summary>
    public bool Reload()
    {
        lock (_gate)
        {
            DisposeRetired();
            var loaded = _configPath is null ? ConfigLoader.LoadDefault() : ConfigLoader.Load(_configPath);
            if (!loaded.IsValid)
            {
                _log.WriteLine($"model reload refused: {loaded.Source} is invalid ({loaded.Errors.Count} errors; run `quantumtrader config check`)");
                return false;
            }

            // The check run and `config check` make: a config without models (or with a refused one) is not swapped in.
            var unservable = ServingCheck.Check(loaded.Config!);
            if (unservable.Count > 0)
            {
                _log.WriteLine($"model reload refused, the running models stay: {unservable[0].Format(loaded.Source)}");
                return false;
            }

            Ensemble ensemble;
            try
            {
                ensemble = Ensemble.Load(StageOptions.Inference(loaded.Config!), FeatureSchemas.Current, _engine.FeatureOptions);
            }
            catch (Exception ex) when (ex is ModelLoadException or ArgumentException or IOException)
            {
                _log.WriteLine($"model reload refused, the running models stay: {ex.Message}");
                return false;
            }

            try
            {
                _engine.ModelArchive?.Add(ensemble);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ensemble.Dispose();
                _log.WriteLine($"model reload refused, the running models stay: a replay could not find the new models: {ex.Message}");
                return false;
            }

            var generation = ++_generation;
            _engine.ModelSwap.Stage(generation, ensemble);
            var control = new InputEvent
            {
                Kind = InputKind.Control,
                Code = (ushort)ControlCode.SwapModel,
                Aux0 = generation,
                Aux1 = ensemble.Hash,
            };
            _sink.Publish(in control);
            Published++;
            _log.WriteLine($"model reload: generation {generation}, ensemble hash {ensemble.Hash:x16}, published as a control event");
            return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _registration?.Dispose();
        DisposeRetired();
    }

    private void DisposeRetired()
    {
        while (_engine.ModelSwap.CollectRetired() is { } retired)
        {
            retired.Dispose();
        }
    }
}
