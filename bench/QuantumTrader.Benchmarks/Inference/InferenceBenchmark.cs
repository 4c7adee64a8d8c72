using BenchmarkDotNet.Attributes;
using QuantumTrader.Benchmarks.Features;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using QuantumTrader.Model;

namespace QuantumTrader.Benchmarks.Inference;

/// <summary>
/// ONNX Runtime inference of the synthetic stand-in model through pre-bound IOBinding (one model, an ensemble of
/// three sessions, the inference stage), and features+inference per event on the synthetic market.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class InferenceBenchmark
{
    private OnnxClassifier _model = null!;
    private Ensemble _ensemble3 = null!;
    private Ensemble _ensemble1 = null!;
    private InferenceStage _stage = null!;
    private FeaturesStage _features = null!;
    private InferenceStage _pipelineInference = null!;
    private EventTape _tape = null!;
    private float[] _vector = null!;
    private readonly float[] _probabilities = new float[3];
    private InputEvent _slot;
    private InputEvent _pipelineSlot;
    private long _sequence;

    /// <summary>Loads the sessions and warms everything up.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _model = OnnxClassifier.Load(BenchModels.DefaultPath, FeatureSchemas.Current, BenchModels.Serving);
        _ensemble3 = BenchModels.Ensemble(3);
        _ensemble1 = BenchModels.Ensemble(1);
        _vector = BenchModels.Vector();
        _stage = new InferenceStage(new InferenceOptions(), _ensemble1, FeatureSchemas.Current.Count, 2, new ModelSwapMailbox());
        _slot = new InputEvent { Kind = InputKind.Trade, FeatureCount = (byte)FeatureSchemas.Current.Count };
        _vector.CopyTo(_slot.Features);

        _tape = new EventTape(86_400);
        _features = new FeaturesStage(QuantumTrader.Testing.Inference.DefaultModelServing.Options, 2);
        _pipelineInference = new InferenceStage(new InferenceOptions(), BenchModels.Ensemble(1), FeatureSchemas.Current.Count, 2, new ModelSwapMailbox());
        for (var i = 0; i < _tape.Length; i++)
        {
            PipelineStep();
        }
    }

    /// <summary>One model: copy the vector in, RunWithBinding, read 3 scores.</summary>
    [Benchmark(Baseline = true)]
    public bool SingleModel() => _model.TryPredict(_vector, _probabilities);

    /// <summary>Three sessions of the model, weighted vote.</summary>
    [Benchmark]
    public float EnsembleOfThree()
    {
        _ensemble3.Evaluate(_vector, out var r);
        return r.Confidence;
    }

    /// <summary>The inference stage on a slot with fresh features at end of batch (one model).</summary>
    [Benchmark]
    public bool InferenceStageOneModel()
    {
        _slot.FeaturesReady = true;
        _stage.OnEvent(ref _slot, _sequence++, true);
        return _slot.Inferred;
    }

    /// <summary>Features + inference (one model, conflated per event) per market event of the synthetic tape.</summary>
    [Benchmark(OperationsPerInvoke = 10_000)]
    public bool FeaturesPlusInferencePerEvent()
    {
        var inferred = false;
        for (var i = 0; i < 10_000; i++)
        {
            inferred |= PipelineStep();
        }

        return inferred;
    }

    private bool PipelineStep()
    {
        _tape.Next(ref _pipelineSlot);
        _features.OnEvent(ref _pipelineSlot, _sequence, true);
        _pipelineInference.OnEvent(ref _pipelineSlot, _sequence++, true);
        return _pipelineSlot.Inferred;
    }
}
