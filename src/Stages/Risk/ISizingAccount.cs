namespace QuantumTrader.Stages.Risk;

/// <summary>
/// The account facts sizing takes its margin and its leverage inputs from, read on the sizing stage's thread.
/// Design: a seam. Until the PnL ledger exists (issue 11, "Orders, positions, PnL") the configured
/// <see cref="PriorSizingAccount"/> supplies them: the starting equity of <c>[risk] starting_equity</c> (its one
/// owner) and the Kelly priors with no closed trades, so cold start always applies. The ledger then implements
/// this from journaled events, so a replay still sees the same numbers.
/// </summary>
public interface ISizingAccount
{
    /// <summary>The equity margin is a fraction of, quote currency (raw fixed point); false when unknown.</summary>
    bool TryGetEquity(out long equityRaw);

    /// <summary>Closed trades so far (fewer than <see cref="SizingOptions.ColdStartTrades"/>: cold start).</summary>
    int ClosedTrades { get; }

    /// <summary>Win rate (0..1) and payoff ratio (average win ÷ average loss) for the Kelly leverage.</summary>
    void KellyInputs(out double winRate, out double payoff);
}

/// <summary>The account before any ledger: a fixed starting equity, no closed trades, the configured priors.</summary>
/// <param name="StartingEquityRaw">Equity, quote currency (raw fixed point).</param>
/// <param name="WinRate">Prior win rate.</param>
/// <param name="Payoff">Prior payoff ratio.</param>
public sealed record PriorSizingAccount(long StartingEquityRaw, double WinRate, double Payoff) : ISizingAccount
{
    /// <inheritdoc />
    public bool TryGetEquity(out long equityRaw)
    {
        equityRaw = StartingEquityRaw;
        return equityRaw > 0;
    }

    /// <inheritdoc />
    public int ClosedTrades => 0;

    /// <inheritdoc />
    public void KellyInputs(out double winRate, out double payoff)
    {
        winRate = WinRate;
        payoff = Payoff;
    }
}
