namespace QuantumTrader.Runtime.Configuration;

/// <summary>The whole of <c>config.toml</c>, after validation. Section and key names are snake_case in TOML.</summary>
public sealed class QuantumTraderConfig
{
    /// <summary>[engine]: the ring, the stage groups, their cores and wait strategies.</summary>
    public EngineSection Engine { get; set; } = new();

    /// <summary>[journal]: where and how events are journaled.</summary>
    public JournalSection Journal { get; set; } = new();

    /// <summary>[market]: instruments and the synthetic source.</summary>
    public MarketSection Market { get; set; } = new();

    /// <summary>[ingest]: the bad-tick band and the reference price rule of the ingest+normalize stage.</summary>
    public IngestSection Ingest { get; set; } = new();

    /// <summary>[strategy]: thresholds of the signal, sizing and gating stages.</summary>
    public StrategySection Strategy { get; set; } = new();

    /// <summary>[risk]: the sizing rule (margin, leverage, stop-loss and take-profit distances; docs/RISK.md).</summary>
    public RiskSection Risk { get; set; } = new();

    /// <summary>[exits]: the exit owner (protective stop, emergency close, time stop, R-ladder harvest, take-profit,
    /// trailing stop; docs/EXITS.md).</summary>
    public ExitsSection Exits { get; set; } = new();

    /// <summary>[gate]: the gate's limits, loss breakers and correlation clusters (docs/RISK.md "The gate").</summary>
    public GateSection Gate { get; set; } = new();

    /// <summary>[features]: candles and the feature vector.</summary>
    public FeaturesSection Features { get; set; } = new();

    /// <summary>[inference]: the model ensemble.</summary>
    public InferenceSection Inference { get; set; } = new();

    /// <summary>[simulator]: the simulated exchange used by run and backtest.</summary>
    public SimulatorSection Simulator { get; set; } = new();

    /// <summary>[binance]: endpoints and streams of the live market feed, names of the key variables.</summary>
    public BinanceSection Binance { get; set; } = new();

    /// <summary>
    /// The directory of the file this config was loaded from (set by <see cref="ConfigLoader.Load"/>); null for
    /// a config built in code or loaded from text. Not a TOML key.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? BaseDirectory { get; set; }

    /// <summary>
    /// <paramref name="path"/> as an absolute path: unchanged when rooted, otherwise relative to
    /// <see cref="BaseDirectory"/> (the config file's directory), or to the current directory when that is null.
    /// </summary>
    public string ResolvePath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Path.IsPathRooted(path)
            ? Path.GetFullPath(path)
            : Path.GetFullPath(path, BaseDirectory ?? Directory.GetCurrentDirectory());
    }

    /// <summary>Line and column of every key path of the file the config was loaded from (null when built in code).</summary>
    internal IReadOnlyDictionary<string, (int Line, int Column)>? Positions { get; set; }

    /// <summary>
    /// Line and column of key path <paramref name="key"/> (e.g. <c>inference.models[0].path</c>) in the file
    /// the config was loaded from: the value's position for a value, the header's for a table; (0, 0) when
    /// the key is absent (or the config was built in code), the position of the whole file.
    /// </summary>
    public (int Line, int Column) PositionOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Positions is not null && Positions.TryGetValue(key, out var position) ? position : (0, 0);
    }
}

/// <summary>[ingest] section (maps onto Stages.Ingest.IngestOptions).</summary>
public sealed class IngestSection
{
    /// <summary>The values of <see cref="ReferencePrice"/>.</summary>
    public static readonly IReadOnlyList<string> ReferencePriceRules = ["last", "mid", "mark"];

    /// <summary>ingest.bad_tick_band_bps: largest accepted move from the last accepted price, basis points (1..10000).</summary>
    public int BadTickBandBps { get; set; } = 1_000;

    /// <summary>ingest.reanchor_after_ticks: consistent out-of-band ticks in a row after which the band re-anchors
    /// on them (0: only a book resync re-anchors; 1 is refused: no band).</summary>
    public int ReanchorAfterTicks { get; set; } = 10;

    /// <summary>ingest.reference_price: "last" (book mid or trade, whichever came last), "mid" (book mid only) or
    /// "mark" (the mark price; before a symbol's first one, as "last").</summary>
    public string ReferencePrice { get; set; } = "last";
}

/// <summary>[features] section (maps onto Stages.Features.FeatureOptions).</summary>
public sealed class FeaturesSection
{
    /// <summary>features.candle_interval: candle interval as a duration ("250ms", "1s", "1m"): whole seconds,
    /// or whole milliseconds (at least 100) that divide one second.</summary>
    public string CandleInterval { get; set; } = "1m";

    /// <summary>features.max_gap_candles: empty intervals filled with flat candles before the indicators restart.</summary>
    public int MaxGapCandles { get; set; } = 30;

    /// <summary>features.require_book: no vector without a fresh book top.</summary>
    public bool RequireBook { get; set; } = true;

    /// <summary>features.max_book_age: oldest book top accepted at a candle close (duration).</summary>
    public string MaxBookAge { get; set; } = "60s";

    /// <summary>features.require_funding: no vector without a fresh funding rate (markPrice).</summary>
    public bool RequireFunding { get; set; } = true;

    /// <summary>features.max_funding_age: oldest funding rate accepted at a candle close (duration).</summary>
    public string MaxFundingAge { get; set; } = "300s";

    /// <summary><see cref="CandleInterval"/> in nanoseconds (parsed once here, never on the hot path).</summary>
    public long CandleIntervalNs() => ConfigDuration.ToNanoseconds(CandleInterval, "features.candle_interval");

    /// <summary><see cref="MaxBookAge"/> in nanoseconds.</summary>
    public long MaxBookAgeNs() => ConfigDuration.ToNanoseconds(MaxBookAge, "features.max_book_age");

    /// <summary><see cref="MaxFundingAge"/> in nanoseconds.</summary>
    public long MaxFundingAgeNs() => ConfigDuration.ToNanoseconds(MaxFundingAge, "features.max_funding_age");
}

/// <summary>[inference] section (maps onto Stages.Inference.InferenceOptions).</summary>
public sealed class InferenceSection
{
    /// <summary>[[inference.models]]: the ensemble's models (ONNX file with its .json sidecar) and weights.
    /// Paths are relative to the config file's directory.</summary>
    public List<ModelSection> Models { get; set; } = new();

    /// <summary>inference.min_voters: fewer valid model outputs than this fail closed to HOLD.</summary>
    public int MinVoters { get; set; } = 1;

    /// <summary>inference.min_directional_consensus: models that must agree for a directional override of HOLD (0 off; 1 refused).</summary>
    public int MinDirectionalConsensus { get; set; }

    /// <summary>inference.conflate_per_batch: infer once per symbol per batch (live) instead of every vector (backtest, replay).</summary>
    public bool ConflatePerBatch { get; set; } = true;
}

/// <summary>One [[inference.models]] entry.</summary>
public sealed class ModelSection
{
    /// <summary>path: the .onnx file.</summary>
    public string Path { get; set; } = "";

    /// <summary>weight: its weight in the ensemble, positive.</summary>
    public double Weight { get; set; } = 1.0;
}

/// <summary>[simulator] section: the simulated exchange's models.</summary>
public sealed class SimulatorSection
{
    /// <summary>simulator.latency: order latency in event time (duration, e.g. "5ms").</summary>
    public string Latency { get; set; } = "5ms";

    /// <summary>simulator.taker_fee_bps: taker fee in basis points.</summary>
    public double TakerFeeBps { get; set; } = 5.0;

    /// <summary>simulator.maker_fee_bps: maker fee in basis points.</summary>
    public double MakerFeeBps { get; set; } = 2.0;

    /// <summary>simulator.slippage_ticks: ticks of slippage on market orders.</summary>
    public int SlippageTicks { get; set; }

    /// <summary><see cref="Latency"/> in nanoseconds.</summary>
    public long LatencyNs() => ConfigDuration.ToNanoseconds(Latency, "simulator.latency");
}

/// <summary>[engine] section.</summary>
public sealed class EngineSection
{
    /// <summary>engine.instance_id: engine instance id (client order ids and journal headers carry it), 1..65535.</summary>
    public int InstanceId { get; set; } = 1;

    /// <summary>engine.ring_size: input ring slots, a power of two.</summary>
    public int RingSize { get; set; } = 65536;

    /// <summary>engine.producer: "single" or "multi" (the input ring has several producers in live mode).</summary>
    public string Producer { get; set; } = "multi";

    /// <summary>engine.start_mode: "active", "reducing" or "halted": the trading mode a run starts in (journaled at
    /// start, so a replay starts there too).</summary>
    public string StartMode { get; set; } = "active";

    /// <summary>[[engine.groups]]: consecutive stages run by one thread, in pipeline order.</summary>
    public List<StageGroupSection> Groups { get; set; } = new();
}

/// <summary>One [[engine.groups]] entry.</summary>
public sealed class StageGroupSection
{
    /// <summary>name: thread name suffix (visible in top -H as qt-NAME).</summary>
    public string Name { get; set; } = "";

    /// <summary>stages: stage names in order: ingest, features, inference, signal, sizing, gating, journal, route.</summary>
    public List<string> Stages { get; set; } = new();

    /// <summary>core: CPU to pin this group's thread to; null (key absent) means no pinning.</summary>
    public int? Core { get; set; }

    /// <summary>wait: busy-spin | yielding | sleeping | blocking.</summary>
    public string Wait { get; set; } = "yielding";
}

/// <summary>[journal] section.</summary>
public sealed class JournalSection
{
    /// <summary>journal.dir: directory of the journal; empty means a fresh directory per run.</summary>
    public string Dir { get; set; } = "";

    /// <summary>journal.segment_size_mib: segment size in MiB.</summary>
    public int SegmentSizeMib { get; set; } = 128;

    /// <summary>journal.durability: "page-cache" (survives a process crash) or "flush" (survives a machine crash).</summary>
    public string Durability { get; set; } = "page-cache";

    /// <summary>journal.flush_every_records: with durability = "flush", flush after this many records (0: off).</summary>
    public int FlushEveryRecords { get; set; }

    /// <summary>journal.flush_every_micros: with durability = "flush", flush when this much time passed (0: off).</summary>
    public int FlushEveryMicros { get; set; }

    /// <summary>journal.compress_sealed: a background task LZ4-compresses sealed segments while a run goes on.</summary>
    public bool CompressSealed { get; set; } = true;

    /// <summary>journal.retention_days: delete sealed segments whose last record is older (0: keep all); never one a
    /// saved reader position still needs.</summary>
    public int RetentionDays { get; set; }

    /// <summary>journal.retention_max_gib: delete the oldest sealed segments beyond this total size (0: no limit).</summary>
    public int RetentionMaxGib { get; set; }

    /// <summary>journal.maintenance_period_seconds: how often compression and retention run during a run.</summary>
    public int MaintenancePeriodSeconds { get; set; } = 60;

    /// <summary>journal.min_free_mib: below this much free space on the journal's file system the run goes
    /// REDUCING through a journaled Pause (DiskSpaceLow), and back with Resume (0: off).</summary>
    public int MinFreeMib { get; set; } = 4096;

    /// <summary>journal.halt_free_mib: below this the run does not start, or publishes Kill (DiskSpaceExhausted) and
    /// halts cleanly (0: off); at most min_free_mib.</summary>
    public int HaltFreeMib { get; set; } = 1024;

    /// <summary>journal.free_space_check_ms: how often free space is checked during a run.</summary>
    public int FreeSpaceCheckMs { get; set; } = 1000;

    /// <summary>journal.stop_budget_seconds: how long a clean stop (drain, stop background compression, close the
    /// journal) may take before the process exits anyway; keep it under the unit's TimeoutStopSec.</summary>
    public int StopBudgetSeconds { get; set; } = 20;
}

/// <summary>[market] section.</summary>
public sealed class MarketSection
{
    /// <summary>[[market.instruments]]: instruments traded.</summary>
    public List<InstrumentSection> Instruments { get; set; } = new();

    /// <summary>market.synthetic_rate: events per second of the synthetic source (0: as fast as possible).</summary>
    public int SyntheticRate { get; set; } = 100_000;

    /// <summary>market.synthetic_seed: seed of the synthetic source.</summary>
    public int SyntheticSeed { get; set; } = 42;
}

/// <summary>One [[market.instruments]] entry.</summary>
public sealed class InstrumentSection
{
    /// <summary>symbol: venue symbol, e.g. BTCUSDT.</summary>
    public string Symbol { get; set; } = "";

    /// <summary>tick_size: price increment, as a decimal string (e.g. "0.10").</summary>
    public string TickSize { get; set; } = "0.01";

    /// <summary>step_size: quantity increment, as a decimal string (e.g. "0.001").</summary>
    public string StepSize { get; set; } = "0.001";

    /// <summary>min_notional: minimum order notional in quote units, as a decimal string.</summary>
    public string MinNotional { get; set; } = "5";

    /// <summary>max_leverage: the symbol's leverage bracket (the venue's maximum leverage for it), 1..125; sizing
    /// never exceeds it. The live venue's bracket will supply it later.</summary>
    public int MaxLeverage { get; set; } = 20;
}

/// <summary>[strategy] section: walking-skeleton thresholds, replaced stage by stage by later issues.</summary>
public sealed class StrategySection
{
    /// <summary>strategy.min_confidence: minimum confidence for a signal, 0..1.</summary>
    public double MinConfidence { get; set; } = 0.6;

    /// <summary>strategy.order_notional: notional per order in quote units.</summary>
    public double OrderNotional { get; set; } = 100;

    /// <summary>strategy.max_position_notional: gate: maximum absolute position notional per symbol.</summary>
    public double MaxPositionNotional { get; set; } = 1000;

    /// <summary>strategy.min_consensus: models that must agree with the signal's side.</summary>
    public int MinConsensus { get; set; } = 1;

    /// <summary>strategy.symbol_cooldown: minimum event time between two signals on one symbol (duration).</summary>
    public string SymbolCooldown { get; set; } = "60s";

    /// <summary>strategy.max_signals_per_minute: global limit over a sliding minute of event time.</summary>
    public int MaxSignalsPerMinute { get; set; } = 10;

    /// <summary>strategy.funding_filter: apply the funding-rate filter (an unknown funding rate then refuses the
    /// entry). Turn it off only for data without a markPrice stream.</summary>
    public bool FundingFilter { get; set; } = true;

    /// <summary>strategy.max_abs_funding_rate: entries refused when |funding| is above this (e.g. 0.001).</summary>
    public double MaxAbsFundingRate { get; set; } = 0.001;

    /// <summary>strategy.reentry_block: no entry on a symbol for this long after its position closed (duration).</summary>
    public string ReentryBlock { get; set; } = "900s";

    /// <summary>strategy.max_correlation_with_open: entries refused when correlated above this with an open position.</summary>
    public double MaxCorrelationWithOpen { get; set; } = 0.8;

    /// <summary>strategy.correlation_window_candles: candles in the live return correlation.</summary>
    public int CorrelationWindowCandles { get; set; } = 720;

    /// <summary>strategy.min_correlation_samples: shared candles needed before the correlation is trusted.</summary>
    public int MinCorrelationSamples { get; set; } = 60;

    /// <summary>strategy.in_sample_from: UTC timestamp ("2024-08-08T23:55:06.250Z"), the start (inclusive) of the
    /// in-sample window: no entry from a candle that closed in [in_sample_from, in_sample_until) (InSample). A backtest
    /// on a capture part of which trained the model sets the window to its training period. Empty (both): no window.</summary>
    public string InSampleFrom { get; set; } = "";

    /// <summary>strategy.in_sample_until: UTC timestamp, the end (exclusive) of the in-sample window: the model's
    /// hold-out start. Empty (both): no window.</summary>
    public string InSampleUntil { get; set; } = "";

    /// <summary>strategy.cooldown_events: the walking-skeleton signal's cooldown in events (skeleton only).</summary>
    public int CooldownEvents { get; set; } = 1000;

    /// <summary><see cref="SymbolCooldown"/> in nanoseconds.</summary>
    public long SymbolCooldownNs() => ConfigDuration.ToNanoseconds(SymbolCooldown, "strategy.symbol_cooldown");

    /// <summary><see cref="ReentryBlock"/> in nanoseconds.</summary>
    public long ReentryBlockNs() => ConfigDuration.ToNanoseconds(ReentryBlock, "strategy.reentry_block");

    /// <summary><see cref="InSampleFrom"/> in nanoseconds since the Unix epoch (0: not set).</summary>
    public long InSampleFromNs() => ConfigTimestamp.ToNanoseconds(InSampleFrom, "strategy.in_sample_from");

    /// <summary><see cref="InSampleUntil"/> in nanoseconds since the Unix epoch (0: not set).</summary>
    public long InSampleUntilNs() => ConfigTimestamp.ToNanoseconds(InSampleUntil, "strategy.in_sample_until");
}

/// <summary>[risk] section: the sizing rule (maps onto Stages.Risk.SizingOptions; docs/RISK.md).</summary>
public sealed class RiskSection
{
    /// <summary>risk.starting_equity: equity in quote currency before the PnL ledger supplies it (the one place it is
    /// configured).</summary>
    public double StartingEquity { get; set; } = 10_000;

    /// <summary>risk.margin_fraction: margin per trade as a fraction of equity (0.02 = 2%).</summary>
    public double MarginFraction { get; set; } = 0.02;

    /// <summary>risk.max_leverage: upper bound of any leverage (besides each symbol's bracket).</summary>
    public double MaxLeverage { get; set; } = 20;

    /// <summary>risk.cold_start_trades: closed trades below which the cold-start leverage rule applies.</summary>
    public int ColdStartTrades { get; set; } = 5;

    /// <summary>risk.cold_start_max_leverage: cap of the cold-start leverage.</summary>
    public double ColdStartMaxLeverage { get; set; } = 5;

    /// <summary>risk.kelly_fraction: fraction of the full Kelly leverage taken.</summary>
    public double KellyFraction { get; set; } = 0.25;

    /// <summary>risk.prior_win_rate: Kelly win rate until a trade history exists.</summary>
    public double PriorWinRate { get; set; } = 0.5;

    /// <summary>risk.prior_payoff: Kelly payoff ratio (average win ÷ average loss) until a trade history exists.</summary>
    public double PriorPayoff { get; set; } = 1.5;

    /// <summary>risk.atr_risk_per_trade: ATR leverage: equity fraction lost at a stop atr_leverage_stop_multiple ATRs away.</summary>
    public double AtrRiskPerTrade { get; set; } = 0.015;

    /// <summary>risk.atr_leverage_stop_multiple: ATR leverage: the stop distance in ATRs it assumes.</summary>
    public double AtrLeverageStopMultiple { get; set; } = 1.5;

    /// <summary>risk.stop_atr_multiple: stop-loss distance in ATR% before the clamp.</summary>
    public double StopAtrMultiple { get; set; } = 2.0;

    /// <summary>risk.min_stop_distance: smallest stop-loss distance, fraction of price.</summary>
    public double MinStopDistance { get; set; } = 0.025;

    /// <summary>risk.max_stop_distance: largest stop-loss distance, fraction of price.</summary>
    public double MaxStopDistance { get; set; } = 0.03;

    /// <summary>risk.take_profit_r: take-profit distance as a multiple of the stop-loss distance.</summary>
    public double TakeProfitR { get; set; } = 1.5;
}

/// <summary>[binance]: where `run --live` connects and what it subscribes to. Secrets never live here: only the
/// names of the environment variables that hold them.</summary>
public sealed class BinanceSection
{
    /// <summary>binance.rest_base: REST base URL (http or https; the fake server is http on loopback).</summary>
    public string RestBase { get; set; } = "https://fapi.binance.com";

    /// <summary>binance.ws_base: WebSocket base URL without route (ws or wss).</summary>
    public string WsBase { get; set; } = "wss://fstream.binance.com";

    /// <summary>binance.streams: stream types subscribed per instrument (e.g. bookTicker, aggTrade, depth@100ms).</summary>
    public List<string> Streams { get; set; } = ["bookTicker", "aggTrade", "depth@100ms"];

    /// <summary>binance.stale_after: silence after which a symbol (or the whole connection) is stale.</summary>
    public string StaleAfter { get; set; } = "10s";

    /// <summary>binance.api_key_env: name of the environment variable holding the API key.</summary>
    public string ApiKeyEnv { get; set; } = "QT_BINANCE_API_KEY";

    /// <summary>binance.api_secret_env: name of the environment variable holding the API secret.</summary>
    public string ApiSecretEnv { get; set; } = "QT_BINANCE_API_SECRET";

    /// <summary>binance.connect_timeout: how long <c>run --live</c> waits for every market data connection to
    /// connect at start; past it the feed is dead: the run stops with an error (exit 4) and never reports ready.</summary>
    public string ConnectTimeout { get; set; } = "30s";

    /// <summary><see cref="ConnectTimeout"/> in nanoseconds.</summary>
    public long ConnectTimeoutNs() => ConfigDuration.ToNanoseconds(ConnectTimeout, "binance.connect_timeout");

    /// <summary><see cref="StaleAfter"/> in nanoseconds.</summary>
    public long StaleAfterNs() => ConfigDuration.ToNanoseconds(StaleAfter, "binance.stale_after");
}
