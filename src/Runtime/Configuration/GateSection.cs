using QuantumTrader.Model.State;
using QuantumTrader.Stages.Risk;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>[gate] section: the gate's limits, breakers and clusters (maps onto Stages.Risk.GateOptions with
/// strategy.max_position_notional, risk.max_leverage and each instrument's max_leverage; docs/RISK.md "The gate").</summary>
public sealed class GateSection
{
    /// <summary>The values of <see cref="DailyLossMode"/> and <see cref="DrawdownMode"/>.</summary>
    public static readonly IReadOnlyList<string> BreakerModes = ["reducing", "halted"];

    /// <summary>gate.max_order_notional: largest notional of one order at its reference price (quote).</summary>
    public double MaxOrderNotional { get; set; } = 5_000;

    /// <summary>gate.max_total_notional: largest notional of every position and open entry (at mark) plus the order (quote).</summary>
    public double MaxTotalNotional { get; set; } = 10_000;

    /// <summary>gate.max_exposure_share: largest total notional as a share of equity (0.8 = 80%).</summary>
    public double MaxExposureShare { get; set; } = 0.8;

    /// <summary>gate.max_open_positions: symbols that may hold a position or an open entry at once.</summary>
    public int MaxOpenPositions { get; set; } = 3;

    /// <summary>gate.max_orders_per_symbol: orders of one symbol approved within order_rate_window before entries are blocked.</summary>
    public int MaxOrdersPerSymbol { get; set; } = 5;

    /// <summary>gate.max_orders: orders of all symbols approved within order_rate_window before entries are blocked.</summary>
    public int MaxOrders { get; set; } = 20;

    /// <summary>gate.order_rate_window: the sliding window of both order rates, event time (duration).</summary>
    public string OrderRateWindow { get; set; } = "60s";

    /// <summary>gate.daily_loss_limit: largest loss from the UTC day's start equity, fraction of it.</summary>
    public double DailyLossLimit { get; set; } = 0.05;

    /// <summary>gate.daily_loss_mode: "reducing" or "halted": where the daily loss limit moves the global mode.</summary>
    public string DailyLossMode { get; set; } = "reducing";

    /// <summary>gate.max_drawdown: largest drawdown from peak equity, fraction of it.</summary>
    public double MaxDrawdown { get; set; } = 0.15;

    /// <summary>gate.drawdown_mode: "reducing" or "halted": where the drawdown breaker moves the global mode.</summary>
    public string DrawdownMode { get; set; } = "reducing";

    /// <summary>gate.max_mark_deviation_bps: largest distance of an entry's reference price from the mark price (bps).</summary>
    public int MaxMarkDeviationBps { get; set; } = 100;

    /// <summary>gate.percent_price_bps: the PERCENT_PRICE band a limit price must be in around the mark price (bps).</summary>
    public int PercentPriceBps { get; set; } = 500;

    /// <summary>gate.maintenance_margin_rate: maintenance margin rate of the liquidation estimate.</summary>
    public double MaintenanceMarginRate { get; set; } = 0.004;

    /// <summary>gate.liquidation_stop_multiple: the liquidation distance must be at least this many stop distances.</summary>
    public double LiquidationStopMultiple { get; set; } = 1.5;

    /// <summary>gate.max_portfolio_heat: largest open risk to stop of the book plus the order, fraction of equity.</summary>
    public double MaxPortfolioHeat { get; set; } = 0.06;

    /// <summary>gate.max_cluster_positions: symbols of one cluster that may hold a position or an open entry at once.</summary>
    public int MaxClusterPositions { get; set; } = 2;

    /// <summary>gate.max_cluster_heat: largest open risk to stop of one cluster plus the order, fraction of equity.</summary>
    public double MaxClusterHeat { get; set; } = 0.04;

    /// <summary>gate.max_consecutive_rejects: venue rejects of one symbol in a row that halt the symbol.</summary>
    public int MaxConsecutiveRejects { get; set; } = 3;

    /// <summary>[[gate.clusters]]: correlation clusters (a symbol in at most one; unlisted symbols in none).</summary>
    public List<GateClusterSection> Clusters { get; set; } = new();

    /// <summary><see cref="OrderRateWindow"/> in nanoseconds.</summary>
    public long OrderRateWindowNs() => ConfigDuration.ToNanoseconds(OrderRateWindow, "gate.order_rate_window");

    /// <summary>The gate's options from a validated <paramref name="config"/> ([gate], strategy.max_position_notional,
    /// risk.max_leverage, each instrument's max_leverage; clusters by symbol id, in [[market.instruments]] order).</summary>
    public static GateOptions ToOptions(QuantumTraderConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var g = config.Gate;
        var instruments = config.Market.Instruments;
        var brackets = new double[instruments.Count];
        var clusters = new int[instruments.Count];
        for (var i = 0; i < instruments.Count; i++)
        {
            brackets[i] = instruments[i].MaxLeverage; // file order = symbol id (ConfigInstruments)
            clusters[i] = -1;
            for (var c = 0; c < g.Clusters.Count; c++)
            {
                if (g.Clusters[c].Symbols.Contains(instruments[i].Symbol))
                {
                    clusters[i] = c;
                }
            }
        }

        var options = new GateOptions
        {
            Symbols = Math.Max(1, instruments.Count),
            MaxPositionNotional = config.Strategy.MaxPositionNotional,
            MaxOrderNotional = g.MaxOrderNotional,
            MaxTotalNotional = g.MaxTotalNotional,
            MaxExposureShare = g.MaxExposureShare,
            MaxOpenPositions = g.MaxOpenPositions,
            MaxLeverage = config.Risk.MaxLeverage,
            LeverageBrackets = brackets,
            MaxOrdersPerSymbol = g.MaxOrdersPerSymbol,
            MaxOrders = g.MaxOrders,
            OrderRateWindowNs = g.OrderRateWindowNs(),
            DailyLossLimit = g.DailyLossLimit,
            DailyLossMode = Mode(g.DailyLossMode),
            MaxDrawdown = g.MaxDrawdown,
            DrawdownMode = Mode(g.DrawdownMode),
            MaxMarkDeviationBps = g.MaxMarkDeviationBps,
            PercentPriceBps = g.PercentPriceBps,
            MaintenanceMarginRate = g.MaintenanceMarginRate,
            LiquidationStopMultiple = g.LiquidationStopMultiple,
            MaxPortfolioHeat = g.MaxPortfolioHeat,
            Clusters = clusters,
            MaxClusterPositions = g.MaxClusterPositions,
            MaxClusterHeat = g.MaxClusterHeat,
            MaxConsecutiveRejects = g.MaxConsecutiveRejects,
        };
        options.Validate();
        return options;
    }

    private static TradingMode Mode(string mode) => mode == "halted" ? TradingMode.Halted : TradingMode.Reducing;
}

/// <summary>One [[gate.clusters]] entry: symbols whose positions the gate limits together.</summary>
public sealed class GateClusterSection
{
    /// <summary>name: the cluster's name (for people; unique).</summary>
    public string Name { get; set; } = "";

    /// <summary>symbols: its symbols, each one of [[market.instruments]] and in no other cluster.</summary>
    public List<string> Symbols { get; set; } = new();
}
