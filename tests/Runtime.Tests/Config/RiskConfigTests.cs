using QuantumTrader.Runtime.Composition;
using QuantumTrader.Runtime.Configuration;
using Xunit;

namespace QuantumTrader.Runtime.Tests.Config;

public sealed class RiskConfigTests
{
    private static readonly ConfigLoadOptions FourCores = new() { ProcessorCount = 4 };

    public static TheoryData<string, string, string, string> BadRisk => new()
    {
        { "margin fraction above one", "margin_fraction = 2.0", "risk.margin_fraction", "fraction in (0, 1]" },
        { "max leverage zero", "max_leverage = 0.0", "risk.max_leverage", "1..125" },
        { "min stop above max", "min_stop_distance = 0.05", "risk.min_stop_distance", "above max_stop_distance" },
        { "win rate one", "prior_win_rate = 1.0", "risk.prior_win_rate", "strictly between 0 and 1" },
        { "equity negative", "starting_equity = -1.0", "risk.starting_equity", "out of range" },
        { "equity NaN", "starting_equity = nan", "risk.starting_equity", "NaN" },
        { "unknown key", "margin_fractoin = 0.02", "risk.margin_fractoin", "did you mean `margin_fraction`" },
    };

    [Theory]
    [MemberData(nameof(BadRisk))]
    public void LoadText_BadRiskValue_ReportsKeyAndLine(string name, string line, string key, string fragment) =>
        ConfigFixtures.AssertSingleSectionError("risk", line, key, fragment, name);

    [Fact]
    public void LoadText_InstrumentBracketOutOfRange_ReportsKeyAndLine()
    {
        var result = ConfigLoader.LoadText(ConfigFixtures.WithLine(26, "min_notional = \"100\"\nmax_leverage = 0"), "test.toml", FourCores);
        var error = Assert.Single(result.Errors);
        Assert.Equal("market.instruments[0].max_leverage", error.Key);
        Assert.Equal(27, error.Line);
    }

    [Fact]
    public void Sizing_RiskAndBrackets_MappedOntoSizingOptions()
    {
        var text = ConfigFixtures.WithLine(26, "min_notional = \"100\"\nmax_leverage = 8") + "[risk]\nstarting_equity = 5000.0\nmargin_fraction = 0.05\ntake_profit_r = 2.0\n";
        var config = ConfigLoader.LoadText(text, "test.toml", FourCores).GetConfigOrThrow();
        var options = StageOptions.Sizing(config);
        Assert.Equal(5000.0, options.StartingEquity);
        Assert.Equal(0.05, options.MarginFraction);
        Assert.Equal(2.0, options.TakeProfitR);
        Assert.Equal(8.0, options.BracketOf(0));
        Assert.Equal(0.025, options.MinStopDistance); // absent: the default
    }
}
