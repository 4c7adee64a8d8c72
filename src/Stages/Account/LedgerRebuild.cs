using QuantumTrader.Engine.Journal;
using QuantumTrader.Model;
using QuantumTrader.Model.Orders;
using QuantumTrader.Stages.Ingest;
using QuantumTrader.Stages.Journaling;
using QuantumTrader.Stages.Risk;

namespace QuantumTrader.Stages.Account;

// Design:
//   The journal is the one truth of the account: a ledger fed live and one rebuilt from the journal must agree.
//   The live ledger sees, per slot and in ring order, the slot's input section (journaled as the input record)
//   plus the reference price ingest stamped on it, and then the gate's registration of the order it approved
//   (journaled after that input as the order request; an entry's stop, take-profit and leverage are in the sizing
//   record of the same input). The reference price is not journaled: it is a function of the inputs, so the rebuild
//   runs the same ingest stage (with the run's [ingest] options) over the journaled inputs instead of restating its
//   rule. Records are read in journal order, so applies and registrations interleave exactly as they did live.

/// <summary>Rebuilds a <see cref="Ledger"/> from a journal directory (input, sizing and order request records).</summary>
public static class LedgerRebuild
{
    /// <summary>Reads the journal in <paramref name="directory"/> from its start and returns the ledger it implies.</summary>
    /// <param name="directory">The journal.</param>
    /// <param name="symbols">Number of instruments of the run.</param>
    /// <param name="sizing">The run's sizing options (starting equity, cold start, priors).</param>
    /// <param name="ingest">The run's ingest options (the reference price rule and the bad-tick band).</param>
    /// <param name="run">The journal's run identity (client order ids).</param>
    /// <param name="corruption">Where the read stopped early on a defect, else null.</param>
    public static Ledger FromJournal(string directory, int symbols, SizingOptions sizing, IngestOptions ingest, long run, out JournalCorruption? corruption)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var ledger = new Ledger(symbols, sizing, run);
        var normalize = new IngestStage(symbols, ingest);
        var slot = default(InputEvent);
        SizingRecord lastSizing = default;
        var haveSizing = false;
        long sequence = 0;
        using var reader = JournalReader.Open(directory);
        while (reader.TryRead(out var record) == JournalReadResult.Record)
        {
            switch (record.Type)
            {
                case JournalRecordType.Input:
                    slot = default;
                    if (InputRecord.TryRead(record.Payload, record.Version, ref slot))
                    {
                        normalize.OnEvent(ref slot, sequence++, true);
                        ledger.Apply(in slot);
                    }

                    break;
                case JournalRecordType.Sizing:
                    haveSizing = SizingRecord.TryRead(record.Payload, record.Version, out lastSizing);
                    break;
                case JournalRecordType.OrderRequest:
                    if (OrderRequestRecord.TryRead(record.Payload, record.Version, out var request, out var inputSequence))
                    {
                        var order = ToSlot(in request, haveSizing && lastSizing.InputSequence == inputSequence ? lastSizing : default);
                        ledger.Register(request.ClientOrderId.Sequence, in order);
                    }

                    break;
            }
        }

        corruption = reader.Corruption;
        return ledger;
    }

    // The order section the gate registered, as the order request and (for an entry) its sizing record have it.
    private static InputEvent ToSlot(in OrderRequest r, in SizingRecord sizing)
    {
        var e = default(InputEvent);
        e.ExchangeTimeNs = r.DecisionTimeNs;
        e.Purpose = r.Purpose;
        e.OrderSymbolId = r.SymbolId;
        e.OrderSide = r.Side;
        e.OrderType = r.Type;
        e.ReduceOnly = r.ReduceOnly;
        e.ClosePosition = r.ClosePosition;
        e.OrderQuantity = r.Quantity;
        e.OrderPrice = r.Price;
        e.OrderStopPrice = r.StopPrice;
        e.OrderTriggerOn = r.TriggerOn;
        e.OrderCallbackBps = r.CallbackRateBasisPoints;
        e.OrderReferencePrice = r.ReferencePrice;
        if (r.Purpose == OrderPurpose.Entry)
        {
            e.StopLossPrice = sizing.StopLossPrice;
            e.TakeProfitPrice = sizing.TakeProfitPrice;
            e.OrderLeverage = sizing.Leverage;
        }

        return e;
    }
}
