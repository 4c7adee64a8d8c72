using QuantumTrader.Runtime.Journal;
using QuantumTrader.Engine.Journal;
using QuantumTrader.Engine.Ring;
using QuantumTrader.Engine.Time;
using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Model;
using QuantumTrader.Stages.Routing;
using QuantumTrader.Model.State;
using QuantumTrader.Stages.State;

namespace QuantumTrader.Runtime.Replay;

// Design:
//   Determinism, checked: every input record of a run's journal (market data, order outcomes, control events,
//   in journal order) goes through a fresh pipeline built from the same config, and where the journal stage
//   would write, a verifying stage re-encodes the slot's input record and decision records with the same
//   codecs (DecisionRecords) and compares them byte for byte with what the run journaled. Client order ids
//   continue from the run's first journal sequence and carry the journal's run identity (its first segment's
//   creation time), as in the run. The run starts in the mode its journal recorded at start (engine.start_mode of
//   the run, not of the config given to replay); mode changes are decision records like the others. A journal
//   that holds several runs (appended to after a restart) is refused: the decision-id base of each run would be
//   needed. Rejections the route stage reported are journaled inputs: replayed as such, never made again.
//   Models come from the journal, not the config (which may have been edited for a SIGHUP swap since): the
//   model load records name the start set and each swapped-in set by SHA-256, and each model is loaded from
//   its copy beside the journal (ModelArchive) or from its original path if that file still has the hash.
//   Every swapped-in set is staged under its generation before the inputs go in, so each swap control event
//   takes exactly the set the run took. A missing model is named, never replaced by another.

/// <summary>Replays a journal through the pipeline and reports every decision that differs.</summary>
public static class ReplayVerifier
{
    /// <summary>Divergences described in detail (the count covers all of them).</summary>
    public const int MaxDetails = 20;

    /// <summary>Verifies the run journaled in <paramref name="directory"/> against <paramref name="config"/>.</summary>
    /// <param name="directory">The journal of one run.</param>
    /// <param name="config">The run's config (thresholds, models, stage layout).</param>
    /// <param name="ensemble">Models to start with instead of the journaled ones (tests), or null.</param>
    public static ReplayResult Verify(string directory, QuantumTraderConfig config, Ensemble? ensemble = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var modelSets = new SortedDictionary<long, List<ModelLoad>>();
        var inputs = new List<(long Sequence, InputEvent Event, ushort Version, byte[] Payload)>();
        var decisions = new List<List<(ushort Type, ushort Version, byte[] Payload)>>();
        long firstSequence = -1;
        var sawInput = false;
        TradingMode? startMode = null;
        using (var reader = JournalReader.Open(directory))
        {
            JournalReadResult result;
            while ((result = reader.TryRead(out var record)) == JournalReadResult.Record)
            {
                if (firstSequence < 0)
                {
                    firstSequence = record.Sequence;
                }

                switch (record.Type)
                {
                    case JournalRecordType.Instrument when sawInput:
                        return ReplayResult.Refused($"the journal holds more than one run (instruments defined again at sequence {record.Sequence}); replay verifies one run");
                    case JournalRecordType.Instrument:
                        break;
                    case JournalRecordType.ModeChange when !sawInput:
                        if (ModeChangeRecord.TryRead(record.Payload, record.Version, out var start, out _) && start.Cause == ModeCause.Start)
                        {
                            startMode = start.To;
                        }

                        break;
                    case JournalRecordType.ModelLoad:
                        if (!ModelLoadRecord.TryRead(record.Payload, record.Version, out var model))
                        {
                            return ReplayResult.Refused($"model load record {record.Sequence} is of an unknown version {record.Version} or malformed");
                        }

                        if (!modelSets.TryGetValue(model.Generation, out var set))
                        {
                            modelSets.Add(model.Generation, set = new List<ModelLoad>());
                        }

                        set.Add(model);
                        break;
                    case JournalRecordType.Input:
                        var e = default(InputEvent);
                        if (!InputRecord.TryRead(record.Payload, record.Version, ref e))
                        {
                            return ReplayResult.Refused($"input record {record.Sequence} is of an unknown version {record.Version}");
                        }

                        sawInput = true;
                        inputs.Add((record.Sequence, e, record.Version, record.Payload.ToArray()));
                        decisions.Add(new List<(ushort, ushort, byte[])>());
                        break;
                    default:
                        if (decisions.Count > 0)
                        {
                            decisions[^1].Add((record.Type, record.Version, record.Payload.ToArray()));
                        }

                        break;
                }
            }

            if (result == JournalReadResult.Corrupt)
            {
                return ReplayResult.Refused($"the journal is corrupt: {reader.Corruption}");
            }
        }

        long run;
        try
        {
            run = JournalRunIdentity.Of(directory);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return ReplayResult.Refused(ex.Message);
        }

        var loadedSets = new List<(long Generation, Ensemble Models)>();
        try
        {
            var serving = StageOptions.Features(config);
            foreach (var (generation, set) in modelSets)
            {
                if (generation == 0 && ensemble is not null)
                {
                    continue; // the caller's models replace the journaled start set
                }

                if (generation != 0 && !set[0].Applied)
                {
                    continue; // the run refused this swap: the replay must too
                }

                if (LoadSet(directory, generation, set, serving, out var models) is { } missing)
                {
                    return ReplayResult.Refused(missing);
                }

                loadedSets.Add((generation, models!));
            }

            var start = ensemble;
            foreach (var (generation, models) in loadedSets)
            {
                if (generation == 0)
                {
                    start = models;
                }
            }

            var verifier = new VerifyingStage(inputs, decisions, (ushort)config.Engine.InstanceId, run);
            var engine = TradingEngine.Build(config, new CountingOrderGateway(), MonotonicClock.Instance, null, _ => verifier, firstSequence, start, run, startMode);
            foreach (var (generation, models) in loadedSets)
            {
                if (generation != 0)
                {
                    engine.ModelSwap.Stage(generation, models);
                }
            }

            engine.Pipeline.Start();
            foreach (var (_, e, _, _) in inputs)
            {
                engine.RingSink.Publish(in e); // rejections the route stage reported are journaled inputs: not made again
            }

            if (!engine.Pipeline.DrainAndHalt(TimeSpan.FromMinutes(5)))
            {
                return ReplayResult.Refused("the pipeline did not drain within 5 minutes");
            }

            return new ReplayResult(inputs.Count, verifier.DecisionRecords, verifier.Divergences, verifier.Details, engine.Faults.FaultCount, null);
        }
        finally
        {
            foreach (var (_, models) in loadedSets)
            {
                models.Dispose();
            }
        }
    }

    /// <summary>Loads the journaled model set <paramref name="generation"/>; returns null, or what is missing.</summary>
    private static string? LoadSet(string directory, long generation, List<ModelLoad> set, Stages.Features.FeatureOptions serving, out Ensemble? ensemble)
    {
        ensemble = null;
        var first = set[0];
        if (set.Count != first.Count)
        {
            return $"model set generation {generation} has {set.Count} of its {first.Count} model load records";
        }

        var models = new List<IClassifier>();
        var weights = new List<double>();
        var paths = new List<string>();
        try
        {
            foreach (var m in set)
            {
                weights.Add(m.Weight);
                paths.Add(m.Path);
                if (m.Refused)
                {
                    models.Add(new RefusedClassifier(m.Path, "refused when the run loaded it"));
                    continue;
                }

                var file = ModelArchive.Locate(directory, m);
                if (file is null)
                {
                    DisposeAll(models);
                    return $"model {m.Sha256} (model set generation {generation}, loaded by the run from {m.Path}) is neither in {Path.Combine(directory, ModelArchive.Folder)} nor at {m.Path} with that SHA-256: put the file (and its .json sidecar) at {ModelArchive.PathOf(directory, m.Sha256)} to verify this journal";
                }

                try
                {
                    models.Add(OnnxClassifier.Load(file, Stages.Features.FeatureSchemas.Current, serving));
                }
                catch (ModelLoadException ex)
                {
                    DisposeAll(models);
                    return $"model {m.Sha256} (model set generation {generation}, loaded by the run from {m.Path}) cannot be loaded from {file}: {ex.Message}";
                }
            }

            ensemble = new Ensemble(models, weights, first.MinVoters, first.MinDirectionalConsensus, paths);
        }
        catch (ArgumentException ex)
        {
            DisposeAll(models);
            return $"model set generation {generation} cannot be rebuilt: {ex.Message}";
        }

        if (ensemble.Hash != first.EnsembleHash)
        {
            var hash = ensemble.Hash;
            ensemble.Dispose();
            ensemble = null;
            return $"model set generation {generation} loads with hash {hash:x16} where the run journaled {first.EnsembleHash:x16}";
        }

        return null;
    }

    private static void DisposeAll(List<IClassifier> models)
    {
        foreach (var m in models)
        {
            m.Dispose();
        }
    }

    /// <summary>How a replayed payload differs from the journaled one, or null when they are equal.</summary>
    internal static string? PayloadDifference(ReadOnlySpan<byte> journaled, ReadOnlySpan<byte> replayed)
    {
        var n = Math.Min(journaled.Length, replayed.Length);
        for (var i = 0; i < n; i++)
        {
            if (journaled[i] != replayed[i])
            {
                return $"payload differs from byte {i}";
            }
        }

        // A record that gained or lost bytes is a divergence even when the common prefix matches.
        return journaled.Length == replayed.Length
            ? null
            : $"payload is {replayed.Length} bytes in the replay, {journaled.Length} bytes in the journal";
    }

    private sealed class VerifyingStage : IEventHandler<InputEvent>
    {
        private readonly List<(long Sequence, InputEvent Event, ushort Version, byte[] Payload)> _inputs;
        private readonly List<List<(ushort Type, ushort Version, byte[] Payload)>> _decisions;
        private readonly ushort _instanceId;
        private readonly long _run;
        private readonly byte[] _input = new byte[InputRecord.Size];

        public VerifyingStage(List<(long, InputEvent, ushort, byte[])> inputs, List<List<(ushort, ushort, byte[])>> decisions, ushort instanceId, long run)
        {
            _inputs = inputs;
            _decisions = decisions;
            _instanceId = instanceId;
            _run = run;
        }

        public long DecisionRecords { get; private set; }

        public long Divergences { get; private set; }

        public List<ReplayDivergence> Details { get; } = new();

        public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
        {
            if (sequence >= _inputs.Count)
            {
                Diverge(-1, "input", $"ring sequence {sequence} has no journaled input");
                return;
            }

            var (inputSequence, _, version, journaledInput) = _inputs[(int)sequence];
            data.JournalSequence = inputSequence;
            InputRecord.Write(_input, in data);

            // An input record of an older version is a prefix of the current layout (InputRecord): compare that much.
            var replayedInput = version < InputRecord.Version && journaledInput.Length < _input.Length ? _input.AsSpan(0, journaledInput.Length) : _input;
            Compare(inputSequence, "input", journaledInput, replayedInput);

            var collected = new CollectingSink(new List<(ushort, ushort, byte[])>());
            Stages.Journaling.DecisionRecords.Write(ref collected, in data, _instanceId, inputSequence, _run);
            var expected = _decisions[(int)sequence];
            DecisionRecords += expected.Count;
            var replayed = collected.Records;
            for (var i = 0; i < Math.Max(expected.Count, replayed.Count); i++)
            {
                if (i >= expected.Count)
                {
                    Diverge(inputSequence, TypeName(replayed[i].Type), "the replay made a decision the run did not journal");
                }
                else if (i >= replayed.Count)
                {
                    Diverge(inputSequence, TypeName(expected[i].Type), "the run journaled a decision the replay did not make");
                }
                else if (expected[i].Type != replayed[i].Type || expected[i].Version != replayed[i].Version)
                {
                    Diverge(inputSequence, TypeName(expected[i].Type), $"the replay wrote {TypeName(replayed[i].Type)} v{replayed[i].Version} where the run wrote v{expected[i].Version}");
                }
                else
                {
                    Compare(inputSequence, TypeName(expected[i].Type), expected[i].Payload, replayed[i].Payload);
                }
            }
        }

        private void Compare(long inputSequence, string record, byte[] journaled, ReadOnlySpan<byte> replayed)
        {
            if (PayloadDifference(journaled, replayed) is { } detail)
            {
                Diverge(inputSequence, record, detail);
            }
        }

        private void Diverge(long inputSequence, string record, string detail)
        {
            Divergences++;
            if (Details.Count < MaxDetails)
            {
                Details.Add(new ReplayDivergence(inputSequence, record, detail));
            }
        }

        private static string TypeName(ushort type) => type switch
        {
            JournalRecordType.Signal => "signal",
            JournalRecordType.Intent => "intent",
            JournalRecordType.Sizing => "sizing",
            JournalRecordType.GateVerdict => "gate_verdict",
            JournalRecordType.OrderRequest => "order_request",
            JournalRecordType.ModeChange => "mode_change",
            _ => "type " + type.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private readonly struct CollectingSink : IDecisionRecordSink
    {
        private readonly byte[] _buffer = new byte[256];

        public CollectingSink(List<(ushort Type, ushort Version, byte[] Payload)> records) => Records = records;

        public List<(ushort Type, ushort Version, byte[] Payload)> Records { get; }

        public Span<byte> Begin(int size) => _buffer.AsSpan(0, size);

        public void Commit(ushort type, ushort version, int size) => Records.Add((type, version, _buffer[..size]));
    }
}

/// <summary>One decision of the replay that differs from the journal.</summary>
/// <param name="InputSequence">Journal sequence of the input record it belongs to.</param>
/// <param name="Record">Record kind (input, signal, intent, sizing, mode_change, gate_verdict, order_request).</param>
/// <param name="Detail">What differs.</param>
public sealed record ReplayDivergence(long InputSequence, string Record, string Detail);

/// <summary>The outcome of <see cref="ReplayVerifier.Verify"/>.</summary>
/// <param name="Inputs">Input records replayed.</param>
/// <param name="DecisionRecords">Decision records the run journaled (all compared).</param>
/// <param name="Divergences">Records that differ, all of them.</param>
/// <param name="Details">The first <see cref="ReplayVerifier.MaxDetails"/> divergences.</param>
/// <param name="StageFaults">Stage exceptions during the replay.</param>
/// <param name="RefusedBecause">Why the journal could not be verified, or null.</param>
public sealed record ReplayResult(long Inputs, long DecisionRecords, long Divergences, IReadOnlyList<ReplayDivergence> Details, long StageFaults, string? RefusedBecause)
{
    /// <summary>A result for a journal that cannot be verified.</summary>
    public static ReplayResult Refused(string why) => new(0, 0, 0, [], 0, why);
}
