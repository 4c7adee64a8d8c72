using QuantumTrader.Model;
using QuantumTrader.Model.Orders;

namespace QuantumTrader.Stages.Account;

/// <summary>
/// The account as the ledger derives it from journaled inputs (order updates, account updates such as funding,
/// mark prices), read by the stages of the ledger's own stage group (signal, sizing, the exit owner, the gate) on
/// that group's thread. One owner: the ledger computes every figure here; nothing else keeps a copy.
/// </summary>
/// <remarks>Quantities and prices are raw fixed point (<see cref="FixedPoint.Scale"/>); money is in the quote
/// currency (USDT), raw fixed point, signed where it can be negative.</remarks>
public interface IAccountView
{
    /// <summary>Instruments, ids 0..SymbolCount−1.</summary>
    int SymbolCount { get; }

    /// <summary>Signed position of <paramref name="symbolId"/> (raw base quantity; 0 flat).</summary>
    long Position(ushort symbolId);

    /// <summary>Average entry price of the open position (raw; 0 when flat).</summary>
    long AverageEntry(ushort symbolId);

    /// <summary>Event time of the fill that opened the current position (0 when flat).</summary>
    long PositionOpenedNs(ushort symbolId);

    /// <summary>The stop-loss price the entry that opened the position was sized with (raw; 0 when flat or unknown):
    /// 1R is the distance from <see cref="AverageEntry"/> to this.</summary>
    long InitialStopPrice(ushort symbolId);

    /// <summary>The take-profit price the entry was sized with (raw; 0 when flat or unknown).</summary>
    long TakeProfitPrice(ushort symbolId);

    /// <summary>The mark price the ledger values <paramref name="symbolId"/> at (the last mark price event, else the
    /// last reference price; raw, 0 when none yet).</summary>
    long MarkPrice(ushort symbolId);

    /// <summary>Unrealized PnL of the open position at <see cref="MarkPrice"/> (raw quote, signed).</summary>
    long UnrealizedPnl(ushort symbolId);

    /// <summary>Signed quantity of open (approved, not finished) orders of <paramref name="symbolId"/> that may add to
    /// the position (entries; not reduce-only or close-position orders), raw.</summary>
    long OpenEntryExposure(ushort symbolId);

    /// <summary>Orders approved and not yet in a final state, all symbols.</summary>
    int OpenOrders { get; }

    /// <summary>Orders whose outcome is unknown (timeout, 503), all symbols: trading may not open risk while &gt; 0.</summary>
    int UnresolvedOrders { get; }

    /// <summary>Symbols with a non-zero position.</summary>
    int OpenPositions { get; }

    /// <summary>Wallet balance: starting equity + realized PnL − fees + funding (raw quote, signed).</summary>
    long Wallet { get; }

    /// <summary>Equity: <see cref="Wallet"/> + unrealized PnL of every position (raw quote, signed).</summary>
    long Equity { get; }

    /// <summary>Highest equity seen so far (the drawdown breaker's reference).</summary>
    long PeakEquity { get; }

    /// <summary>Equity at the start of the current UTC day (event time; the daily loss limit's reference).</summary>
    long DayStartEquity { get; }

    /// <summary>Realized PnL so far (before fees and funding, raw quote, signed).</summary>
    long RealizedPnl { get; }

    /// <summary>Fees paid so far (raw quote, positive is paid).</summary>
    long Fees { get; }

    /// <summary>Funding so far (raw quote, signed: positive was received).</summary>
    long Funding { get; }

    /// <summary>Initial margin in use: Σ |position| × mark ÷ leverage the entry was sized at (raw quote).</summary>
    long MarginUsed { get; }

    /// <summary>Finds our live (not final) order of <paramref name="symbolId"/> with <paramref name="purpose"/>, the most
    /// recent one when there are several; false when none.</summary>
    bool TryFindOrder(ushort symbolId, OrderPurpose purpose, out OrderView order);

    /// <summary>The state of our order with <paramref name="decisionId"/>; false when the ledger does not know it.</summary>
    bool TryGetOrder(long decisionId, out OrderView order);
}

/// <summary>One of our orders as the ledger's order state machine sees it.</summary>
/// <param name="DecisionId">The decision id (client order id's numeric part).</param>
/// <param name="SymbolId">Instrument id.</param>
/// <param name="Side">Side.</param>
/// <param name="Purpose">Entry or which exit.</param>
/// <param name="State">State machine state.</param>
/// <param name="Quantity">Ordered quantity, raw (0 for close-position orders).</param>
/// <param name="Filled">Cumulative filled quantity, raw.</param>
/// <param name="StopPrice">Trigger price of a conditional order, raw (0 otherwise).</param>
/// <param name="ApprovedNs">Event time of the slot the gate approved it on.</param>
public readonly record struct OrderView(
    long DecisionId,
    ushort SymbolId,
    Side Side,
    OrderPurpose Purpose,
    OrderState State,
    long Quantity,
    long Filled,
    long StopPrice,
    long ApprovedNs);

/// <summary>The order state machine's states (Binance's order statuses plus pending-new and unknown). Stable
/// numeric values.</summary>
public enum OrderState : byte
{
    /// <summary>Approved and sent, no answer yet.</summary>
    PendingNew = 1,

    /// <summary>Accepted by the venue, resting (conditional orders: waiting for their trigger).</summary>
    New = 2,

    /// <summary>Partly filled, the rest still working.</summary>
    PartiallyFilled = 3,

    /// <summary>Completely filled (final).</summary>
    Filled = 4,

    /// <summary>Cancelled (final).</summary>
    Canceled = 5,

    /// <summary>Rejected by the venue or refused before it (final).</summary>
    Rejected = 6,

    /// <summary>Expired (final).</summary>
    Expired = 7,

    /// <summary>Outcome unknown (timeout, 503): holds exposure and blocks new risk until resolved.</summary>
    Unknown = 8,
}

/// <summary>
/// The ledger as the gate writes to it: the gate registers each order it approves (pending-new), on its stage
/// thread, so that the order state machine knows every order before the venue answers.
/// </summary>
public interface IOrderLedger : IAccountView
{
    /// <summary>Registers the order of <paramref name="slot"/> (its order section: purpose, symbol, side, type,
    /// quantity, stop price, reduce-only, close-position; for an entry also StopLossPrice, TakeProfitPrice,
    /// OrderLeverage) as approved with <paramref name="decisionId"/> at the slot's event time.</summary>
    void Register(long decisionId, in InputEvent slot);
}
