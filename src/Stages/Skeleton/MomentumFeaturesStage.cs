using QuantumTrader.Engine.Ring;
using QuantumTrader.Stages.Model;

namespace QuantumTrader.Stages.Skeleton;

/// <summary>
/// Walking-skeleton features: a fast and a slow EMA of the mid/trade price per symbol, giving two
/// features (EMA spread and last return). Replaced by the feature library of issue 5; the wiring stays.
/// </summary>
public sealed class MomentumFeaturesStage : IEventHandler<InputEvent>
{
    private const int Warmup = 50;
    private readonly double[] _fast;
    private readonly double[] _slow;
    private readonly double[] _last;
    private readonly int[] _count;

    /// <summary>Creates the stage for <paramref name="symbols"/> instruments.</summary>
    public MomentumFeaturesStage(int symbols)
    {
        _fast = new double[symbols];
        _slow = new double[symbols];
        _last = new double[symbols];
        _count = new int[symbols];
    }

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        data.FeaturesReady = false;
        data.FeatureCount = 0;
        if (!data.Valid || data.Kind is not (InputKind.BookTicker or InputKind.BookUpdate or InputKind.Trade or InputKind.AggTrade))
        {
            return;
        }

        var id = data.SymbolId;
        var price = data.Kind is InputKind.BookTicker or InputKind.BookUpdate
            ? (data.BidPrice.ToDouble() + data.AskPrice.ToDouble()) * 0.5
            : data.Price.ToDouble();
        if (_count[id] == 0)
        {
            _fast[id] = price;
            _slow[id] = price;
            _last[id] = price;
        }

        _fast[id] += (price - _fast[id]) * (2.0 / 11.0);
        _slow[id] += (price - _slow[id]) * (2.0 / 51.0);
        var ret = (price - _last[id]) / _last[id];
        _last[id] = price;
        _count[id]++;
        if (_count[id] < Warmup)
        {
            return;
        }

        data.Features[0] = (float)((_fast[id] - _slow[id]) / _slow[id]);
        data.Features[1] = (float)ret;
        data.FeatureCount = 2;
        data.FeaturesReady = true;
    }
}
