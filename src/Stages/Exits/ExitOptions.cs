namespace QuantumTrader.Stages.Exits;

/// <summary>
/// The exit owner's parameters (config <c>[exits]</c>, docs/EXITS.md). R multiples and fractions are plain numbers
/// (0.5 = half of 1R, 0.25 = 25%).
/// </summary>
public sealed class ExitOptions
{
    /// <summary>Event time after the entry fill (or after a live stop was lost) within which an exchange-resident
    /// protective stop must be confirmed by the venue; past it the position is closed (purpose Unprotected), ms &gt; 0.</summary>
    public int ProtectiveStopGraceMs { get; init; } = 3_000;

    /// <summary>Event time between two proposals of the same order when the earlier one did not become live (blocked
    /// by the gate, rejected, expired), ms &gt; 0.</summary>
    public int RetryIntervalMs { get; init; } = 500;

    /// <summary>Retries of a stop, take-profit, trailing stop or harvest after its first proposal (closes retry
    /// without bound), ≥ 0.</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary>Unrealized loss, in R, at which the whole position is closed at market, &gt; 0.</summary>
    public double EmergencyR { get; init; } = 1.5;

    /// <summary>A position open longer than this is closed at market (0: no time stop), minutes.</summary>
    public int TimeStopMinutes { get; init; } = 240;

    /// <summary>The R-ladder harvest: unrealized profit levels in R, strictly increasing and positive (empty: no
    /// harvest, no break-even move, no trailing stop).</summary>
    public IReadOnlyList<double> HarvestLadderR { get; init; } = [0.5, 1.0, 1.5];

    /// <summary>Fraction of the position's largest size closed at each rung, (0, 1].</summary>
    public double HarvestFraction { get; init; } = 0.25;

    /// <summary>Move the stop to break-even at the first rung.</summary>
    public bool BreakEven { get; init; } = true;

    /// <summary>The break-even stop's distance beyond the entry price (fees of the round trip), basis points, 0..1000.</summary>
    public int BreakEvenBufferBps { get; init; } = 10;

    /// <summary>Place the take-profit (TAKE_PROFIT_MARKET close-position at the entry's take-profit price).</summary>
    public bool TakeProfit { get; init; } = true;

    /// <summary>Trailing stop after the last rung: callback rate, basis points (0: off; else 10..1000, multiples of 10).</summary>
    public int TrailingCallbackBps { get; init; }

    /// <summary>Throws when a value is out of range (the config validator reports them with key and line first).</summary>
    public void Validate()
    {
        Check(ProtectiveStopGraceMs > 0, nameof(ProtectiveStopGraceMs));
        Check(RetryIntervalMs > 0, nameof(RetryIntervalMs));
        Check(MaxRetries is >= 0 and <= 1000, nameof(MaxRetries));
        Check(EmergencyR is > 0 and <= 100, nameof(EmergencyR));
        Check(TimeStopMinutes is >= 0 and <= 525_600, nameof(TimeStopMinutes));
        Check(HarvestLadderR.Count <= 16, nameof(HarvestLadderR));
        var previous = 0.0;
        foreach (var r in HarvestLadderR)
        {
            Check(r > previous && r <= 100, nameof(HarvestLadderR));
            previous = r;
        }

        Check(HarvestFraction is > 0 and <= 1, nameof(HarvestFraction));
        Check(BreakEvenBufferBps is >= 0 and <= 1000, nameof(BreakEvenBufferBps));
        Check(TrailingCallbackBps == 0 || (TrailingCallbackBps is >= 10 and <= 1000 && TrailingCallbackBps % 10 == 0), nameof(TrailingCallbackBps));
    }

    private static void Check(bool ok, string name)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"exit option {name} is out of range (see docs/EXITS.md)");
        }
    }
}
