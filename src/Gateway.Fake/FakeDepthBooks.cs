using System.Globalization;
using System.Text;
using QuantumTrader.Gateway.Binance.Common;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model;
using QuantumTrader.Model.Ports;
using QuantumTrader.Model.Text;

namespace QuantumTrader.Gateway.Fake;

// Design:
//   A venue's depth snapshot is its current book. The fake knows only the snapshots it is given (the recorded one
//   of a capture), so after a stall or a gap every later snapshot was older than the client's buffered diffs and
//   the client could never resync. With this the fake keeps its own book per symbol through the same
//   BookSynchronizer the client uses, fed by the given snapshots and by every depth diff it sends (also those a
//   fault then keeps from the clients: the venue's book has them), and answers /fapi/v1/depth from it once it
//   is in sync.

/// <summary>The fake venue's own order books, built from the snapshots it was given and every depth diff it published.</summary>
/// <remarks>Thread-safe (one lock): the replay task feeds it, Kestrel threads read snapshots.</remarks>
internal sealed class FakeDepthBooks
{
    private readonly object _gate = new();
    private readonly InstrumentRegistry _symbols = new();
    private readonly MarketDataPump _pump;

    public FakeDepthBooks() => _pump = new MarketDataPump(_symbols, NullSink.Instance, registerUnknownSymbols: true);

    /// <summary>A REST snapshot body for <paramref name="symbol"/>.</summary>
    public void OnSnapshot(string symbol, ReadOnlySpan<byte> body)
    {
        lock (_gate)
        {
            if (!_symbols.TryGet(symbol, out _))
            {
                // Sizes do not matter here: the book keeps the exact fixed-point levels it is given.
                _symbols.Add(Venue.BinanceUsdM, symbol, new Price(1), new Quantity(1), 0);
            }

            _pump.OnSnapshot(body, symbol, 0);
        }
    }

    /// <summary>A combined-stream frame the fake sends (only depth updates change a book).</summary>
    public void OnFrame(ReadOnlySpan<byte> frame)
    {
        lock (_gate)
        {
            _pump.OnStreamFrame(frame, 0);
        }
    }

    /// <summary>The current book of <paramref name="symbol"/> as a <c>/fapi/v1/depth</c> body, best <paramref name="limit"/>
    /// levels per side; null while the fake's own book of that symbol is not in sync.</summary>
    public string? Snapshot(string symbol, int limit, long serverMs)
    {
        lock (_gate)
        {
            if (!_symbols.TryGet(symbol, out var instrument) || _pump.BookOf(instrument.Id) is not { State: BookSyncState.Synced } book)
            {
                return null;
            }

            var json = new StringBuilder(64 + (limit * 40));
            json.Append(CultureInfo.InvariantCulture, $"{{\"lastUpdateId\":{book.LastUpdateId},\"E\":{serverMs},\"T\":{serverMs},\"bids\":[");
            Levels(json, book.Bids, limit);
            json.Append("],\"asks\":[");
            Levels(json, book.Asks, limit);
            json.Append("]}");
            return json.ToString();
        }
    }

    private static void Levels(StringBuilder json, BookSide side, int limit)
    {
        var n = Math.Min(limit, side.Count);
        for (var i = 0; i < n; i++)
        {
            json.Append(i == 0 ? "[\"" : ",[\"")
                .Append(DecimalCodec.ToString(side.PriceAt(i)))
                .Append("\",\"")
                .Append(DecimalCodec.ToString(side.QuantityAt(i)))
                .Append("\"]");
        }
    }

    private sealed class NullSink : IInputSink
    {
        public static readonly NullSink Instance = new();

        public void Publish(in InputEvent input)
        {
        }
    }
}
