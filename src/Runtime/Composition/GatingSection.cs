using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;

namespace QuantumTrader.Runtime.Composition;

/// <summary>
/// The configured stage <c>gating</c>: the ledger (applies the slot's order updates, account updates and prices to
/// positions and PnL), the exit owner (protects and closes positions: writes its order into the slot) and the gate
/// (judges the slot's order, entry or exit), in that order, on one thread.
/// </summary>
/// <remarks>
/// Design: one configured stage rather than three, so that every existing <c>engine.groups</c> config stays valid and
/// the three can never be split over threads: the exit owner must see the fill the ledger applied on the same slot
/// (the protective stop goes out on the entry's fill slot), and the gate must judge what the exit owner wrote. Signal
/// and sizing, earlier in the same group, read the ledger as of the previous slot, which is deterministic. A fault in
/// any of the three is reported as the stage <c>gating</c>'s.
/// </remarks>
internal sealed class GatingSection(IEventHandler<InputEvent> account, IEventHandler<InputEvent> exits, IEventHandler<InputEvent> gate) : IEventHandler<InputEvent>
{
    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        account.OnEvent(ref data, sequence, endOfBatch);
        exits.OnEvent(ref data, sequence, endOfBatch);
        gate.OnEvent(ref data, sequence, endOfBatch);
    }

    /// <inheritdoc />
    public void OnStart()
    {
        account.OnStart();
        exits.OnStart();
        gate.OnStart();
    }

    /// <inheritdoc />
    public void OnShutdown()
    {
        gate.OnShutdown();
        exits.OnShutdown();
        account.OnShutdown();
    }
}
