using QuantumTrader.Engine.Ring;
using QuantumTrader.Stages.Model;

namespace QuantumTrader.Stages.Ingest;

/// <summary>
/// Ingest + normalize: validates every market event and marks it <see cref="InputEvent.Valid"/> or gives
/// the <see cref="RejectReason"/>; bad ticks are counted per reason and stay in the ring (and the journal)
/// marked as rejected, so nothing is lost and nothing bad reaches the features.
/// </summary>
/// <remarks>Runs on one stage thread; counters are read by others as approximate snapshots.</remarks>
public sealed class IngestStage : IEventHandler<InputEvent>
{
    private readonly int _symbols;
    private readonly long _maxJumpBasisPoints;
    private readonly long[] _lastExchangeTime;
    private readonly long[] _lastPrice;
    private readonly long[] _rejects = new long[8];

    /// <summary>Creates the stage for <paramref name="symbols"/> instruments.</summary>
    /// <param name="symbols">Number of instruments in the registry.</param>
    /// <param name="maxJumpBasisPoints">Largest accepted move from the last accepted price, in basis points.</param>
    public IngestStage(int symbols, long maxJumpBasisPoints = 1_000)
    {
        _symbols = symbols;
        _maxJumpBasisPoints = maxJumpBasisPoints;
        _lastExchangeTime = new long[symbols * 16];
        _lastPrice = new long[symbols];
    }

    /// <summary>Events accepted.</summary>
    public long Accepted { get; private set; }

    /// <summary>Events rejected, all reasons.</summary>
    public long Rejected { get; private set; }

    /// <summary>Rejects for <paramref name="reason"/>.</summary>
    public long RejectsFor(RejectReason reason) => _rejects[(int)reason];

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        var reason = Validate(ref data);
        data.RejectReason = (byte)reason;
        data.Valid = reason == RejectReason.None || reason == RejectReason.NotMarketData;
        if (reason == RejectReason.None)
        {
            Accepted++;
        }
        else if (reason != RejectReason.NotMarketData)
        {
            _rejects[(int)reason]++;
            Rejected++;
        }
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

        long reference;
        if (e.Kind is InputKind.BookTicker or InputKind.BookUpdate)
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

            reference = (e.BidPrice.Raw / 2) + (e.AskPrice.Raw / 2);
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

            reference = e.Price.Raw;
        }

        var timeSlot = (e.SymbolId * 16) + (int)e.Kind;
        if (e.ExchangeTimeNs != 0)
        {
            if (e.ExchangeTimeNs < _lastExchangeTime[timeSlot])
            {
                return RejectReason.OutOfOrder;
            }
        }

        var last = _lastPrice[e.SymbolId];
        if (last != 0 && e.Kind != InputKind.MarkPrice)
        {
            var diff = Math.Abs(reference - last);
            if ((Int128)diff * 10_000 > (Int128)last * _maxJumpBasisPoints)
            {
                return RejectReason.OutOfBand;
            }
        }

        if (e.ExchangeTimeNs != 0)
        {
            _lastExchangeTime[timeSlot] = e.ExchangeTimeNs;
        }

        if (e.Kind != InputKind.MarkPrice)
        {
            _lastPrice[e.SymbolId] = reference;
        }

        return RejectReason.None;
    }
}
