namespace QuantumTrader.Model;

/// <summary>
/// <see cref="InputEvent.Code"/> of an <see cref="InputKind.AccountUpdate"/> event. Stable numeric values: journaled.
/// </summary>
/// <remarks>
/// Position: SymbolId, Aux0 = signed position amount (raw), Price = entry price, Aux1 = unrealized PnL (raw, signed).
/// Balance: Aux0 = wallet balance (raw), Aux1 = cross wallet balance (raw), SymbolId unused.
/// MarginCall: SymbolId, Price = mark price, Aux0 = signed position amount, Aux1 = maintenance margin.
/// LeverageChanged: SymbolId, Aux0 = leverage. Funding: SymbolId, Aux0 = the funding payment (raw quote, signed:
/// positive received), Price = the mark price it was computed at, Aux1 = the funding rate (1e-8 units), Aux2 = the signed
/// position it was paid on (raw). ListenKeyExpired / UserStreamConnected / UserStreamDisconnected: no fields.
/// </remarks>
public enum AccountUpdateCode : ushort
{
    /// <summary>Not set.</summary>
    None = 0,

    /// <summary>A position changed (ACCOUNT_UPDATE P entry, or a REST positionRisk row at reconciliation).</summary>
    Position = 1,

    /// <summary>A balance changed (ACCOUNT_UPDATE B entry for the margin asset).</summary>
    Balance = 2,

    /// <summary>MARGIN_CALL (advisory).</summary>
    MarginCall = 3,

    /// <summary>The listenKey expired: user events are lost until a new key is connected; reconcile over REST.</summary>
    ListenKeyExpired = 4,

    /// <summary>ACCOUNT_CONFIG_UPDATE with a leverage change.</summary>
    LeverageChanged = 5,

    /// <summary>The user-data stream is connected (reconcile over REST now: events missed while down are not replayed).</summary>
    UserStreamConnected = 6,

    /// <summary>The user-data stream is down.</summary>
    UserStreamDisconnected = 7,

    /// <summary>A funding payment (Binance ACCOUNT_UPDATE with reason FUNDING_FEE; the simulated exchange at each funding time).</summary>
    Funding = 8,
}
