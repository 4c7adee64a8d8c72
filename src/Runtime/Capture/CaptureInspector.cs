using QuantumTrader.Gateway.Binance.Capture;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Stages.Ingest;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Runtime.Capture;

/// <summary>
/// Reads a whole capture through the same parser and order-book procedure the live gateway uses, and
/// reports frame counts, parse errors, the ticks the ingest stage would reject (by reason), the book's sync
/// outcome and whether a gzip capture was cut short: what an operator checks before a backtest.
/// </summary>
public static class CaptureInspector
{
    // Inspection without a configuration registers every symbol it meets; the ingest stage is sized for this many.
    private const int AnySymbolCapacity = 1024;

    /// <summary>Inspects the capture at <paramref name="path"/> (format detected, see <see cref="CaptureFormat.Open"/>).</summary>
    /// <param name="path">The capture.</param>
    /// <param name="instruments">The configured instruments: frames of other symbols are rejected as unknown, as
    /// <c>run</c> rejects them. Null: every symbol met is registered and inspected.</param>
    /// <remarks>A gzip capture that was cut short is reported with <see cref="CaptureReport.Truncation"/>, with
    /// what was read before the cut; a file that is not a capture throws <see cref="InvalidDataException"/>.</remarks>
    public static CaptureReport Inspect(string path, InstrumentRegistry? instruments = null)
    {
        ICaptureReader reader;
        try
        {
            reader = CaptureFormat.Open(path);
        }
        catch (CaptureTruncatedException ex)
        {
            return Empty(ex.Message);
        }

        using (reader)
        {
            return Inspect(reader, instruments);
        }
    }

    /// <summary>Inspects every frame of <paramref name="reader"/> (see <see cref="Inspect(string, InstrumentRegistry?)"/>).</summary>
    public static CaptureReport Inspect(ICaptureReader reader, InstrumentRegistry? instruments = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var anySymbol = instruments is null;
        instruments ??= new InstrumentRegistry();

        // Every event goes through the serving ingest stage: out-of-order times and the other bad ticks are
        // classified by the same code as in a run, not by a second copy of its rules.
        var ingest = new IngestStage(anySymbol ? AnySymbolCapacity : instruments.Count);
        var pump = new MarketDataPump(instruments, new IngestSink(ingest), registerUnknownSymbols: anySymbol);
        long snapshots = 0;
        string? truncation = null;
        try
        {
            while (reader.TryRead(out var frame))
            {
                if (frame.Kind == CaptureFrameKind.DepthSnapshot)
                {
                    if (pump.OnSnapshot(frame.Payload.Span, frame.Symbol, frame.ReceiveTimeNs))
                    {
                        snapshots++;
                    }
                }
                else if (pump.OnStreamFrame(frame.Payload.Span, frame.ReceiveTimeNs) == FrameKind.DepthSnapshot)
                {
                    snapshots++;
                }
            }
        }
        catch (CaptureTruncatedException ex)
        {
            truncation = ex.Message;
        }

        var parser = pump.Parser;
        var books = new List<BookReport>();
        var synced = true;
        long gaps = 0, resyncs = 0;
        foreach (var book in pump.Books)
        {
            var ok = book.State == BookSyncState.Synced;
            synced &= ok;
            gaps += book.Gaps;
            resyncs += book.Resyncs;
            books.Add(new BookReport(
                instruments[book.SymbolId].Symbol, ok, book.Gaps, book.Resyncs, book.DiffsApplied,
                DecimalCodec.ToString(book.Bids.BestPrice), DecimalCodec.ToString(book.Asks.BestPrice)));
        }

        var errors = new List<KeyValuePair<string, long>>();
        foreach (var error in Enum.GetValues<FrameError>())
        {
            if (error != FrameError.None && parser.ErrorsOf(error) > 0)
            {
                errors.Add(new(error.ToString(), parser.ErrorsOf(error)));
            }
        }

        if (reader.SkippedLines > 0)
        {
            errors.Add(new("UnreadableLine", reader.SkippedLines));
        }

        if (pump.OrphanSnapshots > 0)
        {
            errors.Add(new("OrphanSnapshot", pump.OrphanSnapshots));
        }

        long total = 0;
        foreach (var e in errors)
        {
            total += e.Value;
        }

        var rejects = new List<KeyValuePair<string, long>>();
        foreach (var reason in Enum.GetValues<RejectReason>())
        {
            if (reason is not (RejectReason.None or RejectReason.NotMarketData) && ingest.RejectsFor(reason) > 0)
            {
                rejects.Add(new(reason.ToString(), ingest.RejectsFor(reason)));
            }
        }

        return new CaptureReport
        {
            Frames =
            [
                new("depthUpdate", parser.CountOf(FrameKind.DepthUpdate)),
                new("trade", parser.CountOf(FrameKind.Trade)),
                new("aggTrade", parser.CountOf(FrameKind.AggTrade)),
                new("bookTicker", parser.CountOf(FrameKind.BookTicker)),
                new("kline", parser.CountOf(FrameKind.Kline)),
                new("markPrice", parser.CountOf(FrameKind.MarkPrice)),
                new("snapshot", snapshots),
            ],
            ParseErrors = total,
            ParseErrorsByReason = errors,
            BookSynced = books.Count > 0 && synced,
            BookGaps = gaps,
            Resyncs = resyncs,
            FirstExchangeTimeMs = pump.FirstExchangeTimeNs / 1_000_000,
            LastExchangeTimeMs = pump.LastExchangeTimeNs / 1_000_000,
            Books = books,
            TicksRejected = ingest.Rejected,
            TicksRejectedByReason = rejects,
            Truncation = truncation,
        };
    }

    private static CaptureReport Empty(string truncation) => new()
    {
        Frames = [],
        ParseErrors = 0,
        ParseErrorsByReason = [],
        BookSynced = false,
        BookGaps = 0,
        Resyncs = 0,
        FirstExchangeTimeMs = 0,
        LastExchangeTimeMs = 0,
        Books = [],
        TicksRejected = 0,
        TicksRejectedByReason = [],
        Truncation = truncation,
    };

    private sealed class IngestSink(IngestStage ingest) : IInputSink
    {
        private long _sequence;

        public void Publish(in InputEvent input)
        {
            var slot = input;
            ingest.OnEvent(ref slot, _sequence++, false);
        }
    }
}
