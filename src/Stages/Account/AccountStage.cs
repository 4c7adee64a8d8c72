using QuantumTrader.Engine.Ring;
using QuantumTrader.Model;

namespace QuantumTrader.Stages.Account;

/// <summary>
/// The account stage: applies every slot to the <see cref="Ledger"/> (order updates of our orders, funding payments,
/// mark prices, the reference price ingest stamped on the slot) before the exit owner and the gate read it on the
/// same thread. It writes nothing into the slot.
/// </summary>
/// <remarks>Runs inside the configured stage <c>gating</c>, before the exit owner and the gate (signal and sizing, earlier
/// in the same group, read the ledger as of the previous slot); allocation-free per event.</remarks>
public sealed class AccountStage : IEventHandler<InputEvent>
{
    private readonly Ledger _ledger;

    /// <summary>Creates the stage over <paramref name="ledger"/> (owned by this stage's thread).</summary>
    public AccountStage(Ledger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        _ledger = ledger;
    }

    /// <summary>The ledger this stage feeds.</summary>
    public Ledger Ledger => _ledger;

    /// <summary>Venue events seen: order updates and account updates (read after the drain).</summary>
    public long VenueEvents { get; private set; }

    /// <inheritdoc />
    public void OnEvent(ref InputEvent data, long sequence, bool endOfBatch)
    {
        if (data.Kind is InputKind.OrderUpdate or InputKind.AccountUpdate)
        {
            VenueEvents++;
        }

        _ledger.Apply(in data);
    }
}
