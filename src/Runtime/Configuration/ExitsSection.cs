using QuantumTrader.Stages.Exits;

namespace QuantumTrader.Runtime.Configuration;

/// <summary>[exits] section: the exit owner's rules (maps onto Stages.Exits.ExitOptions; docs/EXITS.md).</summary>
public sealed class ExitsSection
{
    /// <summary>exits.protective_stop_grace_ms: event time after the entry fill (or after a live stop was lost) within
    /// which the venue must confirm the protective stop; past it the position is closed (purpose Unprotected).</summary>
    public int ProtectiveStopGraceMs { get; set; } = 3_000;

    /// <summary>exits.retry_interval_ms: event time between two proposals of the same order when the earlier one did
    /// not become live (blocked by the gate, rejected, expired, cancelled).</summary>
    public int RetryIntervalMs { get; set; } = 500;

    /// <summary>exits.max_retries: retries of a stop, take-profit, trailing stop or harvest after its first proposal
    /// (a close of the whole position retries without bound).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>exits.emergency_r: unrealized loss in R at which the whole position is closed at market.</summary>
    public double EmergencyR { get; set; } = 1.5;

    /// <summary>exits.time_stop_minutes: a position open longer than this is closed at market (0: no time stop).</summary>
    public int TimeStopMinutes { get; set; } = 240;

    /// <summary>exits.harvest_ladder_r: the R-ladder's profit levels in R, strictly increasing ([] : no harvest, no
    /// break-even move, no trailing stop).</summary>
    public List<double> HarvestLadderR { get; set; } = [0.5, 1.0, 1.5];

    /// <summary>exits.harvest_fraction: fraction of the position's largest size closed at each rung.</summary>
    public double HarvestFraction { get; set; } = 0.25;

    /// <summary>exits.break_even: move the stop to break-even at the first rung.</summary>
    public bool BreakEven { get; set; } = true;

    /// <summary>exits.break_even_buffer_bps: the break-even stop's distance beyond the entry (the round trip's fees).</summary>
    public int BreakEvenBufferBps { get; set; } = 10;

    /// <summary>exits.take_profit: place the take-profit at the entry's take-profit price.</summary>
    public bool TakeProfit { get; set; } = true;

    /// <summary>exits.trailing_callback_bps: trailing stop after the last rung, callback rate in basis points (0: off;
    /// else 10..1000, multiples of 10).</summary>
    public int TrailingCallbackBps { get; set; }

    /// <summary>This section as the exit owner's options (validated).</summary>
    public ExitOptions ToOptions()
    {
        var options = new ExitOptions
        {
            ProtectiveStopGraceMs = ProtectiveStopGraceMs,
            RetryIntervalMs = RetryIntervalMs,
            MaxRetries = MaxRetries,
            EmergencyR = EmergencyR,
            TimeStopMinutes = TimeStopMinutes,
            HarvestLadderR = HarvestLadderR.ToArray(),
            HarvestFraction = HarvestFraction,
            BreakEven = BreakEven,
            BreakEvenBufferBps = BreakEvenBufferBps,
            TakeProfit = TakeProfit,
            TrailingCallbackBps = TrailingCallbackBps,
        };
        options.Validate();
        return options;
    }
}
