namespace QuantumTrader.Stages.Risk;

/// <summary>Why the gate blocked an order. Stable numeric values: journaled (the gate verdict record). The checks
/// run in a fixed order (docs/RISK.md "The gate"); an order carries the reason of the first check it fails.</summary>
public enum GateReason : byte
{
    /// <summary>Approved, or nothing to gate.</summary>
    None = 0,

    /// <summary>Trading is HALTED (globally or for the symbol; the kill switch, a stage fault, repeated rejects, an
    /// operator): no orders at all, exits included.</summary>
    Halted = 1,

    /// <summary>Trading is REDUCING (globally or for the symbol) and the order is an entry.</summary>
    ReducingOnly = 2,

    /// <summary>The symbol's position plus open entries plus this order would be past strategy.max_position_notional.</summary>
    PositionLimit = 3,

    /// <summary>No valid reference price to value the order with.</summary>
    NoPrice = 4,

    /// <summary>The symbol's market data is unusable (book resyncing or gapped, stream stale or disconnected):
    /// only risk-reducing orders until it recovers.</summary>
    FeedUnhealthy = 5,

    /// <summary>The order section is incomplete or inconsistent: unknown symbol, no side, no quantity, an entry without
    /// stop-loss or leverage (or with its stop on the wrong side), an entry marked reduce-only.</summary>
    IncompleteOrder = 6,

    /// <summary>No mark price for the symbol (or for a symbol holding a position) to value exposure with.</summary>
    NoMarkPrice = 7,

    /// <summary>No equity (zero or negative, or no peak or day-start equity yet).</summary>
    NoEquity = 8,

    /// <summary>Equity is down from the day's start by gate.daily_loss_limit or more.</summary>
    DailyLossLimit = 9,

    /// <summary>Equity is down from its peak by gate.max_drawdown or more.</summary>
    Drawdown = 10,

    /// <summary>The symbol already has a position or an open entry order: one position per symbol.</summary>
    PositionExists = 11,

    /// <summary>gate.max_open_positions symbols already hold a position or an open entry.</summary>
    MaxOpenPositions = 12,

    /// <summary>The order's notional is above gate.max_order_notional.</summary>
    MaxOrderNotional = 13,

    /// <summary>All positions plus open entries plus this order would be above gate.max_total_notional.</summary>
    MaxTotalNotional = 14,

    /// <summary>All positions plus open entries plus this order would be above gate.max_exposure_share of equity.</summary>
    Exposure = 15,

    /// <summary>The order's leverage is above risk.max_leverage or the symbol's leverage bracket.</summary>
    MaxLeverage = 16,

    /// <summary>gate.max_orders_per_symbol orders of this symbol were approved within gate.order_rate_window.</summary>
    SymbolOrderRate = 17,

    /// <summary>gate.max_orders approved within gate.order_rate_window, all symbols.</summary>
    GlobalOrderRate = 18,

    /// <summary>The order's reference price is more than gate.max_mark_deviation_bps away from the mark price.</summary>
    PriceCollar = 19,

    /// <summary>The order's limit price is outside the percent-price band around the mark price (gate.percent_price_bps).</summary>
    PercentPrice = 20,

    /// <summary>An exit that could open or flip a position: not reduce-only, no position, the wrong side, or its
    /// quantity plus the other open reduce-only orders' remaining above the position.</summary>
    ReduceOnly = 21,

    /// <summary>The projected liquidation price is not farther than gate.liquidation_stop_multiple × the stop distance.</summary>
    LiquidationDistance = 22,

    /// <summary>The open risk to stop of every position plus this order would be above gate.max_portfolio_heat of equity.</summary>
    PortfolioHeat = 23,

    /// <summary>The symbol's correlation cluster already holds gate.max_cluster_positions positions or open entries.</summary>
    ClusterPositions = 24,

    /// <summary>The open risk to stop of the symbol's cluster plus this order would be above gate.max_cluster_heat of equity.</summary>
    ClusterHeat = 25,
}
