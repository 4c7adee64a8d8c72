using QuantumTrader.Model.State;
using QuantumTrader.Runtime.Configuration;
using Xunit;

namespace QuantumTrader.Runtime.Tests.Config;

public sealed class GateConfigTests
{
    private static readonly ConfigLoadOptions FourCores = new() { ProcessorCount = 4 };

    public static TheoryData<string, string, string, string> BadGate => new()
    {
        { "order notional zero", "max_order_notional = 0.0", "gate.max_order_notional", "out of range" },
        { "exposure share zero", "max_exposure_share = 0.0", "gate.max_exposure_share", "share of equity" },
        { "open positions zero", "max_open_positions = 0", "gate.max_open_positions", "1..10000" },
        { "global rate below per symbol", "max_orders = 2", "gate.max_orders", "below max_orders_per_symbol" },
        { "rate window a number", "order_rate_window = 60", "gate.order_rate_window", "duration string" },
        { "rate window no unit", "order_rate_window = \"60\"", "gate.order_rate_window", "" },
        { "daily loss above one", "daily_loss_limit = 1.5", "gate.daily_loss_limit", "fraction in (0, 1]" },
        { "daily loss mode", "daily_loss_mode = \"paused\"", "gate.daily_loss_mode", "reducing | halted" },
        { "drawdown mode", "drawdown_mode = \"active\"", "gate.drawdown_mode", "reducing | halted" },
        { "collar zero", "max_mark_deviation_bps = 0", "gate.max_mark_deviation_bps", "1..10000" },
        { "percent price too wide", "percent_price_bps = 20000", "gate.percent_price_bps", "1..10000" },
        { "maintenance rate one half", "maintenance_margin_rate = 0.5", "gate.maintenance_margin_rate", "< 0.5" },
        { "liquidation multiple zero", "liquidation_stop_multiple = 0.0", "gate.liquidation_stop_multiple", "out of range" },
        { "heat NaN", "max_portfolio_heat = nan", "gate.max_portfolio_heat", "NaN" },
        { "cluster heat zero", "max_cluster_heat = 0.0", "gate.max_cluster_heat", "fraction in (0, 1]" },
        { "rejects zero", "max_consecutive_rejects = 0", "gate.max_consecutive_rejects", "out of range" },
        { "unknown key", "max_open_position = 3", "gate.max_open_position", "did you mean `max_open_positions`" },
    };

    [Theory]
    [MemberData(nameof(BadGate))]
    public void LoadText_BadGateValue_ReportsKeyAndLine(string name, string line, string key, string fragment)
    {
        var text = ConfigFixtures.Valid + "[gate]\n" + line + "\n";
        var result = ConfigLoader.LoadText(text, "test.toml", FourCores);
        var error = Assert.Single(result.Errors);
        Assert.Equal(key, error.Key);
        Assert.Equal(ConfigFixtures.ValidLines.Length + 2, error.Line);
        Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"{name}: {error.Message}");
    }

    [Fact]
    public void LoadText_ClusterWithAnUnknownSymbol_ReportsTheSymbolsKeyAndLine()
    {
        var text = ConfigFixtures.Valid + "[[gate.clusters]]\nname = \"majors\"\nsymbols = [\"BTCUSDT\", \"DOGEUSDT\"]\n";
        var result = ConfigLoader.LoadText(text, "test.toml", FourCores);
        var error = Assert.Single(result.Errors);
        Assert.Equal("gate.clusters[0].symbols[1]", error.Key);
        Assert.Equal(ConfigFixtures.ValidLines.Length + 3, error.Line);
        Assert.Contains("not one of [[market.instruments]]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadText_SymbolInTwoClusters_Refused()
    {
        var text = ConfigFixtures.Valid + "[[gate.clusters]]\nname = \"a\"\nsymbols = [\"BTCUSDT\"]\n[[gate.clusters]]\nname = \"b\"\nsymbols = [\"BTCUSDT\"]\n";
        var error = Assert.Single(ConfigLoader.LoadText(text, "test.toml", FourCores).Errors);
        Assert.Equal("gate.clusters[1].symbols[0]", error.Key);
        Assert.Contains("already in gate.clusters[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToOptions_GateRiskStrategyAndClusters_MappedOntoGateOptions()
    {
        var text = ConfigFixtures.Valid
            + "[gate]\nmax_open_positions = 2\ndaily_loss_mode = \"halted\"\norder_rate_window = \"30s\"\n"
            + "[[gate.clusters]]\nname = \"majors\"\nsymbols = [\"BTCUSDT\"]\n";
        var config = ConfigLoader.LoadText(text, "test.toml", FourCores).GetConfigOrThrow();
        var options = GateSection.ToOptions(config);
        Assert.Equal(2, options.MaxOpenPositions);
        Assert.Equal(TradingMode.Halted, options.DailyLossMode);
        Assert.Equal(TradingMode.Reducing, options.DrawdownMode); // absent: the default
        Assert.Equal(30_000_000_000, options.OrderRateWindowNs);
        Assert.Equal(config.Strategy.MaxPositionNotional, options.MaxPositionNotional);
        Assert.Equal(config.Risk.MaxLeverage, options.MaxLeverage);
        Assert.Equal(0, options.Clusters[0]);
        Assert.Equal(0.8, options.MaxExposureShare);
    }

    [Fact]
    public void ShippedConfig_GateSection_LoadsWithItsDocumentedDefaults()
    {
        var config = ConfigLoader.Load(Path.Combine(QuantumTrader.Testing.TestPaths.RepoRoot, "config.toml"), FourCores).GetConfigOrThrow();
        var defaults = new GateSection();
        Assert.Equal(defaults.MaxOrderNotional, config.Gate.MaxOrderNotional);
        Assert.Equal(defaults.MaxPortfolioHeat, config.Gate.MaxPortfolioHeat);
        Assert.Equal(defaults.DrawdownMode, config.Gate.DrawdownMode);
        Assert.Equal(defaults.MaxConsecutiveRejects, config.Gate.MaxConsecutiveRejects);
        Assert.Empty(config.Gate.Clusters);
    }
}
