namespace QuantumTrader.Stages.Inference;

/// <summary>
/// An immutable set of classifiers with weights and the voting settings. Evaluation calls every model on
/// the same vector and combines with <see cref="EnsembleCombiner"/>; a model that throws or returns
/// non-finite scores is excluded for that vector and counted.
/// </summary>
/// <remarks>Evaluate from one thread only (the inference stage). Allocation-free per evaluation.</remarks>
public sealed class Ensemble : IDisposable
{
    private readonly IClassifier[] _models;
    private readonly double[] _weights;
    private readonly float[] _probabilities;
    private readonly bool[] _valid;
    private readonly long[] _failures;
    private readonly int _minVoters;
    private readonly int _minDirectional;

    /// <summary>Creates an ensemble; takes ownership of the classifiers.</summary>
    /// <param name="models">The classifiers, in vote-bit order.</param>
    /// <param name="weights">One voting weight per model.</param>
    /// <param name="minVoters">Fewer valid outputs than this: HOLD.</param>
    /// <param name="minDirectionalConsensus">Models agreeing on BUY/SELL to override a HOLD majority (0 off).</param>
    /// <param name="paths">Where each model was loaded from (null: the models' names), for <see cref="Sources"/>.</param>
    public Ensemble(IReadOnlyList<IClassifier> models, IReadOnlyList<double> weights, int minVoters, int minDirectionalConsensus, IReadOnlyList<string>? paths = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(weights);
        if (models.Count != weights.Count || models.Count > EnsembleCombiner.MaxModels || (paths is not null && paths.Count != models.Count))
        {
            throw new ArgumentException("one weight (and path) per model, at most 32 models", nameof(weights));
        }

        if (minDirectionalConsensus is 1 or < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minDirectionalConsensus), "the directional override needs at least 2 agreeing models (0 disables it)");
        }

        _models = new IClassifier[models.Count];
        _weights = new double[models.Count];
        for (var i = 0; i < models.Count; i++)
        {
            if (!(weights[i] > 0) || !double.IsFinite(weights[i]))
            {
                throw new ArgumentOutOfRangeException(nameof(weights), "weights must be positive");
            }

            _models[i] = models[i];
            _weights[i] = weights[i];
        }

        _probabilities = new float[models.Count * 3];
        _valid = new bool[models.Count];
        _failures = new long[models.Count];
        _minVoters = minVoters;
        _minDirectional = minDirectionalConsensus;
        Hash = ComputeHash(_models, _weights);
        var sources = new ModelSource[models.Count];
        for (var i = 0; i < sources.Length; i++)
        {
            sources[i] = new ModelSource(paths?[i] ?? models[i].Name, models[i].Sha256, weights[i], models[i] is RefusedClassifier);
        }

        Sources = sources;
    }

    /// <summary>Loads every model of <paramref name="options"/> against the serving schema. A model that is
    /// refused (schema, feature settings, hash, graph) stops the load (the caller decides whether to run without it): nothing is fed zeros.</summary>
    public static Ensemble Load(InferenceOptions options, Features.FeatureSchema schema, Features.FeatureOptions serving)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var loaded = new List<IClassifier>();
        var weights = new List<double>();
        var paths = new List<string>();
        try
        {
            foreach (var spec in options.Models)
            {
                loaded.Add(OnnxClassifier.Load(spec.Path, schema, serving));
                weights.Add(spec.Weight);
                paths.Add(spec.Path);
            }
        }
        catch
        {
            foreach (var m in loaded)
            {
                m.Dispose();
            }

            throw;
        }

        return new Ensemble(loaded, weights, options.MinVoters, options.MinDirectionalConsensus, paths);
    }

    /// <summary>
    /// Loads the models of <paramref name="options"/>, excluding each one that is refused (it stays in
    /// its config position as a <see cref="RefusedClassifier"/> that never votes) and returning the
    /// reasons in <paramref name="refusals"/>. With fewer loaded models than <c>MinVoters</c>, every
    /// evaluation fails closed to HOLD; it is the host's call whether to start at all.
    /// </summary>
    public static Ensemble LoadAvailable(InferenceOptions options, Features.FeatureSchema schema, Features.FeatureOptions serving, out IReadOnlyList<string> refusals)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var models = new List<IClassifier>();
        var weights = new List<double>();
        var reasons = new List<string>();
        var paths = new List<string>();
        foreach (var spec in options.Models)
        {
            paths.Add(spec.Path);
            try
            {
                models.Add(OnnxClassifier.Load(spec.Path, schema, serving));
            }
            catch (ModelLoadException ex)
            {
                models.Add(new RefusedClassifier(spec.Path, ex.Message));
                reasons.Add(ex.Message);
            }

            weights.Add(spec.Weight);
        }

        refusals = reasons;
        return new Ensemble(models, weights, options.MinVoters, options.MinDirectionalConsensus, paths);
    }

    /// <summary>Number of models.</summary>
    public int Count => _models.Length;

    /// <summary>The models, in vote-bit order.</summary>
    public IReadOnlyList<IClassifier> Models => _models;

    /// <summary>Where each model came from, its SHA-256 and weight, in vote-bit order (what the journal records).</summary>
    public IReadOnlyList<ModelSource> Sources { get; }

    /// <summary>Fewer valid model outputs than this: HOLD.</summary>
    public int MinVoters => _minVoters;

    /// <summary>Models agreeing on BUY/SELL to override a HOLD majority (0: off).</summary>
    public int MinDirectionalConsensus => _minDirectional;

    /// <summary>64-bit FNV-1a over every model's SHA-256 text and weight: identifies the model set in decisions.</summary>
    public long Hash { get; }

    /// <summary>Failures (throw, NaN, bad scores) of model <paramref name="index"/> so far.</summary>
    public long Failures(int index) => Volatile.Read(ref _failures[index]);

    /// <summary>Evaluates every model on <paramref name="features"/> and combines the votes.</summary>
    public void Evaluate(ReadOnlySpan<float> features, out EnsembleResult result)
    {
        for (var i = 0; i < _models.Length; i++)
        {
            var p = _probabilities.AsSpan(i * 3, 3);
            bool ok;
            try
            {
                ok = _models[i].TryPredict(features, p);
            }
#pragma warning disable CA1031 // A model that throws must be excluded, whatever it throws: fail closed, never crash.
            catch (Exception)
#pragma warning restore CA1031
            {
                ok = false;
            }

            ok = ok && float.IsFinite(p[0]) && float.IsFinite(p[1]) && float.IsFinite(p[2]);
            _valid[i] = ok;
            if (!ok)
            {
                Volatile.Write(ref _failures[i], _failures[i] + 1);
            }
        }

        EnsembleCombiner.Combine(_probabilities, _valid, _weights, _minVoters, _minDirectional, out result);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var m in _models)
        {
            m.Dispose();
        }
    }

    private static long ComputeHash(IClassifier[] models, double[] weights)
    {
        var hash = 14695981039346656037UL;
        for (var i = 0; i < models.Length; i++)
        {
            foreach (var ch in models[i].Sha256)
            {
                hash = (hash ^ ch) * 1099511628211UL;
            }

            var bits = (ulong)BitConverter.DoubleToInt64Bits(weights[i]);
            for (var b = 0; b < 8; b++)
            {
                hash = (hash ^ ((bits >> (8 * b)) & 0xFF)) * 1099511628211UL;
            }
        }

        return (long)hash;
    }
}

/// <summary>One model of an <see cref="Ensemble"/>: where it was loaded from, its SHA-256 and voting weight.</summary>
/// <param name="Path">The model file (as configured, resolved), or the model's name when it came from no file.</param>
/// <param name="Sha256">SHA-256 of the ONNX file, lower-case hex ("refused" for a refused model).</param>
/// <param name="Weight">Voting weight.</param>
/// <param name="Refused">The model was refused at load: it never votes.</param>
public sealed record ModelSource(string Path, string Sha256, double Weight, bool Refused);
