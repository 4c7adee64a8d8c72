using QuantumTrader.Engine.Journal;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Risk;

namespace QuantumTrader.Services.Backtest;

/// <summary>The limits the journal audit checks every approved entry against (from the config the run used).</summary>
/// <param name="StartingEquityRaw">Starting equity, raw quote.</param>
/// <param name="MaxPositionNotionalRaw">Per-symbol notional limit (position plus the order), raw quote; 0: not checked.</param>
/// <param name="MaxOrderNotionalRaw">Per-order notional limit, raw quote; 0: not checked.</param>
/// <param name="MaxTotalNotionalRaw">Limit of every position's notional together, raw quote; 0: not checked.</param>
/// <param name="MaxLeverageRaw">Leverage limit of an order, raw (<see cref="FixedPoint.Scale"/> = 1×); 0: not checked.</param>
/// <param name="MaxOpenPositions">Positions open at once; 0: not checked.</param>
/// <param name="ProtectiveStopGraceNs">How long a position may be without a live (accepted) protective stop.</param>
public sealed record AuditLimits(
    long StartingEquityRaw,
    long MaxPositionNotionalRaw,
    long MaxOrderNotionalRaw,
    long MaxTotalNotionalRaw,
    long MaxLeverageRaw,
    int MaxOpenPositions,
    long ProtectiveStopGraceNs);

/// <summary>One round trip: a position from flat back to flat.</summary>
/// <param name="Symbol">Instrument name.</param>
/// <param name="Side">The side of the entry.</param>
/// <param name="OpenedNs">Event time of the fill that opened it.</param>
/// <param name="ClosedNs">Event time of the fill that closed it.</param>
/// <param name="EntryPrice">Average entry price.</param>
/// <param name="MaxQuantity">The largest absolute position.</param>
/// <param name="Pnl">Realized PnL (before fees and funding), quote.</param>
/// <param name="Fees">Fees of its fills, quote.</param>
/// <param name="Funding">Funding paid (negative) or received while open, quote.</param>
/// <param name="Net">Pnl − fees + funding.</param>
/// <param name="ExitReason">The purpose of the order whose fill closed it (protective_stop, harvest, ...).</param>
public sealed record BacktestTrade(string Symbol, Side Side, long OpenedNs, long ClosedNs, decimal EntryPrice, decimal MaxQuantity, decimal Pnl, decimal Fees, decimal Funding, decimal Net, string ExitReason);

/// <summary>
/// The backtest report, computed from the journal alone after the run, independently of the engine's own counters
/// and of its ledger: orders, fills, round trips, PnL, fees, funding, drawdown, win rate, profit factor, rejections and
/// exits by reason, and two audits: <see cref="LimitViolations"/> (approved entries that took a configured limit past
/// its value) and <see cref="UnprotectedPositions"/> (positions without an accepted protective stop for longer than
/// the grace).
/// </summary>
public sealed class BacktestReport
{
    private const int MaxSymbols = 1024;

    /// <summary>Input events journaled.</summary>
    public long Events { get; private set; }

    /// <summary>Inferences the signal stage evaluated (signal records).</summary>
    public long SignalsEvaluated { get; private set; }

    /// <summary>Signals with a side (intent records).</summary>
    public long Signals { get; private set; }

    /// <summary>Order requests sent (entries and exits).</summary>
    public long Orders { get; private set; }

    /// <summary>Order requests by purpose.</summary>
    public SortedDictionary<string, long> OrdersByPurpose { get; } = new(StringComparer.Ordinal);

    /// <summary>Cancel requests sent.</summary>
    public long Cancels { get; private set; }

    /// <summary>Fills (deduplicated by order and trade id, else by cumulative quantity).</summary>
    public long Fills { get; private set; }

    /// <summary>Fill reports that repeated a fill already counted.</summary>
    public long DuplicateFills { get; private set; }

    /// <summary>Round trips closed.</summary>
    public List<BacktestTrade> Trades { get; } = new();

    /// <summary>Realized PnL of every fill (before fees and funding), quote.</summary>
    public decimal Pnl { get; private set; }

    /// <summary>Fees paid, quote.</summary>
    public decimal Fees { get; private set; }

    /// <summary>Funding received (positive) or paid (negative), quote.</summary>
    public decimal Funding { get; private set; }

    /// <summary>Pnl − fees + funding.</summary>
    public decimal NetPnl => Pnl - Fees + Funding;

    /// <summary>Unrealized PnL of positions still open at the end, marked at the last price, quote.</summary>
    public decimal OpenPnl { get; private set; }

    /// <summary>Largest fall of equity (wallet + unrealized at the last traded or mark price) from a previous peak, quote.</summary>
    public decimal MaxDrawdown { get; private set; }

    /// <summary><see cref="MaxDrawdown"/> as a fraction of the peak it fell from.</summary>
    public double MaxDrawdownFraction { get; private set; }

    /// <summary>Share of round trips with a positive net result (0 when none).</summary>
    public double WinRate => Trades.Count == 0 ? 0 : (double)Wins / Trades.Count;

    /// <summary>Gross profit ÷ gross loss of the round trips' net results; null when there was no loss.</summary>
    public double? ProfitFactor
    {
        get
        {
            decimal won = 0, lost = 0;
            foreach (var t in Trades)
            {
                if (t.Net > 0)
                {
                    won += t.Net;
                }
                else
                {
                    lost -= t.Net;
                }
            }

            return lost == 0 ? null : (double)(won / lost);
        }
    }

    /// <summary>Round trips with a positive net result.</summary>
    public int Wins
    {
        get
        {
            var n = 0;
            foreach (var t in Trades)
            {
                n += t.Net > 0 ? 1 : 0;
            }

            return n;
        }
    }

    /// <summary>Orders blocked by the gate, by reason (snake_case of <see cref="GateReason"/>); rejections by the venue as
    /// <c>venue_</c> + the reject reason.</summary>
    public SortedDictionary<string, long> RejectionsByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>Exits by the purpose of the order that filled (every exit order with a fill counts once).</summary>
    public SortedDictionary<string, long> ExitsByReason { get; } = new(StringComparer.Ordinal);

    /// <summary>Approved entries that took a configured limit past its value (recomputed from the journal).</summary>
    public long LimitViolations { get; private set; }

    /// <summary>What each limit violation was (at most 20).</summary>
    public List<string> LimitViolationDetails { get; } = new();

    /// <summary>Positions left without an accepted protective stop for longer than the grace.</summary>
    public long UnprotectedPositions { get; private set; }

    /// <summary>What each unprotected episode was (at most 20).</summary>
    public List<string> UnprotectedDetails { get; } = new();

    /// <summary>Positions still open when the journal ends.</summary>
    public int OpenPositionsAtEnd { get; private set; }

    /// <summary>Protective stops placed (order requests with purpose protective_stop or break_even_stop).</summary>
    public long ProtectiveStopsPlaced => Count(OrdersByPurpose, OrderPurpose.ProtectiveStop) + Count(OrdersByPurpose, OrderPurpose.BreakEvenStop);

    /// <summary>The journal's reader ended on a defect (null when it ended cleanly).</summary>
    public string? JournalDefect { get; private set; }

    /// <summary>The snake_case name of an order purpose (the journal export's).</summary>
    public static string Name(OrderPurpose purpose) => EnumNames<OrderPurpose>.Of(purpose);

    private static long Count(SortedDictionary<string, long> d, OrderPurpose p) => d.TryGetValue(Name(p), out var n) ? n : 0;

    private static decimal Money(Int128 raw) => (decimal)raw / FixedPoint.Scale;

    private static void Bump(SortedDictionary<string, long> d, string key) => d[key] = d.TryGetValue(key, out var n) ? n + 1 : 1;

    private sealed class OrderInfo
    {
        public OrderRequest Request;
        public long Filled;
        public bool CountedExit;
        public bool Live; // a protective stop the venue accepted and that has not ended
        public HashSet<long> TradeIds { get; } = new();
    }

    private sealed class SymbolState
    {
        public string Name = "";
        public long Position; // raw signed
        public Int128 Cost;   // raw quote: Σ entry value of the open position (signed with the position)
        public long EntryAvg; // raw price
        public long LastPrice;
        public long OpenedNs;
        public long MaxAbs;
        public Int128 TradePnl;
        public Int128 TradeFees;
        public Int128 TradeFunding;
        public Side EntrySide;
        public int LiveStops;
        public long UnprotectedSinceNs = -1;
        public bool UnprotectedCounted;
    }

    /// <summary>Reads the journal in <paramref name="directory"/> and computes the report.</summary>
    public static BacktestReport FromJournal(string directory, AuditLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var report = new BacktestReport();
        report.Scan(directory, limits);
        return report;
    }

    private void Scan(string directory, AuditLimits limits)
    {
        var orders = new Dictionary<long, OrderInfo>();
        var leverageBySlot = new Dictionary<long, long>(); // sizing record's leverage by its input sequence
        var symbols = new Dictionary<ushort, SymbolState>();
        SymbolState Sym(ushort id)
        {
            if (!symbols.TryGetValue(id, out var s))
            {
                s = new SymbolState { Name = "#" + id };
                symbols[id] = s;
            }

            return s;
        }

        Int128 realized = 0, fees = 0, funding = 0;
        Int128 peak = limits.StartingEquityRaw;
        Int128 worst = 0;
        double worstFraction = 0;
        using var reader = JournalReader.Open(directory);
        JournalReadResult result;
        var input = default(InputEvent);
        while ((result = reader.TryRead(out var record)) == JournalReadResult.Record)
        {
            switch (record.Type)
            {
                case JournalRecordType.Instrument:
                    if (InstrumentRecord.TryRead(record.Payload, record.Version, out var instrument) && instrument is not null)
                    {
                        Sym(instrument.Id).Name = instrument.Symbol;
                    }

                    break;
                case JournalRecordType.Signal:
                    SignalsEvaluated++;
                    break;
                case JournalRecordType.Intent:
                    Signals++;
                    break;
                case JournalRecordType.Sizing:
                    if (SizingRecord.TryRead(record.Payload, record.Version, out var sized) && sized.Quantity.Raw > 0)
                    {
                        leverageBySlot[sized.InputSequence] = sized.Leverage.Raw;
                    }

                    break;
                case JournalRecordType.GateVerdict:
                    if (GateVerdictRecord.TryRead(record.Payload, record.Version, out var verdict) && !verdict.Approved)
                    {
                        Bump(RejectionsByReason, EnumNames<GateReason>.Of((GateReason)verdict.Reason));
                    }

                    break;
                case JournalRecordType.CancelRequest:
                    Cancels++;
                    break;
                case JournalRecordType.OrderRequest:
                    if (OrderRequestRecord.TryRead(record.Payload, record.Version, out var request, out var requestSlot))
                    {
                        Orders++;
                        Bump(OrdersByPurpose, Name(request.Purpose));
                        orders[request.ClientOrderId.Sequence] = new OrderInfo { Request = request };
                        if (request.Purpose == OrderPurpose.Entry)
                        {
                            AuditEntry(request, symbols, limits);
                            if (limits.MaxLeverageRaw > 0 && leverageBySlot.TryGetValue(requestSlot, out var leverage) && leverage > limits.MaxLeverageRaw)
                            {
                                Violation($"order {request.ClientOrderId.Sequence}: leverage {(decimal)leverage / FixedPoint.Scale} > max leverage {(decimal)limits.MaxLeverageRaw / FixedPoint.Scale}");
                            }
                        }
                    }

                    break;
                case JournalRecordType.Input:
                    input = default;
                    if (!InputRecord.TryRead(record.Payload, record.Version, ref input))
                    {
                        break;
                    }

                    Events++;
                    var time = input.ExchangeTimeNs != 0 ? input.ExchangeTimeNs : input.ReceiveTimeNs;
                    switch (input.Kind)
                    {
                        case InputKind.Trade:
                        case InputKind.AggTrade:
                        case InputKind.MarkPrice:
                            if (input.Valid && input.Price.Raw > 0)
                            {
                                Sym(input.SymbolId).LastPrice = input.Price.Raw;
                            }

                            break;
                        case InputKind.AccountUpdate when input.Code == (ushort)AccountUpdateCode.Funding:
                            funding += input.Aux0;
                            Sym(input.SymbolId).TradeFunding += input.Aux0;
                            break;
                        case InputKind.OrderUpdate:
                            ApplyOrderUpdate(in input, time, orders, Sym(input.SymbolId), ref realized, ref fees);
                            break;
                    }

                    AuditProtection(time, symbols, limits);

                    // Equity after this event: wallet plus every open position marked at its last price.
                    var equity = limits.StartingEquityRaw + realized - fees + funding + Unrealized(symbols);
                    if (equity > peak)
                    {
                        peak = equity;
                    }

                    if (peak - equity > worst)
                    {
                        worst = peak - equity;
                    }

                    if (peak > 0 && (double)(peak - equity) / (double)peak > worstFraction)
                    {
                        worstFraction = (double)(peak - equity) / (double)peak;
                    }

                    break;
            }
        }

        if (result != JournalReadResult.EndOfData)
        {
            JournalDefect = result.ToString();
        }

        Pnl = Money(realized);
        Fees = Money(fees);
        Funding = Money(funding);
        OpenPnl = Money(Unrealized(symbols));
        MaxDrawdown = Money(worst);
        MaxDrawdownFraction = worstFraction;
        foreach (var s in symbols.Values)
        {
            OpenPositionsAtEnd += s.Position != 0 ? 1 : 0;
        }
    }

    private static Int128 Unrealized(Dictionary<ushort, SymbolState> symbols)
    {
        Int128 sum = 0;
        foreach (var s in symbols.Values)
        {
            if (s.Position != 0 && s.LastPrice > 0)
            {
                sum += ((Int128)s.Position * s.LastPrice / FixedPoint.Scale) - s.Cost;
            }
        }

        return sum;
    }

    private void ApplyOrderUpdate(in InputEvent u, long time, Dictionary<long, OrderInfo> orders, SymbolState s, ref Int128 realized, ref Int128 fees)
    {
        var code = (OrderUpdateCode)u.Code;
        if (!orders.TryGetValue(u.ClientOrderId.Sequence, out var order))
        {
            return; // not one of the orders this journal sent
        }

        var isStop = order.Request.Purpose is OrderPurpose.ProtectiveStop or OrderPurpose.BreakEvenStop;
        switch (code)
        {
            case OrderUpdateCode.Accepted:
                if (isStop && !order.Live)
                {
                    order.Live = true;
                    s.LiveStops++;
                    s.UnprotectedSinceNs = -1;
                    s.UnprotectedCounted = false;
                }

                return;
            case OrderUpdateCode.Rejected:
                Bump(RejectionsByReason, "venue_" + EnumNames<OrderRejectReason>.Of((OrderRejectReason)u.Aux3));
                EndStop(order, s, time);
                return;
            case OrderUpdateCode.Canceled:
            case OrderUpdateCode.Expired:
            case OrderUpdateCode.ResolvedNotFound:
                EndStop(order, s, time);
                return;
            case OrderUpdateCode.PartiallyFilled:
            case OrderUpdateCode.Filled:
                break;
            default:
                return;
        }

        // Deduplicate: by trade id when the venue gives one, else by the cumulative filled quantity.
        long qty;
        if (u.Aux2 != 0)
        {
            if (!order.TradeIds.Add(u.Aux2))
            {
                DuplicateFills++;
                return;
            }

            qty = u.Quantity.Raw;
            order.Filled += qty;
        }
        else
        {
            var cumulative = u.Aux0 != 0 ? u.Aux0 : order.Filled + u.Quantity.Raw;
            qty = cumulative - order.Filled;
            if (qty <= 0)
            {
                DuplicateFills++;
                return;
            }

            order.Filled = cumulative;
        }

        Fills++;
        if (code == OrderUpdateCode.Filled)
        {
            EndStop(order, s, time);
        }

        var side = (Side)(u.Flags & 0xFF);
        var signed = side == Side.Buy ? qty : -qty;
        var price = u.Price.Raw;
        fees += u.Aux1;
        s.TradeFees += u.Aux1;
        if (order.Request.Purpose != OrderPurpose.Entry && !order.CountedExit)
        {
            order.CountedExit = true;
            Bump(ExitsByReason, Name(order.Request.Purpose));
        }

        var remaining = signed;
        if (s.Position != 0 && Math.Sign(s.Position) != Math.Sign(signed))
        {
            // Reduce (and maybe flip): realize against the average entry.
            var closing = Math.Min(Math.Abs(signed), Math.Abs(s.Position));
            var closeSigned = s.Position > 0 ? closing : -closing;
            var costPart = s.Cost * closing / Math.Abs(s.Position);
            var pnl = ((Int128)closeSigned * price / FixedPoint.Scale) - costPart;
            realized += pnl;
            s.TradePnl += pnl;
            s.Cost -= costPart;
            s.Position -= closeSigned;
            remaining = signed + closeSigned;
            if (s.Position == 0)
            {
                CloseTrade(s, time, order.Request.Purpose);
            }
        }

        if (remaining != 0)
        {
            if (s.Position == 0)
            {
                s.OpenedNs = time;
                s.EntrySide = remaining > 0 ? Side.Buy : Side.Sell;
                s.MaxAbs = 0;
                s.TradePnl = 0;
                s.TradeFees = u.Aux1;
                s.TradeFunding = 0;
                s.UnprotectedSinceNs = s.LiveStops > 0 ? -1 : time;
                s.UnprotectedCounted = false;
            }

            s.Position += remaining;
            s.Cost += (Int128)remaining * price / FixedPoint.Scale;
        }

        s.MaxAbs = Math.Max(s.MaxAbs, Math.Abs(s.Position));
        s.EntryAvg = s.Position == 0 ? 0 : (long)(s.Cost * FixedPoint.Scale / s.Position);
    }

    private void CloseTrade(SymbolState s, long time, OrderPurpose purpose)
    {
        var entry = s.MaxAbs == 0 ? 0 : s.EntryAvg;
        Trades.Add(new BacktestTrade(
            s.Name, s.EntrySide, s.OpenedNs, time, (decimal)entry / FixedPoint.Scale, (decimal)s.MaxAbs / FixedPoint.Scale,
            Money(s.TradePnl), Money(s.TradeFees), Money(s.TradeFunding), Money(s.TradePnl - s.TradeFees + s.TradeFunding), Name(purpose)));
        s.Cost = 0;
        s.UnprotectedSinceNs = -1;
        s.UnprotectedCounted = false;
    }

    private static void EndStop(OrderInfo order, SymbolState s, long time)
    {
        if (!order.Live)
        {
            return;
        }

        order.Live = false;
        s.LiveStops--;
        if (s.LiveStops == 0 && s.Position != 0)
        {
            s.UnprotectedSinceNs = time;
            s.UnprotectedCounted = false;
        }
    }

    private void AuditProtection(long time, Dictionary<ushort, SymbolState> symbols, AuditLimits limits)
    {
        foreach (var s in symbols.Values)
        {
            if (s.Position != 0 && s.UnprotectedSinceNs >= 0 && !s.UnprotectedCounted && time - s.UnprotectedSinceNs > limits.ProtectiveStopGraceNs)
            {
                s.UnprotectedCounted = true;
                UnprotectedPositions++;
                if (UnprotectedDetails.Count < 20)
                {
                    UnprotectedDetails.Add($"{s.Name}: position {(decimal)s.Position / FixedPoint.Scale} without an accepted protective stop since {s.UnprotectedSinceNs} ns (event time), past the grace at {time} ns");
                }
            }
        }
    }

    // Recomputes, for an approved entry, the limits the gate must have held: the order's notional and leverage, the
    // symbol's position plus the order, every position plus the order, and the open positions.
    private void AuditEntry(in OrderRequest r, Dictionary<ushort, SymbolState> symbols, AuditLimits limits)
    {
        var price = r.ReferencePrice.Raw;
        var orderNotional = (Int128)r.Quantity.Raw * price / FixedPoint.Scale;
        symbols.TryGetValue(r.SymbolId, out var own);
        var position = own?.Position ?? 0;
        var after = position + (r.Side == Side.Buy ? r.Quantity.Raw : -r.Quantity.Raw);
        Int128 total = (Int128)Math.Abs(after) * price / FixedPoint.Scale;
        var open = after != 0 ? 1 : 0;
        foreach (var (id, s) in symbols)
        {
            if (id != r.SymbolId && s.Position != 0)
            {
                total += (Int128)Math.Abs(s.Position) * s.LastPrice / FixedPoint.Scale;
                open++;
            }
        }

        if (limits.MaxOrderNotionalRaw > 0 && orderNotional > limits.MaxOrderNotionalRaw)
        {
            Violation($"order {r.ClientOrderId.Sequence}: notional {Money(orderNotional)} > max order notional {Money(limits.MaxOrderNotionalRaw)}");
        }

        if (limits.MaxPositionNotionalRaw > 0 && (Int128)Math.Abs(after) * price / FixedPoint.Scale > limits.MaxPositionNotionalRaw && Math.Abs(after) > Math.Abs(position))
        {
            Violation($"order {r.ClientOrderId.Sequence}: position notional after it {Money((Int128)Math.Abs(after) * price / FixedPoint.Scale)} > max position notional {Money(limits.MaxPositionNotionalRaw)}");
        }

        if (limits.MaxTotalNotionalRaw > 0 && total > limits.MaxTotalNotionalRaw)
        {
            Violation($"order {r.ClientOrderId.Sequence}: total notional after it {Money(total)} > max total notional {Money(limits.MaxTotalNotionalRaw)}");
        }

        if (limits.MaxOpenPositions > 0 && open > limits.MaxOpenPositions)
        {
            Violation($"order {r.ClientOrderId.Sequence}: {open} open positions after it > max open positions {limits.MaxOpenPositions}");
        }
    }

    private void Violation(string what)
    {
        LimitViolations++;
        if (LimitViolationDetails.Count < 20)
        {
            LimitViolationDetails.Add(what);
        }
    }
}
