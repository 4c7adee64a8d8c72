namespace QuantumTrader.Model;

/// <summary>
/// How an <see cref="InputKind.Control"/> event uses the generic slot fields. Kept in one place so producers
/// (host, control endpoint, monitors) and consumers (stages, journal readers) agree.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="InputEvent.Code"/>: <see cref="ControlCode"/>.</item>
/// <item>Pause / Resume / Kill / SetState: <see cref="InputEvent.Aux0"/> = <see cref="State.ModeCause"/>;
/// SetState: <see cref="InputEvent.Aux1"/> = the target <see cref="State.TradingMode"/>,
/// <see cref="InputEvent.Aux2"/> = 1 when the scope is the symbol <see cref="InputEvent.SymbolId"/>, 0 for global.</item>
/// <item>Flatten: <see cref="InputEvent.Aux0"/> = <see cref="State.ModeCause"/>; <see cref="InputEvent.Aux1"/> =
/// <see cref="FlattenEndOfData"/> when a backtest's source ends (the exit owner closes with purpose EndOfData), 0 for an
/// operator's flatten.</item>
/// <item>SwapModel: <see cref="InputEvent.Aux0"/> = generation, <see cref="InputEvent.Aux1"/> = the new ensemble's hash.</item>
/// </list>
/// </remarks>
public static class ControlLayout
{
    /// <summary><see cref="InputEvent.Aux2"/> of a SetState event whose scope is one symbol.</summary>
    public const long SymbolScope = 1;

    /// <summary><see cref="InputEvent.Aux1"/> of a Flatten event published when a backtest's data ends.</summary>
    public const long FlattenEndOfData = 1;
}
