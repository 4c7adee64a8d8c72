namespace QuantumTrader.Host.Config;

/// <summary>The whole of <c>config.toml</c>, after validation. Section and key names are snake_case in TOML.</summary>
public sealed class QuantumTraderConfig
{
    /// <summary>[engine]: the ring, the stage groups, their cores and wait strategies.</summary>
    public EngineSection Engine { get; set; } = new();

    /// <summary>[journal]: where and how events are journaled.</summary>
    public JournalSection Journal { get; set; } = new();

    /// <summary>[market]: instruments and the synthetic source.</summary>
    public MarketSection Market { get; set; } = new();

    /// <summary>[strategy]: thresholds of the signal, sizing and gating stages.</summary>
    public StrategySection Strategy { get; set; } = new();
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

    /// <summary>strategy.cooldown_events: signal: minimum events between two signals on one symbol.</summary>
    public int CooldownEvents { get; set; } = 1000;
}
