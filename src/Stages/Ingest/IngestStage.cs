using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Ingest;

/// <summary>
/// Ingest + normalize: validates every market event and marks it <see cref="InputEvent.Valid"/> or gives
/// the <see cref="RejectReason"/>; bad ticks are counted per reason and stay in the ring (and the journal)
/// marked as rejected, so nothing is lost and nothing bad reaches the features. It is also the one owner of
/// the reference price: every slot leaves with <see cref="InputEvent.ReferencePrice"/> of its symbol.
/// </summary>
/// <remarks>
/// <para>Bad-tick band: a tick (book top, trade, kline; not a mark price) more than
/// <see cref="IngestOptions.BadTickBandBasisPoints"/> from the symbol's anchor (its last accepted price) is
/// rejected. The anchor moves with every accepted tick, and re-anchors after a real move: after a resync (the
/// first book top after a <see cref="FeedStateCode.BookInSync"/> event of the symbol is accepted and becomes
/// the anchor) or after <see cref="IngestOptions.ReanchorAfterTicks"/> out-of-band ticks in a row that agree
/// with each other (each within the band of the first of them; the last of them is accepted). An isolated
/// spike stays rejected. Only the input sequence decides: no clock.</para>
/// <para>Runs on one stage thread; counters are read by others as approximate snapshots.</para>
/// </remarks>
public sealed class IngestStage : IEventHandler<InputEvent>
{
    private readonly int _symbols;
    private readonly long _bandBasisPoints;
    private readonly int _reanchorAfter;
    private readonly ReferencePriceRule _rule;
    private readonly long[] _lastExchangeTime;
    private readonly long[] _anchor;
    private readonly long[] _runFirst;
    private readonly int[] _runLength;
    private readonly bool[] _resynced;
    private readonly long[] _reference;
    private readonly bool[] _markSeen;
    private readonly long[] _rejects = new long[8];

    /// <summary>Creates the stage for <paramref name="symbols"/> instruments with the default options.</summary>
    /// <param name="symbols">Number of instruments in the registry.</param>
    public IngestStage(int symbols)
        : this(symbols, new IngestOptions())
    {
    }

    /// <summary>Creates the stage for <paramref name="symbols"/> instruments.</summary>
    /// <param name="symbols">Number of instruments in the registry.</param>
    /// <param name="options">Band and reference-price settings.</param>
    public IngestStage(int symbols, IngestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _symbols = symbols;
        _bandBasisPoints = options.BadTickBandBasisPoints;
        _reanchorAfter = options.ReanchorAfterTicks;
        _rule = options.ReferencePrice;
        _lastExchangeTime = new long[symbols * 16];
        _anchor = new long[symbols];
        _runFirst = new long[symbols];
        _runLength = new int[symbols];
        _resynced = new bool[symbols];
        _reference = new long[symbols];
        _markSeen = new bool[symbols];
    }

    /// <summary>Events accepted.</summary>
    public long Accepted { get; private set; }

    /// <summary>Events rejected, all reasons.</summary>
    public long Rejected { get; private set; }

    /// <summary>Times the band re-anchored after out-of-band ticks that agreed with each other.</summary>
    public long ReanchoredAfterTicks { get; private set; }

    /// <summary>Times the first book top after a resync was beyond the band of the old anchor and re-anchored it.</summary>
    public long ReanchoredAfterResync { get; private set; }

    /// <summary>Rejects for <paramref name="reason"/>.</summary>
    public long RejectsFor(RejectReason reason) => _rejects[(int)reason];

    /// <summary>The reference price of <paramref name="symbolId"/> (raw), 0 if none yet.</summary>
    public long ReferenceOf(ushort symbolId) => _reference[symbolId];

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        var reason = Validate(ref data);
        data.RejectReason = (byte)reason;
        data.Valid = reason == RejectReason.None || reason == RejectReason.NotMarketData;
        if (reason == RejectReason.None)
        {
            Accepted++;
            if (ReferencePrice.Sets(_rule, data.Kind, _markSeen[data.SymbolId]) && ReferencePrice.TryGet(in data, out var price))
            {
                _reference[data.SymbolId] = price;
            }

            _markSeen[data.SymbolId] |= data.Kind == InputKind.MarkPrice;
        }
        else if (reason != RejectReason.NotMarketData)
        {
            _rejects[(int)reason]++;
            Rejected++;
        }
        else if (data.Kind == InputKind.FeedState && data.Code == (ushort)FeedStateCode.BookInSync && data.SymbolId < _symbols)
        {
            _resynced[data.SymbolId] = true;
        }

        data.ReferencePrice = new Price(data.SymbolId < _symbols ? _reference[data.SymbolId] : 0);
    }

    private RejectReason Validate(ref InputEvent e)
    {
        switch (e.Kind)
        {
            case InputKind.Trade:
            case InputKind.AggTrade:
            case InputKind.BookTicker:
            case InputKind.BookUpdate:
            case InputKind.Kline:
            case InputKind.MarkPrice:
                break;
            default:
                return RejectReason.NotMarketData;
        }

        if (e.SymbolId >= _symbols)
        {
            return RejectReason.UnknownSymbol;
        }

        var book = e.Kind is InputKind.BookTicker or InputKind.BookUpdate;
        if (book)
        {
            if (e.BidPrice.Raw <= 0 || e.AskPrice.Raw <= 0)
            {
                return RejectReason.NonPositivePrice;
            }

            if (e.BidQuantity.Raw < 0 || e.AskQuantity.Raw < 0)
            {
                return RejectReason.BadQuantity;
            }

            if (e.BidPrice.Raw >= e.AskPrice.Raw)
            {
                return RejectReason.CrossedBook;
            }
        }
        else
        {
            if (e.Price.Raw <= 0)
            {
                return RejectReason.NonPositivePrice;
            }

            if (e.Quantity.Raw < 0 || (e.Quantity.Raw == 0 && e.Kind is InputKind.Trade or InputKind.AggTrade))
            {
                return RejectReason.BadQuantity;
            }
        }

        var timeSlot = (e.SymbolId * 16) + (int)e.Kind;
        if (e.ExchangeTimeNs != 0 && e.ExchangeTimeNs < _lastExchangeTime[timeSlot])
        {
            return RejectReason.OutOfOrder;
        }

        if (e.Kind != InputKind.MarkPrice && !InBand(e.SymbolId, book, in e))
        {
            return RejectReason.OutOfBand;
        }

        if (e.ExchangeTimeNs != 0)
        {
            _lastExchangeTime[timeSlot] = e.ExchangeTimeNs;
        }

        return RejectReason.None;
    }

    // The band check, and the anchor's state: true when the tick is accepted (and then is the new anchor).
    private bool InBand(ushort s, bool book, in InputEvent e)
    {
        ReferencePrice.TryGet(in e, out var price);
        if (book && _resynced[s])
        {
            // Design: after a resync the book top is rebuilt from a snapshot: the venue's state, whatever the
            // band says. Trades before that first top are still checked against the old anchor.
            _resynced[s] = false;
            ReanchoredAfterResync += _anchor[s] != 0 && Beyond(price, _anchor[s]) ? 1 : 0;
            return Anchor(s, price);
        }

        var anchor = _anchor[s];
        if (anchor == 0 || !Beyond(price, anchor))
        {
            return Anchor(s, price);
        }

        if (_reanchorAfter == 0)
        {
            return false;
        }

        if (_runLength[s] == 0 || Beyond(price, _runFirst[s]))
        {
            _runFirst[s] = price; // a new run of out-of-band ticks starts here
            _runLength[s] = 1;
            return false;
        }

        if (++_runLength[s] < _reanchorAfter)
        {
            return false;
        }

        ReanchoredAfterTicks++;
        return Anchor(s, price);
    }

    private bool Anchor(ushort s, long price)
    {
        _anchor[s] = price;
        _runLength[s] = 0;
        return true;
    }

    private bool Beyond(long price, long anchor)
        => (Int128)Math.Abs(price - anchor) * 10_000 > (Int128)anchor * _bandBasisPoints;
}
