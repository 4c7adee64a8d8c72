namespace QuantumTrader.Training;

/// <summary>
/// The time-ordered split of labeled rows: the latest <c>HoldoutFraction</c> of the rows (by candle close time) are
/// held out from <see cref="HoldoutStartNs"/> on; training rows are those whose label window (close + embargo, one
/// horizon) ends before the hold-out starts, so no label of a training row looks into the hold-out period.
/// </summary>
/// <param name="Train">Rows trained on, in time order.</param>
/// <param name="Holdout">Rows evaluated on, in time order (candle close ≥ <see cref="HoldoutStartNs"/>).</param>
/// <param name="HoldoutStartNs">Candle close time of the first hold-out row, ns since the Unix epoch.</param>
/// <param name="EmbargoNs">The embargo: one label horizon, ns.</param>
/// <param name="Embargoed">Rows in neither set: before the hold-out, but their label window reaches into it.</param>
public sealed record DatasetSplit(IReadOnlyList<LabeledRow> Train, IReadOnlyList<LabeledRow> Holdout, long HoldoutStartNs, long EmbargoNs, int Embargoed)
{
    /// <summary>Fewest labeled rows the trainer accepts.</summary>
    public const int MinRows = 200;

    /// <summary>Splits <paramref name="rows"/> by time; throws when they are too few for both sides.</summary>
    public static DatasetSplit ByTime(IReadOnlyList<LabeledRow> rows, double holdoutFraction, long embargoNs)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(embargoNs);
        var ordered = rows.OrderBy(r => r.TimeNs).ThenBy(r => r.SymbolId).ToList();
        var splitIndex = (int)(ordered.Count * (1 - holdoutFraction));
        if (ordered.Count < MinRows || splitIndex <= 0 || splitIndex >= ordered.Count)
        {
            throw new InvalidOperationException($"{ordered.Count} labeled rows are too few to train (need at least {MinRows})");
        }

        var splitTime = ordered[splitIndex].TimeNs;
        var train = ordered.Where(r => r.TimeNs + embargoNs < splitTime).ToList();
        var holdout = ordered.Where(r => r.TimeNs >= splitTime).ToList();
        return new DatasetSplit(train, holdout, splitTime, embargoNs, ordered.Count - train.Count - holdout.Count);
    }
}
