namespace QuantumTrader.Model.State;

/// <summary>
/// One change of a trading mode, as the gating stage made it: written into the slot's gating section and
/// journaled as a <c>mode</c> record, so a replay sees (and verifies) every change a decision depended on.
/// </summary>
/// <param name="SymbolScope">True when the scope is the symbol <paramref name="SymbolId"/>, false for the global mode.</param>
/// <param name="SymbolId">The symbol of a symbol-scoped change (0 for a global one).</param>
/// <param name="From">The mode before.</param>
/// <param name="To">The mode after.</param>
/// <param name="Cause">Why.</param>
public readonly record struct ModeChange(bool SymbolScope, ushort SymbolId, TradingMode From, TradingMode To, ModeCause Cause);
