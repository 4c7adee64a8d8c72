using QuantumTrader.Runtime.Sources;
using QuantumTrader.Model.Ports;
using QuantumTrader.Stages.Features;
using QuantumTrader.Model;

namespace QuantumTrader.Training;

/// <summary>
/// Builds labeled rows from an event source through the serving feature code (<see cref="FeatureEngine"/>):
/// one row per feature vector, labeled by the forward log return over <c>HorizonCandles</c> candles
/// (BUY above +dead band, SELL below −dead band, HOLD between). Rows whose horizon runs past the data are
/// dropped, never guessed.
/// </summary>
public static class DatasetBuilder
{
    /// <summary>Label of SELL.</summary>
    public const int Sell = 0;

    /// <summary>Label of HOLD.</summary>
    public const int Hold = 1;

    /// <summary>Label of BUY.</summary>
    public const int Buy = 2;

    /// <summary>Unlabeled vectors as the serving path computes them: (symbol, candle close time, vector).</summary>
    public static List<(ushort SymbolId, long TimeNs, float[] Features)> ComputeVectors(IEventSource source, FeatureOptions features, int symbolCount, out List<(long TimeNs, double Close)>[] closes)
    {
        ArgumentNullException.ThrowIfNull(source);
        var engine = new FeatureEngine(features, symbolCount);
        var buffer = new float[FeatureBuffer.Capacity];
        var vectors = new List<(ushort, long, float[])>();
        closes = new List<(long, double)>[symbolCount];
        var seen = new long[symbolCount];
        for (var i = 0; i < symbolCount; i++)
        {
            closes[i] = new List<(long, double)>();
        }

        var sink = new VectorSink(engine, buffer, vectors, closes, seen, symbolCount);
        source.Run(sink, () => false);
        if (source.Failure != SourceFailure.None)
        {
            // Fail closed: never train on a recording cut short or a damaged journal.
            throw new InvalidOperationException($"{source.Description}: {source.FailureReason}");
        }

        return vectors;
    }

    /// <summary>Computes vectors and labels them.</summary>
    public static List<LabeledRow> Build(IEventSource source, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var vectors = ComputeVectors(source, options.Features, options.SymbolCount, out var closes);
        var horizonNs = options.HorizonCandles * options.Features.CandleIntervalNs;
        var band = options.DeadBandBps / 1e4;
        var rows = new List<LabeledRow>(vectors.Count);
        foreach (var (symbol, time, features) in vectors)
        {
            var list = closes[symbol];
            if (!TryCloseAsOf(list, time, out var now) || !TryCloseAsOf(list, time + horizonNs, out var later))
            {
                continue;
            }

            var r = Math.Log(later / now);
            var label = r > band ? Buy : r < -band ? Sell : Hold;
            rows.Add(new LabeledRow(symbol, time, features, r, label));
        }

        return rows;
    }

    /// <summary>
    /// The close in force at <paramref name="timeNs"/>: that of the last candle closed at or before it
    /// (intervals without trades are flat). False when no candle closed at or after the time (the data
    /// ends before it) or none before it.
    /// </summary>
    public static bool TryCloseAsOf(List<(long TimeNs, double Close)> closes, long timeNs, out double close)
    {
        ArgumentNullException.ThrowIfNull(closes);
        close = 0;
        if (closes.Count == 0 || closes[^1].TimeNs < timeNs)
        {
            return false;
        }

        int lo = 0, hi = closes.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (closes[mid].TimeNs <= timeNs)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (found < 0)
        {
            return false;
        }

        close = closes[found].Close;
        return true;
    }

    /// <summary>Feeds each event to the serving feature code and keeps the vectors and candle closes.</summary>
    private sealed class VectorSink(FeatureEngine engine, float[] buffer, List<(ushort, long, float[])> vectors, List<(long TimeNs, double Close)>[] closes, long[] seen, int symbolCount) : IInputSink
    {
        public void Publish(in InputEvent e)
        {
            var ready = engine.Process(in e, buffer, out var timeNs);
            if (e.SymbolId < symbolCount && engine.CandleCount(e.SymbolId) != seen[e.SymbolId])
            {
                seen[e.SymbolId] = engine.CandleCount(e.SymbolId);
                var candle = engine.LastCandle(e.SymbolId);
                closes[e.SymbolId].Add((candle.CloseTimeNs, candle.Close));
            }

            if (ready)
            {
                vectors.Add((e.SymbolId, timeNs, buffer.AsSpan(0, engine.Schema.Count).ToArray()));
            }
        }
    }
}
