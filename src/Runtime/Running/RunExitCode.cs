namespace QuantumTrader.Runtime.Running;

/// <summary>Exit codes of <c>quantumtrader run</c> (documented in docs/DEPLOY.md and docs/JOURNAL.md).</summary>
public static class RunExitCode
{
    /// <summary>The run ended and the pipeline drained.</summary>
    public const int Ok = 0;

    /// <summary>Bad arguments or config, or the run could not start for another reason (the message says which).</summary>
    public const int Error = 1;

    /// <summary>The pipeline did not drain within its budget.</summary>
    public const int NotDrained = 3;

    /// <summary>The journal holds damaged committed records or a truncated segment: nothing was appended or changed.</summary>
    public const int JournalCorrupt = 4;

    /// <summary>Free disk space under the journal is below journal.halt_free_mib: refused to start, or halted cleanly.</summary>
    public const int DiskSpaceExhausted = 5;

    /// <summary>The capture given to <c>--data</c> is a gzip file cut short; what it held was replayed, journaled and reported.</summary>
    public const int CaptureTruncated = 6;

    /// <summary>A live run whose market data feed never connected within <c>binance.connect_timeout</c>.</summary>
    public const int FeedDead = 7;

    /// <summary><c>backtest</c>: the run ended, but the journal audit found a limit violation or a position left without
    /// its protective stop past the grace (the report names each).</summary>
    public const int AuditFailed = 8;
}
