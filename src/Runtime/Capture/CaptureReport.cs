namespace QuantumTrader.Runtime.Capture;

/// <summary>What <see cref="CaptureInspector"/> found in a capture (the <c>capture inspect</c> output).</summary>
public sealed record CaptureReport
{
    /// <summary>Frames parsed per Binance event type (<c>depthUpdate</c>, <c>trade</c>, …) plus <c>snapshot</c>.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> Frames { get; init; }

    /// <summary>Frames (and lines) that could not be parsed.</summary>
    public required long ParseErrors { get; init; }

    /// <summary>Parse errors by reason (diagnostics).</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> ParseErrorsByReason { get; init; }

    /// <summary>True when every symbol with depth data ends with its local book in sync; false when none had depth.</summary>
    public required bool BookSynced { get; init; }

    /// <summary><c>pu</c> breaks detected, all symbols.</summary>
    public required long BookGaps { get; init; }

    /// <summary>Times a book regained sync after losing it, all symbols.</summary>
    public required long Resyncs { get; init; }

    /// <summary>Exchange time (ms) of the first frame, 0 when none.</summary>
    public required long FirstExchangeTimeMs { get; init; }

    /// <summary>Exchange time (ms) of the last frame, 0 when none.</summary>
    public required long LastExchangeTimeMs { get; init; }

    /// <summary>Per-symbol book outcome (diagnostics).</summary>
    public required IReadOnlyList<BookReport> Books { get; init; }

    /// <summary>Market events the ingest stage rejects (the <c>ticks rejected</c> of a run): out of order, crossed, out of band…</summary>
    public required long TicksRejected { get; init; }

    /// <summary><see cref="TicksRejected"/> by <c>RejectReason</c> name.</summary>
    public required IReadOnlyList<KeyValuePair<string, long>> TicksRejectedByReason { get; init; }

    /// <summary>Why the capture is incomplete (a gzip file cut short), null when it was read to its end.</summary>
    public string? Truncation { get; init; }
}

/// <summary>The order-book outcome of one symbol.</summary>
/// <param name="Symbol">Symbol.</param>
/// <param name="Synced">Ends in sync.</param>
/// <param name="Gaps">Gaps.</param>
/// <param name="Resyncs">Successful resyncs.</param>
/// <param name="DiffsApplied">Diffs applied.</param>
/// <param name="BestBid">Final best bid (decimal string).</param>
/// <param name="BestAsk">Final best ask (decimal string).</param>
public sealed record BookReport(string Symbol, bool Synced, long Gaps, long Resyncs, long DiffsApplied, string BestBid, string BestAsk);
