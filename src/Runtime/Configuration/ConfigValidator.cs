using System.Globalization;
using QuantumTrader.Gateway.Binance.MarketData;
using QuantumTrader.Model.Text;
using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>
/// The rules Tomlyn's binding cannot know: ranges and formats of single keys (durations, exact decimals,
/// choices, URLs, variable names) and what spans several keys (pipeline coverage and order of the stage
/// groups, cores, duplicate symbols and models, limits against each other). Only keys present in the file
/// are checked (the defaults are valid); a value that fails is reset to its default so that a rule across
/// keys does not report it a second time. Every rule here is listed in docs/CONFIG.md.
/// </summary>
internal sealed class ConfigValidator
{
    /// <summary>Linux limits thread names to 15 bytes; the group thread is named "qt-" + name.</summary>
    private const int MaxGroupNameLength = 12;

    private const int MaxSymbolLength = 32;

    /// <summary>Longest candle interval and book or funding age: one day.</summary>
    private const long MaxAgeNs = 86_400L * ConfigDuration.NanosPerSecond;

    /// <summary>Longest symbol cooldown and re-entry block: seven days.</summary>
    private const long MaxStrategyNs = 7 * MaxAgeNs;

    /// <summary>Longest simulated order latency: one minute.</summary>
    private const long MaxLatencyNs = 60L * ConfigDuration.NanosPerSecond;

    private const int MaxGapCandles = 1_000_000;
    private const int MaxSignalsPerMinute = 100_000;
    private const int MaxCorrelationCandles = 1_000_000;
    private const int MaxSlippageTicks = 10_000;
    private const double MaxFeeBps = 1000;

    /// <summary>Keys whose value is a duration string, and those whose value is an exact decimal string.</summary>
    private static readonly string[] DurationKeys =
        ["candle_interval", "max_book_age", "max_funding_age", "latency", "symbol_cooldown", "reentry_block", "stale_after", "connect_timeout", "order_rate_window"];

    private static readonly string[] DecimalKeys = ["tick_size", "step_size", "min_notional"];

    private readonly ConfigDocument _document;
    private readonly HashSet<string> _refused;
    private readonly ConfigLoadOptions _options;
    private readonly List<ConfigError> _errors;

    public ConfigValidator(ConfigDocument document, HashSet<string> refused, ConfigLoadOptions options, List<ConfigError> errors)
    {
        _document = document;
        _refused = refused;
        _options = options;
        _errors = errors;
    }

    /// <summary>The error for a number where the string key <paramref name="key"/> wants a duration or a decimal; null for other keys.</summary>
    public static string? NumberForText(string? key, string raw) =>
        Array.IndexOf(DurationKeys, key) >= 0 ? $"expected a duration string with a unit such as \"10s\" or \"500ms\", found the number `{raw}`"
        : Array.IndexOf(DecimalKeys, key) >= 0 ? $"expected a decimal string such as \"0.10\", found the number `{raw}` (quote it: TOML numbers are binary floats or integers, and sizes must be exact)"
        : null;

    public void Validate(QuantumTraderConfig config)
    {
        var d = new QuantumTraderConfig();
        Engine(config.Engine, d.Engine);
        Journal(config.Journal, d.Journal);
        Market(config.Market, d.Market);
        Ingest(config.Ingest, d.Ingest);
        Features(config.Features, d.Features);
        Inference(config.Inference, d.Inference);
        Simulator(config.Simulator, d.Simulator);
        Binance(config.Binance);
        Strategy(config.Strategy, d.Strategy, config.Inference.Models.Count);
        Risk(config.Risk, d.Risk);
        Exits(config.Exits, d.Exits);
        Gate(config.Gate, d.Gate, config.Market);
    }

    /// <summary>[exits] (docs/EXITS.md): ranges of single keys, and the ladder strictly increasing.</summary>
    private void Exits(ExitsSection x, ExitsSection d)
    {
        x.ProtectiveStopGraceMs = Int("exits.protective_stop_grace_ms", x.ProtectiveStopGraceMs, d.ProtectiveStopGraceMs, 1, 3_600_000);
        x.RetryIntervalMs = Int("exits.retry_interval_ms", x.RetryIntervalMs, d.RetryIntervalMs, 1, 3_600_000);
        x.MaxRetries = Int("exits.max_retries", x.MaxRetries, d.MaxRetries, 0, 1_000);
        x.EmergencyR = Number("exits.emergency_r", x.EmergencyR, d.EmergencyR, static v =>
            v is > 0 and <= 100 ? null : $"{Format(v)} is out of range: expected > 0 and <= 100 (a loss in R)");
        x.TimeStopMinutes = Int("exits.time_stop_minutes", x.TimeStopMinutes, d.TimeStopMinutes, 0, 525_600);
        if (!Skip("exits.harvest_ladder_r"))
        {
            var ok = x.HarvestLadderR.Count <= 16;
            if (!ok)
            {
                Error("exits.harvest_ladder_r", $"{x.HarvestLadderR.Count} rungs: at most 16");
            }

            var previous = 0.0;
            for (var i = 0; ok && i < x.HarvestLadderR.Count; i++)
            {
                var r = x.HarvestLadderR[i];
                var why = !double.IsFinite(r) ? $"{Format(r)} is not a finite number"
                    : r <= 0 || r > 100 ? $"{Format(r)} is out of range: expected > 0 and <= 100 (a profit in R)"
                    : r <= previous ? $"{Format(r)} is not above the rung before it ({Format(previous)}): the ladder must increase"
                    : null;
                if (why is not null)
                {
                    Error($"exits.harvest_ladder_r[{i}]", why);
                    ok = false;
                }

                previous = r;
            }

            if (!ok)
            {
                x.HarvestLadderR = d.HarvestLadderR;
            }
        }

        x.HarvestFraction = Number("exits.harvest_fraction", x.HarvestFraction, d.HarvestFraction, static v => Fraction(v, "0.25 = a quarter of the position"));
        x.BreakEvenBufferBps = Int("exits.break_even_buffer_bps", x.BreakEvenBufferBps, d.BreakEvenBufferBps, 0, 1_000);
        x.TrailingCallbackBps = Int("exits.trailing_callback_bps", x.TrailingCallbackBps, d.TrailingCallbackBps, 0, 1_000, static v =>
            v == 0 || (v >= 10 && v % 10 == 0) ? null : $"{v} is not a valid callback rate: 0 (off) or 10..1000 in steps of 10 (Binance's 0.1%..10%)");
    }

    // ---- [gate] (docs/RISK.md "The gate"; docs/CONFIG.md) ----

    private void Gate(GateSection g, GateSection d, MarketSection market)
    {
        g.MaxOrderNotional = Number("gate.max_order_notional", g.MaxOrderNotional, d.MaxOrderNotional, static v => Quote(v));
        g.MaxTotalNotional = Number("gate.max_total_notional", g.MaxTotalNotional, d.MaxTotalNotional, static v => Quote(v));
        g.MaxExposureShare = Number("gate.max_exposure_share", g.MaxExposureShare, d.MaxExposureShare, static v =>
            v is > 0 and <= 100 ? null : $"{Format(v)} is out of range: expected > 0 and <= 100 (a share of equity, 0.8 = 80%)");
        g.MaxOpenPositions = Int("gate.max_open_positions", g.MaxOpenPositions, d.MaxOpenPositions, 1, 10_000);
        g.MaxOrdersPerSymbol = Int("gate.max_orders_per_symbol", g.MaxOrdersPerSymbol, d.MaxOrdersPerSymbol, 1, 100_000);
        var perSymbol = g.MaxOrdersPerSymbol;
        g.MaxOrders = Int("gate.max_orders", g.MaxOrders, d.MaxOrders, 1, 100_000, v =>
            v < perSymbol ? $"{v} is below max_orders_per_symbol ({perSymbol}): the per-symbol limit could never be reached" : null);
        g.OrderRateWindow = Duration("gate.order_rate_window", g.OrderRateWindow, d.OrderRateWindow, MaxAgeNs);
        g.DailyLossLimit = Number("gate.daily_loss_limit", g.DailyLossLimit, d.DailyLossLimit, static v => Fraction(v, "0.05 = 5% of the day's start equity"));
        g.DailyLossMode = Choice("gate.daily_loss_mode", g.DailyLossMode, d.DailyLossMode, GateSection.BreakerModes);
        g.MaxDrawdown = Number("gate.max_drawdown", g.MaxDrawdown, d.MaxDrawdown, static v => Fraction(v, "0.15 = 15% below peak equity"));
        g.DrawdownMode = Choice("gate.drawdown_mode", g.DrawdownMode, d.DrawdownMode, GateSection.BreakerModes);
        g.MaxMarkDeviationBps = Int("gate.max_mark_deviation_bps", g.MaxMarkDeviationBps, d.MaxMarkDeviationBps, 1, 10_000);
        g.PercentPriceBps = Int("gate.percent_price_bps", g.PercentPriceBps, d.PercentPriceBps, 1, 10_000);
        g.MaintenanceMarginRate = Number("gate.maintenance_margin_rate", g.MaintenanceMarginRate, d.MaintenanceMarginRate, static v =>
            v is >= 0 and < 0.5 ? null : $"{Format(v)} is out of range: expected 0 <= rate < 0.5 (Binance's lowest tier is 0.004)");
        g.LiquidationStopMultiple = Number("gate.liquidation_stop_multiple", g.LiquidationStopMultiple, d.LiquidationStopMultiple, static v => Multiple(v));
        g.MaxPortfolioHeat = Number("gate.max_portfolio_heat", g.MaxPortfolioHeat, d.MaxPortfolioHeat, static v => Fraction(v, "0.06 = 6% of equity at risk to the stops"));
        g.MaxClusterPositions = Int("gate.max_cluster_positions", g.MaxClusterPositions, d.MaxClusterPositions, 1, 10_000);
        g.MaxClusterHeat = Number("gate.max_cluster_heat", g.MaxClusterHeat, d.MaxClusterHeat, static v => Fraction(v, "0.04 = 4% of equity"));
        g.MaxConsecutiveRejects = Int("gate.max_consecutive_rejects", g.MaxConsecutiveRejects, d.MaxConsecutiveRejects, 1, 1_000_000);
        if (_document.Has("gate.clusters") && !Refused("gate.clusters"))
        {
            GateClusters(g.Clusters, market);
        }
    }

    private void GateClusters(List<GateClusterSection> clusters, MarketSection market)
    {
        var names = new List<string>();
        var placed = new List<(string Symbol, string Path)>();
        for (var c = 0; c < clusters.Count; c++)
        {
            var path = $"gate.clusters[{c}]";
            var cluster = clusters[c];
            if (cluster.Name.Length == 0 || names.Contains(cluster.Name))
            {
                Error(path, path + ".name", cluster.Name.Length == 0 ? "missing: every cluster needs a name" : $"duplicate cluster name \"{cluster.Name}\"");
            }

            names.Add(cluster.Name);
            if (cluster.Symbols.Count == 0)
            {
                Error(path, path + ".symbols", "empty: a cluster lists at least one symbol of [[market.instruments]]");
            }

            for (var i = 0; i < cluster.Symbols.Count; i++)
            {
                var symbol = cluster.Symbols[i];
                var at = $"{path}.symbols[{i}]";
                var other = placed.Find(p => p.Symbol == symbol);
                if (!market.Instruments.Exists(m => m.Symbol == symbol))
                {
                    Error(at, $"\"{symbol}\" is not one of [[market.instruments]]");
                }
                else if (other.Symbol is not null)
                {
                    Error(at, $"\"{symbol}\" is already in {other.Path}: a symbol belongs to one cluster at most");
                }
                else
                {
                    placed.Add((symbol, at));
                }
            }
        }
    }

    private static string? Quote(double v) =>
        v is > 0 and <= 1e10 ? null : $"{Format(v)} is out of range: expected > 0 and <= 1e10 (quote currency)";

    private void Risk(RiskSection r, RiskSection d)
    {
        r.StartingEquity = Number("risk.starting_equity", r.StartingEquity, d.StartingEquity, static v =>
            v > 0 && v <= 1e12 ? null : $"{Format(v)} is out of range: expected > 0 and <= 1e12 (quote currency)");
        r.MarginFraction = Number("risk.margin_fraction", r.MarginFraction, d.MarginFraction, static v => Fraction(v, "0.02 = 2% of equity"));
        r.MaxLeverage = Number("risk.max_leverage", r.MaxLeverage, d.MaxLeverage, static v => LeverageCheck(v));
        r.ColdStartTrades = Int("risk.cold_start_trades", r.ColdStartTrades, d.ColdStartTrades, 0, 1_000_000);
        r.ColdStartMaxLeverage = Number("risk.cold_start_max_leverage", r.ColdStartMaxLeverage, d.ColdStartMaxLeverage, static v => LeverageCheck(v));
        r.KellyFraction = Number("risk.kelly_fraction", r.KellyFraction, d.KellyFraction, static v => Fraction(v, "0.25 = quarter Kelly"));
        r.PriorWinRate = Number("risk.prior_win_rate", r.PriorWinRate, d.PriorWinRate, static v =>
            v is > 0 and < 1 ? null : $"{Format(v)} is out of range: expected a probability strictly between 0 and 1");
        r.PriorPayoff = Number("risk.prior_payoff", r.PriorPayoff, d.PriorPayoff, static v =>
            v is > 0 and <= 1000 ? null : $"{Format(v)} is out of range: expected > 0 and <= 1000 (average win / average loss)");
        r.AtrRiskPerTrade = Number("risk.atr_risk_per_trade", r.AtrRiskPerTrade, d.AtrRiskPerTrade, static v => Fraction(v, "0.015 = 1.5% of equity"));
        r.AtrLeverageStopMultiple = Number("risk.atr_leverage_stop_multiple", r.AtrLeverageStopMultiple, d.AtrLeverageStopMultiple, static v => Multiple(v));
        r.StopAtrMultiple = Number("risk.stop_atr_multiple", r.StopAtrMultiple, d.StopAtrMultiple, static v => Multiple(v));
        r.MaxStopDistance = Number("risk.max_stop_distance", r.MaxStopDistance, d.MaxStopDistance, static v =>
            v is > 0 and < 1 ? null : $"{Format(v)} is out of range: expected a fraction of price strictly between 0 and 1");
        var maxStop = r.MaxStopDistance;
        r.MinStopDistance = Number("risk.min_stop_distance", r.MinStopDistance, d.MinStopDistance, v =>
            v <= 0 ? $"{Format(v)} must be positive (a fraction of price)"
            : v > maxStop ? $"{Format(v)} is above max_stop_distance ({Format(maxStop)}): the clamp would be empty"
            : null);
        r.TakeProfitR = Number("risk.take_profit_r", r.TakeProfitR, d.TakeProfitR, v =>
            v <= 0 ? $"{Format(v)} must be positive (a multiple of the stop-loss distance)"
            : v * maxStop >= 1 ? $"{Format(v)} times max_stop_distance ({Format(maxStop)}) is 100% or more: a short's take-profit price would be at or below 0"
            : null);
    }

    private static string? Fraction(double v, string example) =>
        v is > 0 and <= 1 ? null : $"{Format(v)} is out of range: expected a fraction in (0, 1] ({example})";

    private static string? LeverageCheck(double v) =>
        v is >= 1 and <= 125 ? null : $"{Format(v)} is out of range: expected a leverage 1..125 (Binance's highest bracket)";

    private static string? Multiple(double v) =>
        v is > 0 and <= 100 ? null : $"{Format(v)} is out of range: expected > 0 and <= 100";

    private void Engine(EngineSection e, EngineSection d)
    {
        e.InstanceId = Int("engine.instance_id", e.InstanceId, d.InstanceId, 1, ushort.MaxValue);
        e.RingSize = Int("engine.ring_size", e.RingSize, d.RingSize, 64, 1 << 30, static v =>
            (v & (v - 1)) == 0 ? null : $"{v} is not a power of two (e.g. 65536); the ring indexes slots with a mask");
        e.Producer = Choice("engine.producer", e.Producer, d.Producer, ["single", "multi"]);
        e.StartMode = Choice("engine.start_mode", e.StartMode, d.StartMode, ["active", "reducing", "halted"]);
        if (!_document.Has("engine.groups"))
        {
            e.Groups = PipelineStages.DefaultGroups();
        }
        else if (!Refused("engine.groups"))
        {
            Groups(e.Groups);
        }
    }

    private void Groups(List<StageGroupSection> groups)
    {
        if (groups.Count == 0)
        {
            Error("engine.groups", "no stage groups: every pipeline stage must run in exactly one group");
            return;
        }

        // Every known stage listed, first occurrences only, in file order: checked for order and coverage below.
        var listed = new List<ListedStage>();
        var stagesArrays = new List<StagesArray>();
        var names = new List<(string Name, int Line)>();
        var cores = new List<(int Core, string Group, string Wait, int Line)>();
        var stageErrors = false;
        var defaults = new StageGroupSection();
        for (var gi = 0; gi < groups.Count; gi++)
        {
            var g = groups[gi];
            var path = $"engine.groups[{gi}]";
            g.Name = Text(path + ".name", g.Name, defaults.Name, v => CheckGroupName(v, names));
            if (!_document.Has(path + ".name"))
            {
                Error(path + ".name", "missing: every stage group needs a name (its thread is qt-NAME)");
            }
            else if (g.Name.Length > 0)
            {
                names.Add((g.Name, _document.PositionFor(path).Line));
            }

            g.Wait = Choice(path + ".wait", g.Wait, defaults.Wait, PipelineStages.WaitStrategies);
            var stagesPath = path + ".stages";
            if (!_document.Has(stagesPath) || Refused(stagesPath))
            {
                stageErrors = true;
                if (!_document.Has(stagesPath))
                {
                    Error(stagesPath, "missing: a group runs at least one stage");
                }
            }
            else
            {
                var at = _document.PositionFor(stagesPath);
                stagesArrays.Add(new StagesArray(gi, stagesPath, at.Line, at.Column));
                if (g.Stages.Count == 0)
                {
                    stageErrors = true;
                    Error(stagesPath, "empty: a group runs at least one stage");
                }

                for (var i = 0; i < g.Stages.Count; i++)
                {
                    stageErrors |= !CheckStage($"{stagesPath}[{i}]", g.Stages[i], gi, listed);
                }
            }

            if (g.Core is int core && !Refused(path + ".core"))
            {
                g.Core = null;
                if (Int(path + ".core", core, -1, 0, long.MaxValue, v => v < _options.ProcessorCount
                    ? null
                    : $"core {v} does not exist: this machine has {_options.ProcessorCount} logical cores ({CoreList()}); omit `core` for no pinning") >= 0)
                {
                    g.Core = core;
                    CheckSharedCore(path + ".core", g, core, cores);
                }
            }
        }

        ReportOutOfOrder(listed);
        ReportSignalApartFromGating(listed);

        // Unknown, unreadable or empty stage lists already have their error; what they lack would only be reported twice.
        if (!stageErrors)
        {
            ReportMissing(listed, stagesArrays);
        }
    }

    /// <summary>Records a duplicate or unknown stage; otherwise adds it to <paramref name="listed"/>. False for an unknown stage.</summary>
    private bool CheckStage(string path, string stage, int group, List<ListedStage> listed)
    {
        var index = PipelineStages.IndexOf(stage);
        if (index < 0)
        {
            Error(path, $"unknown stage \"{stage}\": the stages are {string.Join(", ", PipelineStages.Ordered)}");
            return false;
        }

        foreach (var previous in listed)
        {
            if (previous.Stage == stage)
            {
                Error(path, $"stage \"{stage}\" is already listed at {previous.Path}: each stage runs in exactly one group");
                return true;
            }
        }

        var (line, column) = _document.PositionFor(path);
        listed.Add(new ListedStage(stage, index, group, path, line, column));
        return true;
    }

    /// <summary>
    /// Flags the fewest stages whose removal leaves the list in pipeline order: the complement of the longest
    /// increasing subsequence (earliest entries kept on ties), so one misplaced stage gives one error.
    /// </summary>
    private void ReportOutOfOrder(List<ListedStage> listed)
    {
        var n = listed.Count;
        var length = new int[n];
        var next = new int[n];
        var bestStart = -1;
        for (var i = n - 1; i >= 0; i--)
        {
            length[i] = 1;
            next[i] = -1;
            for (var j = i + 1; j < n; j++)
            {
                if (listed[j].Index > listed[i].Index && length[j] + 1 > length[i])
                {
                    length[i] = length[j] + 1;
                    next[i] = j;
                }
            }

            if (bestStart < 0 || length[i] >= length[bestStart])
            {
                bestStart = i;
            }
        }

        var kept = new bool[n];
        for (var i = bestStart; i >= 0; i = next[i])
        {
            kept[i] = true;
        }

        for (var i = 0; i < n; i++)
        {
            if (kept[i])
            {
                continue;
            }

            var s = listed[i];
            var where = "";
            for (var j = i + 1; j < n && where.Length == 0; j++)
            {
                if (kept[j] && listed[j].Index < s.Index)
                {
                    where = $": it must come after \"{listed[j].Stage}\" ({listed[j].Path})";
                }
            }

            for (var j = i - 1; j >= 0 && where.Length == 0; j--)
            {
                if (kept[j] && listed[j].Index > s.Index)
                {
                    where = $": it must come before \"{listed[j].Stage}\" ({listed[j].Path})";
                }
            }

            _errors.Add(new ConfigError(s.Path, s.Line, s.Column,
                $"stage \"{s.Stage}\" is out of pipeline order{where}; the order is {string.Join(", ", PipelineStages.Ordered)}"));
        }
    }

    /// <summary>
    /// The signal stage reads positions from the trading state, which the gating stage's thread owns: on another
    /// thread its decisions would depend on how far the gate had got. Reported at the gating entry.
    /// </summary>
    private void ReportSignalApartFromGating(List<ListedStage> listed)
    {
        var signal = listed.Find(s => s.Stage == "signal");
        var gating = listed.Find(s => s.Stage == "gating");
        if (signal.Stage is null || gating.Stage is null || signal.Group == gating.Group)
        {
            return;
        }

        _errors.Add(new ConfigError(gating.Path, gating.Line, gating.Column,
            $"stage \"gating\" must run in the same group as \"signal\" ({signal.Path}): the signal stage reads the positions the gating stage owns, and on another thread its decisions would depend on timing"));
    }

    /// <summary>Reports each stage listed nowhere, at the stages array of the group it belongs to (after its predecessor).</summary>
    private void ReportMissing(List<ListedStage> listed, List<StagesArray> arrays)
    {
        if (arrays.Count == 0)
        {
            return;
        }

        for (var index = 0; index < PipelineStages.Ordered.Count; index++)
        {
            var stage = PipelineStages.Ordered[index];
            if (listed.Exists(s => s.Stage == stage))
            {
                continue;
            }

            // The group of the nearest earlier stage that is listed; the first group when there is none.
            ListedStage? before = null;
            foreach (var s in listed)
            {
                if (s.Index < index && (before is null || s.Index > before.Value.Index))
                {
                    before = s;
                }
            }

            var target = arrays[0];
            foreach (var array in arrays)
            {
                if (before is not null && array.Group == before.Value.Group)
                {
                    target = array;
                }
            }

            var hint = before is null ? "it comes first" : $"it belongs after \"{before.Value.Stage}\"";
            _errors.Add(new ConfigError(target.Path, target.Line, target.Column,
                $"stage \"{stage}\" is missing ({hint}): every stage of the pipeline ({string.Join(", ", PipelineStages.Ordered)}) must run in exactly one group"));
        }
    }

    /// <summary>A stage as listed in a group: its pipeline index, group index, key path and position.</summary>
    private readonly record struct ListedStage(string Stage, int Index, int Group, string Path, int Line, int Column);

    /// <summary>Where a group's stages array is, to point "missing stage" errors at it.</summary>
    private readonly record struct StagesArray(int Group, string Path, int Line, int Column);

    private static string? CheckGroupName(string name, List<(string Name, int Line)> names)
    {
        if (name.Length == 0 || name.Length > MaxGroupNameLength)
        {
            return $"\"{name}\" must be 1..{MaxGroupNameLength} characters (the thread name qt-NAME is limited to 15)";
        }

        foreach (var c in name)
        {
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return $"\"{name}\" may only hold a-z, 0-9, '-' and '_'";
            }
        }

        foreach (var (other, line) in names)
        {
            if (other == name)
            {
                return $"duplicate group name \"{name}\" (first defined on line {line})";
            }
        }

        return null;
    }

    private void CheckSharedCore(string path, StageGroupSection group, int core, List<(int Core, string Group, string Wait, int Line)> cores)
    {
        foreach (var other in cores)
        {
            if (other.Core == core && (other.Wait == "busy-spin" || group.Wait == "busy-spin"))
            {
                Error(path, $"core {core} is also used by group \"{other.Group}\" (line {other.Line}); a busy-spin group must have its core to itself, or it starves the other thread");
                return;
            }
        }

        cores.Add((core, group.Name, group.Wait, _document.PositionFor(path).Line));
    }

    private string CoreList() => _options.ProcessorCount == 1 ? "core 0" : $"cores 0-{_options.ProcessorCount - 1}";

    private void Journal(JournalSection j, JournalSection d)
    {
        j.Dir = Text("journal.dir", j.Dir, d.Dir, static v => v.Contains('\0', StringComparison.Ordinal) ? "contains a NUL character" : null);
        j.SegmentSizeMib = Int("journal.segment_size_mib", j.SegmentSizeMib, d.SegmentSizeMib, 1, 1024);
        j.Durability = Choice("journal.durability", j.Durability, d.Durability, ["page-cache", "flush"]);
        j.FlushEveryRecords = Int("journal.flush_every_records", j.FlushEveryRecords, d.FlushEveryRecords, 0, int.MaxValue);
        j.FlushEveryMicros = Int("journal.flush_every_micros", j.FlushEveryMicros, d.FlushEveryMicros, 0, int.MaxValue);
        j.RetentionDays = Int("journal.retention_days", j.RetentionDays, d.RetentionDays, 0, 3650);
        j.RetentionMaxGib = Int("journal.retention_max_gib", j.RetentionMaxGib, d.RetentionMaxGib, 0, 1 << 20);
        j.MaintenancePeriodSeconds = Int("journal.maintenance_period_seconds", j.MaintenancePeriodSeconds, d.MaintenancePeriodSeconds, 1, 86_400);
        j.MinFreeMib = Int("journal.min_free_mib", j.MinFreeMib, d.MinFreeMib, 0, 1 << 30);
        j.HaltFreeMib = Int("journal.halt_free_mib", j.HaltFreeMib, d.HaltFreeMib, 0, 1 << 30);
        j.FreeSpaceCheckMs = Int("journal.free_space_check_ms", j.FreeSpaceCheckMs, d.FreeSpaceCheckMs, 10, 60_000);
        j.StopBudgetSeconds = Int("journal.stop_budget_seconds", j.StopBudgetSeconds, d.StopBudgetSeconds, 1, 3_600);
        if (j.MinFreeMib > 0 && j.HaltFreeMib > j.MinFreeMib)
        {
            Error(_document.Has("journal.halt_free_mib") ? "journal.halt_free_mib" : "journal.min_free_mib",
                $"journal.halt_free_mib ({j.HaltFreeMib}) must not exceed journal.min_free_mib ({j.MinFreeMib}): the run goes REDUCING before it halts");
        }
    }

    private void Market(MarketSection m, MarketSection d)
    {
        m.SyntheticRate = Int("market.synthetic_rate", m.SyntheticRate, d.SyntheticRate, 0, int.MaxValue);
        m.SyntheticSeed = Int("market.synthetic_seed", m.SyntheticSeed, d.SyntheticSeed, int.MinValue, int.MaxValue);
        if (Refused("market"))
        {
            return;
        }

        if (!_document.Has("market.instruments"))
        {
            Error("market.instruments", "missing: at least one [[market.instruments]] entry is required");
            return;
        }

        if (Refused("market.instruments"))
        {
            return;
        }

        if (m.Instruments.Count == 0)
        {
            Error("market.instruments", "empty: at least one instrument is required");
        }

        var symbols = new List<(string Symbol, string Path)>();
        var defaults = new InstrumentSection();
        for (var n = 0; n < m.Instruments.Count; n++)
        {
            var i = m.Instruments[n];
            var path = $"market.instruments[{n}]";
            if (!_document.Has(path + ".symbol"))
            {
                Error(path + ".symbol", "missing: every instrument needs a symbol");
            }

            i.Symbol = Text(path + ".symbol", i.Symbol, defaults.Symbol, v => CheckSymbol(v, symbols));
            if (i.Symbol.Length > 0)
            {
                symbols.Add((i.Symbol, path));
            }

            i.TickSize = Decimal(path + ".tick_size", i.TickSize, defaults.TickSize, allowZero: false);
            i.StepSize = Decimal(path + ".step_size", i.StepSize, defaults.StepSize, allowZero: false);
            i.MinNotional = Decimal(path + ".min_notional", i.MinNotional, defaults.MinNotional, allowZero: true);
            i.MaxLeverage = Int(path + ".max_leverage", i.MaxLeverage, defaults.MaxLeverage, 1, 125);
        }
    }

    private static string? CheckSymbol(string symbol, List<(string Symbol, string Path)> symbols)
    {
        if (symbol.Length == 0 || symbol.Length > MaxSymbolLength)
        {
            return $"\"{symbol}\" must be 1..{MaxSymbolLength} characters";
        }

        foreach (var c in symbol)
        {
            if (!(c is (>= 'A' and <= 'Z') or (>= '0' and <= '9')))
            {
                return $"\"{symbol}\" must be upper-case letters and digits, as the venue spells it (e.g. BTCUSDT)";
            }
        }

        foreach (var (other, path) in symbols)
        {
            if (other == symbol)
            {
                return $"duplicate symbol \"{symbol}\" (already defined at {path})";
            }
        }

        return null;
    }

    private void Strategy(StrategySection s, StrategySection d, int models)
    {
        s.MinConfidence = Number("strategy.min_confidence", s.MinConfidence, d.MinConfidence, static v =>
            v is >= 0 and <= 1 ? null : $"{Format(v)} is out of range: expected 0..1");
        s.OrderNotional = Number("strategy.order_notional", s.OrderNotional, d.OrderNotional, static v =>
            v > 0 ? null : $"{Format(v)} must be positive");
        var orderNotional = s.OrderNotional;
        s.MaxPositionNotional = Number("strategy.max_position_notional", s.MaxPositionNotional, d.MaxPositionNotional, v =>
            v <= 0 ? $"{Format(v)} must be positive"
            : v < orderNotional ? $"{Format(v)} is below order_notional ({Format(orderNotional)}): no order could ever pass the gate"
            : null);
        s.CooldownEvents = Int("strategy.cooldown_events", s.CooldownEvents, d.CooldownEvents, 0, int.MaxValue);
        s.MinConsensus = Int("strategy.min_consensus", s.MinConsensus, d.MinConsensus, 1, EnsembleCombiner.MaxModels, v =>
            models > 0 && v > models ? $"{v} exceeds the {Models(models)} of [[inference.models]]: no signal could ever pass" : null);
        s.SymbolCooldown = Duration("strategy.symbol_cooldown", s.SymbolCooldown, d.SymbolCooldown, MaxStrategyNs);
        s.MaxSignalsPerMinute = Int("strategy.max_signals_per_minute", s.MaxSignalsPerMinute, d.MaxSignalsPerMinute, 0, MaxSignalsPerMinute);
        s.MaxAbsFundingRate = Number("strategy.max_abs_funding_rate", s.MaxAbsFundingRate, d.MaxAbsFundingRate, static v =>
            v is >= 0 and <= 1 ? null : $"{Format(v)} is out of range: expected 0..1 (a funding rate per interval, 0.001 = 0.1%)");
        s.ReentryBlock = Duration("strategy.reentry_block", s.ReentryBlock, d.ReentryBlock, MaxStrategyNs);
        var rawFrom = s.InSampleFrom;
        var rawUntil = s.InSampleUntil;
        s.InSampleFrom = Text("strategy.in_sample_from", s.InSampleFrom, d.InSampleFrom, v => TimestampProblem(v)
            ?? (v.Length > 0 && rawUntil.Length == 0 ? "is set without in_sample_until: the in-sample window needs both ends (both \"\": no window)" : null));
        var from = s.InSampleFrom;
        s.InSampleUntil = Text("strategy.in_sample_until", s.InSampleUntil, d.InSampleUntil, v => TimestampProblem(v)
            ?? (v.Length > 0 && rawFrom.Length == 0 ? "is set without in_sample_from: the in-sample window needs both ends (both \"\": no window)"
            : v.Length > 0 && from.Length > 0 && ConfigTimestamp.ToNanoseconds(v, "strategy.in_sample_until") <= ConfigTimestamp.ToNanoseconds(from, "strategy.in_sample_from")
                ? $"\"{v}\" is not after in_sample_from (\"{from}\"): the in-sample window would be empty"
            : null));
        s.MaxCorrelationWithOpen = Number("strategy.max_correlation_with_open", s.MaxCorrelationWithOpen, d.MaxCorrelationWithOpen, static v =>
            v is >= -1 and <= 1 ? null : $"{Format(v)} is out of range: expected -1..1 (a correlation)");
        s.CorrelationWindowCandles = Int("strategy.correlation_window_candles", s.CorrelationWindowCandles, d.CorrelationWindowCandles, 2, MaxCorrelationCandles);
        var window = s.CorrelationWindowCandles;
        s.MinCorrelationSamples = Int("strategy.min_correlation_samples", s.MinCorrelationSamples, d.MinCorrelationSamples, 2, MaxCorrelationCandles, v =>
            v > window ? $"{v} exceeds correlation_window_candles ({window}): the correlation could never be trusted" : null);
    }

    private void Ingest(IngestSection i, IngestSection d)
    {
        i.BadTickBandBps = Int("ingest.bad_tick_band_bps", i.BadTickBandBps, d.BadTickBandBps, 1, 10_000);
        i.ReanchorAfterTicks = Int("ingest.reanchor_after_ticks", i.ReanchorAfterTicks, d.ReanchorAfterTicks, 0, 1_000_000, static v =>
            v == 1 ? "1 would accept every out-of-band tick (no band at all): use 0 (re-anchor only on a resync) or 2 or more" : null);
        i.ReferencePrice = Choice("ingest.reference_price", i.ReferencePrice, d.ReferencePrice, IngestSection.ReferencePriceRules);
    }

    private void Features(FeaturesSection f, FeaturesSection d)
    {
        f.CandleInterval = Duration("features.candle_interval", f.CandleInterval, d.CandleInterval, MaxAgeNs, candle: true);
        f.MaxGapCandles = Int("features.max_gap_candles", f.MaxGapCandles, d.MaxGapCandles, 0, MaxGapCandles);
        f.MaxBookAge = Duration("features.max_book_age", f.MaxBookAge, d.MaxBookAge, MaxAgeNs);
        f.MaxFundingAge = Duration("features.max_funding_age", f.MaxFundingAge, d.MaxFundingAge, MaxAgeNs);
    }

    private void Inference(InferenceSection inference, InferenceSection d)
    {
        // An absent [inference] means no ensemble; a present one must list its models.
        if (!_document.Has("inference.models"))
        {
            if (_document.Has("inference") && !Refused("inference"))
            {
                Error("inference.models", "missing: [inference] needs at least one [[inference.models]] entry (omit the whole section for no ensemble)");
            }
        }
        else if (!Refused("inference.models"))
        {
            if (inference.Models.Count == 0)
            {
                Error("inference.models", "empty: at least one model is required");
            }

            var paths = new List<(string Path, string Key)>();
            var defaults = new ModelSection();
            for (var i = 0; i < inference.Models.Count; i++)
            {
                var m = inference.Models[i];
                var path = $"inference.models[{i}]";
                if (i == EnsembleCombiner.MaxModels)
                {
                    Error(path, path + ".path", $"too many models: the ensemble takes at most {EnsembleCombiner.MaxModels}");
                }

                if (!_document.Has(path + ".path"))
                {
                    Error(path, path + ".path", "missing: every model needs a path to its .onnx file");
                }

                m.Path = Text(path + ".path", m.Path, defaults.Path, v => CheckModelPath(v, paths));
                if (m.Path.Length > 0)
                {
                    paths.Add((m.Path, path));
                }

                m.Weight = Number(path + ".weight", m.Weight, defaults.Weight, static v => v > 0 ? null : $"{Format(v)} must be positive");
            }
        }

        var count = inference.Models.Count;
        inference.MinVoters = Int("inference.min_voters", inference.MinVoters, d.MinVoters, 1, EnsembleCombiner.MaxModels, v =>
            count > 0 && v > count ? $"{v} exceeds the {Models(count)} listed: the ensemble would always fail closed to HOLD" : null);
        inference.MinDirectionalConsensus = Int("inference.min_directional_consensus", inference.MinDirectionalConsensus, d.MinDirectionalConsensus, 0, EnsembleCombiner.MaxModels, v =>
            v == 1 ? "1 is refused: a single model must never override HOLD (use 0 to disable the override, or 2 or more)"
            : count > 0 && v > count ? $"{v} exceeds the {Models(count)} listed: the override could never happen (use 0 to disable it)"
            : null);
    }

    private static string? CheckModelPath(string path, List<(string Path, string Key)> paths)
    {
        if (path.Length == 0)
        {
            return "empty: give the path of the model's .onnx file";
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return "contains a NUL character";
        }

        if (!path.EndsWith(".onnx", StringComparison.Ordinal))
        {
            return $"\"{path}\" must end in .onnx (the sidecar is the same path + .json)";
        }

        foreach (var (other, key) in paths)
        {
            if (other == path)
            {
                return $"duplicate model \"{path}\" (already listed at {key}): give one entry a larger weight instead";
            }
        }

        return null;
    }

    private void Simulator(SimulatorSection s, SimulatorSection d)
    {
        s.Latency = Duration("simulator.latency", s.Latency, d.Latency, MaxLatencyNs);
        s.TakerFeeBps = Number("simulator.taker_fee_bps", s.TakerFeeBps, d.TakerFeeBps, FeeCheck);
        s.MakerFeeBps = Number("simulator.maker_fee_bps", s.MakerFeeBps, d.MakerFeeBps, FeeCheck);
        s.SlippageTicks = Int("simulator.slippage_ticks", s.SlippageTicks, d.SlippageTicks, 0, MaxSlippageTicks);
    }

    private void Binance(BinanceSection b)
    {
        var d = new BinanceSection();
        b.RestBase = Text("binance.rest_base", b.RestBase, d.RestBase, static v => CheckBaseUrl(v, "http", "https"));
        b.WsBase = Text("binance.ws_base", b.WsBase, d.WsBase, static v => CheckBaseUrl(v, "ws", "wss"));
        if (_document.Has("binance.streams") && !Refused("binance.streams"))
        {
            var bound = new List<string>(b.Streams.Count);
            var ok = true;
            for (var i = 0; i < b.Streams.Count; i++)
            {
                var value = b.Streams[i];
                var why = MarketStreams.Check(value);
                if (why is null && bound.Contains(value))
                {
                    why = $"\"{value}\" is listed twice";
                }

                if (why is not null)
                {
                    Error($"binance.streams[{i}]", why);
                    ok = false;
                }
                else
                {
                    bound.Add(value);
                }
            }

            if (ok && bound.Count == 0)
            {
                Error("binance.streams", "empty: a live feed subscribes to at least one stream per instrument (e.g. \"bookTicker\")");
            }

            b.Streams = ok && bound.Count > 0 ? bound : d.Streams;
        }

        b.StaleAfter = Duration("binance.stale_after", b.StaleAfter, d.StaleAfter, MaxAgeNs);
        b.ConnectTimeout = Duration("binance.connect_timeout", b.ConnectTimeout, d.ConnectTimeout, MaxAgeNs);
        b.ApiKeyEnv = Text("binance.api_key_env", b.ApiKeyEnv, d.ApiKeyEnv, CheckVariableName);
        b.ApiSecretEnv = Text("binance.api_secret_env", b.ApiSecretEnv, d.ApiSecretEnv, CheckVariableName);
    }

    private static string? CheckBaseUrl(string v, string plain, string secure)
    {
        if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || (uri.Scheme != plain && uri.Scheme != secure))
        {
            return $"\"{v}\" is not an absolute {secure}:// (or {plain}://) URL";
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return $"\"{v}\" must be a base URL without path, query or credentials (routes are appended)";
        }

        return null;
    }

    // An environment variable's name, never its value: a value that looks like a key is refused so a secret
    // pasted here by mistake is not kept in the file.
    private static string? CheckVariableName(string v)
    {
        if (v.Length == 0 || v.Length > 128 || !(char.IsAsciiLetter(v[0]) || v[0] == '_'))
        {
            return "expected the NAME of an environment variable (letters, digits, _; not starting with a digit), never the secret itself";
        }

        bool lower = false, upper = false, digit = false;
        foreach (var c in v)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return "expected the NAME of an environment variable (letters, digits, _), never the secret itself";
            }

            lower |= char.IsAsciiLetterLower(c);
            upper |= char.IsAsciiLetterUpper(c);
            digit |= char.IsAsciiDigit(c);
        }

        // Binance keys are 64 mixed-case letters and digits, no underscore: a name like that is almost surely a pasted key.
        return v.Length >= 32 && lower && upper && digit && !v.Contains('_', StringComparison.Ordinal)
            ? "looks like a key, not a variable NAME (32+ mixed-case letters and digits, no _): put the secret in the environment, never the secret itself in config.toml"
            : null;
    }

    private static string? FeeCheck(double v) =>
        v is >= 0 and <= MaxFeeBps ? null : $"{Format(v)} is out of range: expected 0..{MaxFeeBps} basis points";

    /// <summary>True when the file does not set <paramref name="path"/> or its type was already refused: nothing to check.</summary>
    private bool Skip(string path) => !_document.Has(path) || Refused(path);

    private bool Refused(string path) => _refused.Contains(path);

    private void Error(string path, string message) => Error(path, path, message);

    /// <summary>An error about <paramref name="key"/>, at the position of <paramref name="at"/> (or its nearest enclosing key).</summary>
    private void Error(string at, string key, string message)
    {
        var (line, column) = _document.PositionFor(at);
        _errors.Add(new ConfigError(key, line, column, message));
    }

    /// <summary><paramref name="value"/> when it passes, else <paramref name="fallback"/> (the error is recorded).</summary>
    private T Check<T>(string path, T value, T fallback, string? problem)
    {
        if (problem is null)
        {
            return value;
        }

        Error(path, problem);
        return fallback;
    }

    /// <summary>An integer in [min, max] that passes <paramref name="check"/>.</summary>
    private int Int(string path, int value, int fallback, long min, long max, Func<long, string?>? check = null) =>
        Skip(path) ? value : Check(path, value, fallback, value < min || value > max
            ? $"{value} is out of range: expected {Range(min, max)}"
            : check?.Invoke(value));

    /// <summary>A finite number that passes <paramref name="check"/>.</summary>
    private double Number(string path, double value, double fallback, Func<double, string?> check) =>
        Skip(path) ? value : Check(path, value, fallback, double.IsNaN(value) ? "NaN is not a valid value"
            : double.IsInfinity(value) ? "an infinite value is not valid"
            : check(value));

    /// <summary>A string that passes <paramref name="check"/>.</summary>
    private string Text(string path, string value, string fallback, Func<string, string?> check) =>
        Skip(path) ? value : Check(path, value, fallback, check(value));

    /// <summary>One of <paramref name="choices"/> (exact, case-sensitive).</summary>
    private string Choice(string path, string value, string fallback, IReadOnlyList<string> choices) =>
        Text(path, value, fallback, v => choices.Contains(v) ? null : $"\"{v}\" is not one of {string.Join(" | ", choices)}");

    /// <summary>An exact decimal string (see <see cref="DecimalCodec"/>), positive unless <paramref name="allowZero"/>.</summary>
    private string Decimal(string path, string value, string fallback, bool allowZero) =>
        Text(path, value, fallback, v => !DecimalCodec.TryParseFixed(v, out var raw, out var error) ? error
            : raw == 0 && !allowZero ? $"\"{v}\" must be positive"
            : null);

    /// <summary>A duration string ("500ms", "10s", "2m", "1h") in (0, <paramref name="maxNs"/>]; a candle interval
    /// (<see cref="FeatureOptions.CandleIntervalProblem"/>) when asked.</summary>
    private string Duration(string path, string value, string fallback, long maxNs, bool candle = false) =>
        Text(path, value, fallback, v =>
            !ConfigDuration.TryParseNanoseconds(v, out var ns, out var error) ? error
            : ns > maxNs ? $"\"{v}\" is out of range: at most {ConfigDuration.Format(maxNs)}"
            : candle && FeatureOptions.CandleIntervalProblem(ns) is { } problem ? $"\"{v}\" is refused: {problem}"
            : null);

    private static string? TimestampProblem(string v) => ConfigTimestamp.TryParseNanoseconds(v, out _, out var error) ? null : error;

    private static string Range(long min, long max) => max == long.MaxValue
        ? $">= {min.ToString(CultureInfo.InvariantCulture)}"
        : $"{min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}";

    private static string Models(int n) => n == 1 ? "1 model" : $"{n} models";

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
