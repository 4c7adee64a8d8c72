using QuantumTrader.Engine.Ring;
using QuantumTrader.Stages.Model;

namespace QuantumTrader.Stages.Skeleton;

/// <summary>
/// Walking-skeleton inference: a fixed softmax over the EMA spread (one "model"). Replaced by the ONNX
/// Runtime ensemble of issue 5; the wiring stays.
/// </summary>
public sealed class MomentumInferenceStage : IEventHandler<InputEvent>
{
    private readonly double _gain;

    /// <summary>Creates the stage; <paramref name="gain"/> scales the EMA spread into class scores.</summary>
    public MomentumInferenceStage(double gain = 20_000) => _gain = gain;

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.Inferred = false;
        data.ProbSell = 0;
        data.ProbHold = 1;
        data.ProbBuy = 0;
        data.Consensus = 0;
        data.ModelsVoting = 0;
        if (!data.FeaturesReady)
        {
            return;
        }

        var s = data.Features[0] * _gain;
        var buy = Math.Exp(s);
        var sell = Math.Exp(-s);
        var hold = Math.Exp(1.0);
        var sum = buy + sell + hold;
        data.ProbBuy = (float)(buy / sum);
        data.ProbSell = (float)(sell / sum);
        data.ProbHold = (float)(hold / sum);
        data.Inferred = true;
        data.ModelsVoting = 1;
        data.Consensus = 1;
    }
}
