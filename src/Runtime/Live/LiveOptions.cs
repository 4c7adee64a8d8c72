namespace QuantumTrader.Runtime.Live;

/// <summary>What <c>run --live</c> was asked to do beyond the common run options.</summary>
public sealed record LiveOptions
{
    /// <summary>The paper venue: orders go to the simulated exchange fed by the live market events.</summary>
    public const string Paper = "paper";

    /// <summary>The real venue: orders go to Binance (or whatever [binance] rest_base points at).</summary>
    public const string Binance = "binance";

    /// <summary><see cref="Paper"/> or <see cref="Binance"/>.</summary>
    public string Venue { get; init; } = Paper;
}
