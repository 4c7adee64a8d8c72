using System.Globalization;
using QuantumTrader.Runtime.Live;
using QuantumTrader.Runtime.Configuration.Toml;
using QuantumTrader.Stages.Inference;
using Tomlyn.Syntax;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>
/// Maps the located TOML tree onto <see cref="QuantumTraderConfig"/>, section by section, and checks what
/// spans several keys (pipeline coverage and order of the stage groups, cores, duplicate symbols).
/// Every rule here is listed in docs/CONFIG.md.
/// </summary>
internal sealed class ConfigBinder
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

    private readonly ConfigLoadOptions _options;
    private readonly List<ConfigError> _errors;

    public ConfigBinder(ConfigLoadOptions options, List<ConfigError> errors)
    {
        _options = options;
        _errors = errors;
    }

    public void Bind(TomlTableReader root, QuantumTraderConfig config)
    {
        var engine = root.Table("engine");
        if (engine is not null)
        {
            BindEngine(engine, config.Engine);
        }

        var journal = root.Table("journal");
        if (journal is not null)
        {
            BindJournal(journal, config.Journal);
        }

        var market = root.Table("market");
        if (market is not null)
        {
            BindMarket(market, config.Market);
        }

        var ingest = root.Table("ingest");
        if (ingest is not null)
        {
            BindIngest(ingest, config.Ingest);
        }

        var features = root.Table("features");
        if (features is not null)
        {
            BindFeatures(features, config.Features);
        }

        // An absent [inference] means no ensemble; a present one must list its models.
        var hasInference = root.Has("inference");
        var inference = root.Table("inference");
        if (inference is not null)
        {
            BindInference(inference, config.Inference, hasInference);
        }

        var simulator = root.Table("simulator");
        if (simulator is not null)
        {
            BindSimulator(simulator, config.Simulator);
        }

        var binance = root.Table("binance");
        if (binance is not null)
        {
            BindBinance(binance, config.Binance);
        }

        var strategy = root.Table("strategy");
        if (strategy is not null)
        {
            BindStrategy(strategy, config.Strategy, config.Inference.Models.Count);
        }

        root.ReportUnknownKeys();
    }

    private void BindEngine(TomlTableReader t, EngineSection engine)
    {
        engine.InstanceId = t.Int("instance_id", engine.InstanceId, 1, ushort.MaxValue);
        engine.RingSize = t.Int("ring_size", engine.RingSize, 64, 1 << 30, static v =>
            (v & (v - 1)) == 0 ? null : $"{v} is not a power of two (e.g. 65536); the ring indexes slots with a mask");
        engine.Producer = t.Choice("producer", engine.Producer, ["single", "multi"]);
        engine.StartMode = t.Choice("start_mode", engine.StartMode, ["active", "reducing", "halted"]);

        if (!t.Has("groups"))
        {
            t.Node("groups");
            engine.Groups = PipelineStages.DefaultGroups();
        }
        else
        {
            var groups = t.TableArray("groups");
            if (groups is not null)
            {
                engine.Groups = BindGroups(t, groups);
            }
        }

        t.ReportUnknownKeys();
    }

    private List<StageGroupSection> BindGroups(TomlTableReader engine, List<TomlTableReader> groups)
    {
        var result = new List<StageGroupSection>(groups.Count);
        var groupsNode = engine.Node("groups")!;
        if (groups.Count == 0)
        {
            engine.Error("groups", groupsNode.Line, groupsNode.Column, "no stage groups: every pipeline stage must run in exactly one group");
            return result;
        }

        // Every known stage listed, first occurrences only, in file order: checked for order and coverage below.
        var listed = new List<ListedStage>();
        var stagesArrays = new List<StagesArray>();
        var names = new List<(string Name, int Line)>();
        var cores = new List<(int Core, string Group, string Wait, int Line)>();
        var stageErrors = false;
        for (var gi = 0; gi < groups.Count; gi++)
        {
            var g = groups[gi];
            var group = new StageGroupSection();
            group.Name = g.String("name", group.Name, v => CheckGroupName(v, names));
            if (!g.Has("name"))
            {
                g.Error("name", g.Line, g.Column, "missing: every stage group needs a name (its thread is qt-NAME)");
            }
            else if (group.Name.Length > 0)
            {
                names.Add((group.Name, g.Line));
            }

            group.Wait = g.Choice("wait", group.Wait, PipelineStages.WaitStrategies);
            var stages = g.StringArray("stages");
            if (stages is null)
            {
                stageErrors = true;
                if (!g.Has("stages"))
                {
                    g.Error("stages", g.Line, g.Column, "missing: a group runs at least one stage");
                }
            }
            else
            {
                var node = (TomlValueNode)g.Node("stages")!;
                stagesArrays.Add(new StagesArray(gi, g.PathOf("stages"), node.ValueLine, node.ValueColumn));
                if (stages.Count == 0)
                {
                    stageErrors = true;
                    g.Error("stages", node, "empty: a group runs at least one stage");
                }

                for (var i = 0; i < stages.Count; i++)
                {
                    var (stage, line, column) = stages[i];
                    stageErrors |= !CheckStage(g, $"stages[{i}]", stage, line, column, gi, listed);
                    group.Stages.Add(stage);
                }
            }

            if (g.Has("core"))
            {
                var core = g.Integer("core", -1, 0, long.MaxValue, v => v < _options.ProcessorCount
                    ? null
                    : $"core {v} does not exist: this machine has {_options.ProcessorCount} logical cores ({CoreList()}); omit `core` for no pinning");
                if (core >= 0)
                {
                    group.Core = (int)core;
                    var node = (TomlValueNode)g.Node("core")!;
                    CheckSharedCore(g, group, (int)core, node, cores);
                }
            }

            g.ReportUnknownKeys();
            result.Add(group);
        }

        ReportOutOfOrder(listed);
        ReportSignalApartFromGating(listed);

        // Unknown, unreadable or empty stage lists already have their error; what they lack would only be reported twice.
        if (!stageErrors)
        {
            ReportMissing(listed, stagesArrays);
        }

        return result;
    }

    /// <summary>Records a duplicate or unknown stage; otherwise adds it to <paramref name="listed"/>. False for an unknown stage.</summary>
    private bool CheckStage(TomlTableReader g, string key, string stage, int line, int column, int group, List<ListedStage> listed)
    {
        var index = PipelineStages.IndexOf(stage);
        if (index < 0)
        {
            g.Error(key, line, column, $"unknown stage \"{stage}\": the stages are {string.Join(", ", PipelineStages.Ordered)}");
            return false;
        }

        foreach (var previous in listed)
        {
            if (previous.Stage == stage)
            {
                g.Error(key, line, column, $"stage \"{stage}\" is already listed at {previous.Path}: each stage runs in exactly one group");
                return true;
            }
        }

        listed.Add(new ListedStage(stage, index, group, g.PathOf(key), line, column));
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

    private static void CheckSharedCore(TomlTableReader g, StageGroupSection group, int core, TomlValueNode node, List<(int Core, string Group, string Wait, int Line)> cores)
    {
        foreach (var other in cores)
        {
            if (other.Core == core && (other.Wait == "busy-spin" || group.Wait == "busy-spin"))
            {
                g.Error("core", node,
                    $"core {core} is also used by group \"{other.Group}\" (line {other.Line}); a busy-spin group must have its core to itself, or it starves the other thread");
                return;
            }
        }

        cores.Add((core, group.Name, group.Wait, node.ValueLine));
    }

    private string CoreList() => _options.ProcessorCount == 1 ? "core 0" : $"cores 0-{_options.ProcessorCount - 1}";

    private static void BindJournal(TomlTableReader t, JournalSection journal)
    {
        journal.Dir = t.String("dir", journal.Dir, static v => v.Contains('\0', StringComparison.Ordinal) ? "contains a NUL character" : null);
        journal.SegmentSizeMib = t.Int("segment_size_mib", journal.SegmentSizeMib, 1, 1024);
        journal.Durability = t.Choice("durability", journal.Durability, ["page-cache", "flush"]);
        journal.FlushEveryRecords = t.Int("flush_every_records", journal.FlushEveryRecords, 0, int.MaxValue);
        journal.FlushEveryMicros = t.Int("flush_every_micros", journal.FlushEveryMicros, 0, int.MaxValue);
        journal.CompressSealed = t.Bool("compress_sealed", journal.CompressSealed);
        journal.RetentionDays = t.Int("retention_days", journal.RetentionDays, 0, 3650);
        journal.RetentionMaxGib = t.Int("retention_max_gib", journal.RetentionMaxGib, 0, 1 << 20);
        journal.MaintenancePeriodSeconds = t.Int("maintenance_period_seconds", journal.MaintenancePeriodSeconds, 1, 86_400);
        journal.MinFreeMib = t.Int("min_free_mib", journal.MinFreeMib, 0, 1 << 30);
        journal.HaltFreeMib = t.Int("halt_free_mib", journal.HaltFreeMib, 0, 1 << 30);
        journal.FreeSpaceCheckMs = t.Int("free_space_check_ms", journal.FreeSpaceCheckMs, 10, 60_000);
        journal.StopBudgetSeconds = t.Int("stop_budget_seconds", journal.StopBudgetSeconds, 1, 3_600);
        if (journal.MinFreeMib > 0 && journal.HaltFreeMib > journal.MinFreeMib)
        {
            var key = t.Node("halt_free_mib") is TomlValueNode ? "halt_free_mib" : "min_free_mib";
            var node = t.Node(key) as TomlValueNode;
            t.Error(key, node?.ValueLine ?? t.Line, node?.ValueColumn ?? t.Column,
                $"journal.halt_free_mib ({journal.HaltFreeMib}) must not exceed journal.min_free_mib ({journal.MinFreeMib}): the run goes REDUCING before it halts");
        }

        t.ReportUnknownKeys();
    }

    private static void BindMarket(TomlTableReader t, MarketSection market)
    {
        market.SyntheticRate = t.Int("synthetic_rate", market.SyntheticRate, 0, int.MaxValue);
        market.SyntheticSeed = t.Int("synthetic_seed", market.SyntheticSeed, int.MinValue, int.MaxValue);
        var instruments = t.TableArray("instruments");
        if (instruments is null && !t.Has("instruments"))
        {
            t.Error("instruments", t.Line, t.Column, "missing: at least one [[market.instruments]] entry is required");
        }
        else if (instruments is not null)
        {
            if (instruments.Count == 0)
            {
                var node = t.Node("instruments")!;
                t.Error("instruments", node.Line, node.Column, "empty: at least one instrument is required");
            }

            var symbols = new List<(string Symbol, string Path)>();
            foreach (var i in instruments)
            {
                var instrument = new InstrumentSection();
                if (!i.Has("symbol"))
                {
                    i.Error("symbol", i.Line, i.Column, "missing: every instrument needs a symbol");
                }

                instrument.Symbol = i.String("symbol", instrument.Symbol, v => CheckSymbol(v, symbols));
                if (instrument.Symbol.Length > 0)
                {
                    symbols.Add((instrument.Symbol, i.Path));
                }

                instrument.TickSize = i.Decimal("tick_size", instrument.TickSize, allowZero: false);
                instrument.StepSize = i.Decimal("step_size", instrument.StepSize, allowZero: false);
                instrument.MinNotional = i.Decimal("min_notional", instrument.MinNotional, allowZero: true);
                i.ReportUnknownKeys();
                market.Instruments.Add(instrument);
            }
        }

        t.ReportUnknownKeys();
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

    private static void BindStrategy(TomlTableReader t, StrategySection strategy, int models)
    {
        strategy.MinConfidence = t.Number("min_confidence", strategy.MinConfidence, static v =>
            v is >= 0 and <= 1 ? null : $"{Format(v)} is out of range: expected 0..1");
        strategy.OrderNotional = t.Number("order_notional", strategy.OrderNotional, static v =>
            v > 0 ? null : $"{Format(v)} must be positive");
        var orderNotional = strategy.OrderNotional;
        strategy.MaxPositionNotional = t.Number("max_position_notional", strategy.MaxPositionNotional, v =>
            v <= 0 ? $"{Format(v)} must be positive"
            : v < orderNotional ? $"{Format(v)} is below order_notional ({Format(orderNotional)}): no order could ever pass the gate"
            : null);
        strategy.CooldownEvents = t.Int("cooldown_events", strategy.CooldownEvents, 0, int.MaxValue);
        strategy.MinConsensus = t.Int("min_consensus", strategy.MinConsensus, 1, EnsembleCombiner.MaxModels, v =>
            models > 0 && v > models ? $"{v} exceeds the {Models(models)} of [[inference.models]]: no signal could ever pass" : null);
        strategy.SymbolCooldown = Duration(t, "symbol_cooldown", strategy.SymbolCooldown, MaxStrategyNs);
        strategy.MaxSignalsPerMinute = t.Int("max_signals_per_minute", strategy.MaxSignalsPerMinute, 0, MaxSignalsPerMinute);
        strategy.MaxAbsFundingRate = t.Number("max_abs_funding_rate", strategy.MaxAbsFundingRate, static v =>
            v is >= 0 and <= 1 ? null : $"{Format(v)} is out of range: expected 0..1 (a funding rate per interval, 0.001 = 0.1%)");
        strategy.FundingFilter = t.Bool("funding_filter", strategy.FundingFilter);
        strategy.ReentryBlock = Duration(t, "reentry_block", strategy.ReentryBlock, MaxStrategyNs);
        strategy.MaxCorrelationWithOpen = t.Number("max_correlation_with_open", strategy.MaxCorrelationWithOpen, static v =>
            v is >= -1 and <= 1 ? null : $"{Format(v)} is out of range: expected -1..1 (a correlation)");
        strategy.CorrelationWindowCandles = t.Int("correlation_window_candles", strategy.CorrelationWindowCandles, 2, MaxCorrelationCandles);
        var window = strategy.CorrelationWindowCandles;
        strategy.MinCorrelationSamples = t.Int("min_correlation_samples", strategy.MinCorrelationSamples, 2, MaxCorrelationCandles, v =>
            v > window ? $"{v} exceeds correlation_window_candles ({window}): the correlation could never be trusted" : null);
        t.ReportUnknownKeys();
    }

    private static void BindIngest(TomlTableReader t, IngestSection ingest)
    {
        ingest.BadTickBandBps = t.Int("bad_tick_band_bps", ingest.BadTickBandBps, 1, 10_000);
        ingest.ReanchorAfterTicks = t.Int("reanchor_after_ticks", ingest.ReanchorAfterTicks, 0, 1_000_000, static v =>
            v == 1 ? "1 would accept every out-of-band tick (no band at all): use 0 (re-anchor only on a resync) or 2 or more" : null);
        ingest.ReferencePrice = t.Choice("reference_price", ingest.ReferencePrice, IngestSection.ReferencePriceRules);
        t.ReportUnknownKeys();
    }

    private static void BindFeatures(TomlTableReader t, FeaturesSection features)
    {
        features.CandleInterval = Duration(t, "candle_interval", features.CandleInterval, MaxAgeNs, wholeSeconds: true);
        features.MaxGapCandles = t.Int("max_gap_candles", features.MaxGapCandles, 0, MaxGapCandles);
        features.RequireBook = t.Bool("require_book", features.RequireBook);
        features.MaxBookAge = Duration(t, "max_book_age", features.MaxBookAge, MaxAgeNs);
        features.RequireFunding = t.Bool("require_funding", features.RequireFunding);
        features.MaxFundingAge = Duration(t, "max_funding_age", features.MaxFundingAge, MaxAgeNs);
        t.ReportUnknownKeys();
    }

    private static void BindInference(TomlTableReader t, InferenceSection inference, bool present)
    {
        var models = t.TableArray("models");
        if (models is null && !t.Has("models"))
        {
            if (present)
            {
                t.Error("models", t.Line, t.Column, "missing: [inference] needs at least one [[inference.models]] entry (omit the whole section for no ensemble)");
            }
        }
        else if (models is not null)
        {
            if (models.Count == 0)
            {
                var node = t.Node("models")!;
                t.Error("models", node.Line, node.Column, "empty: at least one model is required");
            }

            var paths = new List<(string Path, string Key)>();
            for (var i = 0; i < models.Count; i++)
            {
                var m = models[i];
                var model = new ModelSection();
                if (i == EnsembleCombiner.MaxModels)
                {
                    m.Error("path", m.Line, m.Column, $"too many models: the ensemble takes at most {EnsembleCombiner.MaxModels}");
                }

                if (!m.Has("path"))
                {
                    m.Error("path", m.Line, m.Column, "missing: every model needs a path to its .onnx file");
                }

                model.Path = m.String("path", model.Path, v => CheckModelPath(v, paths));
                if (model.Path.Length > 0)
                {
                    paths.Add((model.Path, m.Path));
                }

                model.Weight = m.Number("weight", model.Weight, static v => v > 0 ? null : $"{Format(v)} must be positive");
                m.ReportUnknownKeys();
                inference.Models.Add(model);
            }
        }

        var count = inference.Models.Count;
        inference.MinVoters = t.Int("min_voters", inference.MinVoters, 1, EnsembleCombiner.MaxModels, v =>
            count > 0 && v > count ? $"{v} exceeds the {Models(count)} listed: the ensemble would always fail closed to HOLD" : null);
        inference.MinDirectionalConsensus = t.Int("min_directional_consensus", inference.MinDirectionalConsensus, 0, EnsembleCombiner.MaxModels, v =>
            v == 1 ? "1 is refused: a single model must never override HOLD (use 0 to disable the override, or 2 or more)"
            : count > 0 && v > count ? $"{v} exceeds the {Models(count)} listed: the override could never happen (use 0 to disable it)"
            : null);
        inference.ConflatePerBatch = t.Bool("conflate_per_batch", inference.ConflatePerBatch);
        t.ReportUnknownKeys();
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

    private static void BindSimulator(TomlTableReader t, SimulatorSection simulator)
    {
        simulator.Latency = Duration(t, "latency", simulator.Latency, MaxLatencyNs);
        simulator.TakerFeeBps = t.Number("taker_fee_bps", simulator.TakerFeeBps, FeeCheck);
        simulator.MakerFeeBps = t.Number("maker_fee_bps", simulator.MakerFeeBps, FeeCheck);
        simulator.SlippageTicks = t.Int("slippage_ticks", simulator.SlippageTicks, 0, MaxSlippageTicks);
        t.ReportUnknownKeys();
    }

    private static void BindBinance(TomlTableReader t, BinanceSection binance)
    {
        binance.RestBase = t.String("rest_base", binance.RestBase, static v => CheckBaseUrl(v, "http", "https"));
        binance.WsBase = t.String("ws_base", binance.WsBase, static v => CheckBaseUrl(v, "ws", "wss"));
        if (t.Has("streams"))
        {
            var streams = t.StringArray("streams");
            if (streams is not null)
            {
                var node = (TomlValueNode)t.Node("streams")!;
                var bound = new List<string>(streams.Count);
                var ok = true;
                for (var i = 0; i < streams.Count; i++)
                {
                    var (value, line, column) = streams[i];
                    var why = LiveStreams.Check(value);
                    if (why is null && bound.Contains(value))
                    {
                        why = $"\"{value}\" is listed twice";
                    }

                    if (why is not null)
                    {
                        t.Error($"streams[{i}]", line, column, why);
                        ok = false;
                    }
                    else
                    {
                        bound.Add(value);
                    }
                }

                if (ok && bound.Count == 0)
                {
                    t.Error("streams", node, "empty: a live feed subscribes to at least one stream per instrument (e.g. \"bookTicker\")");
                }
                else if (ok)
                {
                    binance.Streams = bound;
                }
            }
        }

        binance.StaleAfter = Duration(t, "stale_after", binance.StaleAfter, MaxAgeNs);
        binance.ConnectTimeout = Duration(t, "connect_timeout", binance.ConnectTimeout, MaxAgeNs);
        binance.ApiKeyEnv = t.String("api_key_env", binance.ApiKeyEnv, CheckVariableName);
        binance.ApiSecretEnv = t.String("api_secret_env", binance.ApiSecretEnv, CheckVariableName);
        t.ReportUnknownKeys();
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

    /// <summary>A duration string ("500ms", "10s", "2m", "1h") in (0, <paramref name="maxNs"/>]; whole seconds when asked.</summary>
    private static string Duration(TomlTableReader t, string key, string fallback, long maxNs, bool wholeSeconds = false)
    {
        if (t.Has(key) && t.Node(key) is TomlValueNode { Value: IntegerValueSyntax or FloatValueSyntax } number)
        {
            t.Error(key, number, $"expected a duration string with a unit such as \"10s\" or \"500ms\", found the number `{TomlTableReader.Text(number)}`");
            return fallback;
        }

        return t.String(key, fallback, v =>
        {
            if (!ConfigDuration.TryParseNanoseconds(v, out var ns, out var error))
            {
                return error;
            }

            if (ns > maxNs)
            {
                return $"\"{v}\" is out of range: at most {ConfigDuration.Format(maxNs)}";
            }

            if (wholeSeconds && ns % ConfigDuration.NanosPerSecond != 0)
            {
                return $"\"{v}\" is not a whole number of seconds (at least 1s): candles are aligned to whole seconds";
            }

            return null;
        });
    }

    private static string Models(int n) => n == 1 ? "1 model" : $"{n} models";

    private static string Format(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
