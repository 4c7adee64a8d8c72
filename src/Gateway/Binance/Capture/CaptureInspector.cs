using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Gateway.Binance.OrderBook;
using QuantumTrader.Stages.Model;
using QuantumTrader.Stages.Ports;

namespace QuantumTrader.Gateway.Binance.Capture;

/// <summary>
/// Reads a whole capture through the same parser and order-book procedure the live gateway uses, and
/// reports frame counts, parse errors and the book's sync outcome: what an operator checks before a backtest.
/// </summary>
public static class CaptureInspector
{
    /// <summary>Inspects the capture at <paramref name="path"/> (format detected, see <see cref="CaptureFormat.Open"/>).</summary>
    public static CaptureReport Inspect(string path)
    {
        using var reader = CaptureFormat.Open(path);
        return Inspect(reader);
    }

    /// <summary>Inspects every frame of <paramref name="reader"/>.</summary>
    public static CaptureReport Inspect(ICaptureReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var instruments = new InstrumentRegistry();
        var pump = new MarketDataPump(instruments, NullSink.Instance, registerUnknownSymbols: true);
        long snapshots = 0;
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
                DecimalFormatter.ToString(book.Bids.BestPrice), DecimalFormatter.ToString(book.Asks.BestPrice)));
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
        };
    }

    private sealed class NullSink : IInputSink
    {
        public static readonly NullSink Instance = new();

        public void Publish(in InputEvent input)
        {
        }
    }
}
