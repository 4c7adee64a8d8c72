using QuantumTrader.Runtime.Configuration;
using Xunit;

namespace QuantumTrader.Runtime.Tests.Config;

public sealed class ExitsConfigTests
{
    private static readonly ConfigLoadOptions FourCores = new() { ProcessorCount = 4 };

    public static TheoryData<string, string, string, string> BadExits => new()
    {
        { "grace zero", "protective_stop_grace_ms = 0", "exits.protective_stop_grace_ms", "out of range" },
        { "retry interval zero", "retry_interval_ms = 0", "exits.retry_interval_ms", "out of range" },
        { "retries negative", "max_retries = -1", "exits.max_retries", "out of range" },
        { "emergency zero", "emergency_r = 0.0", "exits.emergency_r", "out of range" },
        { "emergency NaN", "emergency_r = nan", "exits.emergency_r", "NaN" },
        { "time stop negative", "time_stop_minutes = -5", "exits.time_stop_minutes", "out of range" },
        { "ladder not increasing", "harvest_ladder_r = [0.5, 0.5]", "exits.harvest_ladder_r[1]", "must increase" },
        { "ladder rung negative", "harvest_ladder_r = [-0.5]", "exits.harvest_ladder_r[0]", "out of range" },
        { "ladder of strings", "harvest_ladder_r = [\"0.5\"]", "exits.harvest_ladder_r[0]", "expected a number" },
        { "fraction above one", "harvest_fraction = 1.5", "exits.harvest_fraction", "fraction in (0, 1]" },
        { "buffer too wide", "break_even_buffer_bps = 5000", "exits.break_even_buffer_bps", "out of range" },
        { "callback not a multiple of 10", "trailing_callback_bps = 15", "exits.trailing_callback_bps", "steps of 10" },
        { "callback too small", "trailing_callback_bps = 5", "exits.trailing_callback_bps", "steps of 10" },
        { "boolean as a string", "take_profit = \"yes\"", "exits.take_profit", "expected a boolean" },
        { "unknown key", "emergancy_r = 1.5", "exits.emergancy_r", "did you mean `emergency_r`" },
    };

    [Theory]
    [MemberData(nameof(BadExits))]
    public void LoadText_BadExitsValue_ReportsKeyAndLine(string name, string line, string key, string fragment) =>
        ConfigFixtures.AssertSingleSectionError("exits", line, key, fragment, name);

    [Fact]
    public void Absent_section_gives_the_documented_defaults()
    {
        var config = ConfigLoader.LoadText(ConfigFixtures.Valid, "test.toml", FourCores).GetConfigOrThrow();
        var o = config.Exits.ToOptions();
        Assert.Equal(3_000, o.ProtectiveStopGraceMs);
        Assert.Equal(500, o.RetryIntervalMs);
        Assert.Equal(3, o.MaxRetries);
        Assert.Equal(1.5, o.EmergencyR);
        Assert.Equal(240, o.TimeStopMinutes);
        Assert.Equal([0.5, 1.0, 1.5], o.HarvestLadderR);
        Assert.Equal(0.25, o.HarvestFraction);
        Assert.True(o.BreakEven);
        Assert.Equal(10, o.BreakEvenBufferBps);
        Assert.True(o.TakeProfit);
        Assert.Equal(0, o.TrailingCallbackBps);
    }

    [Fact]
    public void Every_key_maps_onto_the_exit_options()
    {
        var text = ConfigFixtures.Valid + """
            [exits]
            protective_stop_grace_ms = 1500
            retry_interval_ms = 250
            max_retries = 5
            emergency_r = 2
            time_stop_minutes = 0
            harvest_ladder_r = [1, 2.5]
            harvest_fraction = 0.5
            break_even = false
            break_even_buffer_bps = 0
            take_profit = false
            trailing_callback_bps = 50

            """;
        var o = ConfigLoader.LoadText(text, "test.toml", FourCores).GetConfigOrThrow().Exits.ToOptions();
        Assert.Equal(1_500, o.ProtectiveStopGraceMs);
        Assert.Equal(250, o.RetryIntervalMs);
        Assert.Equal(5, o.MaxRetries);
        Assert.Equal(2.0, o.EmergencyR);
        Assert.Equal(0, o.TimeStopMinutes);
        Assert.Equal([1.0, 2.5], o.HarvestLadderR);
        Assert.Equal(0.5, o.HarvestFraction);
        Assert.False(o.BreakEven);
        Assert.Equal(0, o.BreakEvenBufferBps);
        Assert.False(o.TakeProfit);
        Assert.Equal(50, o.TrailingCallbackBps);
    }

    [Fact]
    public void An_empty_ladder_turns_the_harvest_off()
    {
        var text = ConfigFixtures.Valid + "[exits]\nharvest_ladder_r = []\n";
        var config = ConfigLoader.LoadText(text, "test.toml", FourCores).GetConfigOrThrow();
        Assert.Empty(config.Exits.ToOptions().HarvestLadderR);
    }
}
