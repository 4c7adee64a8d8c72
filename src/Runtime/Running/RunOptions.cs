namespace QuantumTrader.Runtime.Running;

/// <summary>What <c>quantumtrader run</c> was asked to do.</summary>
public sealed record RunOptions
{
    /// <summary>Config file; null: the default beside the executable.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Recorded capture to replay as the market feed; null: the synthetic source.</summary>
    public string? DataPath { get; init; }

    /// <summary>Replay speed: 1 keeps the recorded pacing, N is N× faster, 0 is as fast as possible.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>How long to run; null: until the capture ends (or a signal, with the synthetic source).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Stop after this many events (tests and benchmarks); null: no limit.</summary>
    public long? MaxEvents { get; init; }

    /// <summary>Journal directory; null: the config's, or a fresh directory.</summary>
    public string? JournalDir { get; init; }

    /// <summary>Print one JSON document instead of the human view.</summary>
    public bool Json { get; init; }

    /// <summary>A model file that replaces the config's <c>[inference] models</c> for this run (<c>backtest --model</c>).</summary>
    public string? ModelOverride { get; init; }

    /// <summary>When a lock-step replay's data ends, publish a journaled end-of-data flatten and timer events until every
    /// position on the simulated exchange is closed and nothing rests (<c>backtest</c>).</summary>
    public bool FlattenAtEnd { get; init; }

    /// <summary>Write nothing to the output (the caller reports; errors still go to the error writer).</summary>
    public bool Quiet { get; init; }

    /// <summary>Told the effective config once it is loaded, validated and <see cref="ModelOverride"/> applied.</summary>
    public Action<Configuration.QuantumTraderConfig>? ConfigLoaded { get; init; }

    /// <summary>Told the journal directory once it is chosen.</summary>
    public Action<string>? JournalChosen { get; init; }

    /// <summary>Live Binance market data (<c>--live</c>) and its venue; null: replay or synthetic.</summary>
    public QuantumTrader.Runtime.Live.LiveOptions? Live { get; init; }
}
