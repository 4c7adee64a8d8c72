namespace QuantumTrader.Stages.Inference;

/// <summary>
/// The model sets of a run, by generation: the one the engine started with (generation 0) and each one the
/// host loaded later (which it does off the hot path). The inference stage takes a staged set only when the
/// journaled swap control event names it (<c>Aux0</c> = generation, <c>Aux1</c> = the ensemble's
/// <see cref="Ensemble.Hash"/>); the journal stage then writes which set the slot swapped to (model load
/// records), so a replay can load the same models; the host disposes replaced sets.
/// </summary>
/// <remarks>
/// Design: the host (under its own lock) publishes a new immutable array of entries with a volatile write;
/// the stage threads read the array with a volatile read and scan it (a handful of entries), and write only
/// fields of an entry (the inference stage marks it taken and records the set it replaced, the journal stage
/// marks it journaled). Control events are published in generation order, so an entry that was never taken
/// when a later one was is dead. No locks on the stage threads; nothing allocates there.
/// </remarks>
public sealed class ModelSwapMailbox
{
    private readonly object _host = new();
    private Entry[] _entries = [];
    private bool _journaled;

    /// <summary>Host thread, before the engine starts: the set the engine starts with, as generation 0.</summary>
    public void Start(Ensemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var entry = new Entry(0, ensemble);
        entry.MarkTaken(null);
        Publish(entry);
    }

    /// <summary>Before the engine starts: a journal stage will write (and mark) every entry, so an entry is
    /// kept until it has been journaled.</summary>
    public void AttachJournal() => Volatile.Write(ref _journaled, true);

    /// <summary>Host thread: offers <paramref name="ensemble"/> as generation <paramref name="generation"/>
    /// (generations only grow).</summary>
    public void Stage(long generation, Ensemble ensemble)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        Publish(new Entry(generation, ensemble));
    }

    /// <summary>Inference stage thread: takes the set staged as generation <paramref name="generation"/> with
    /// hash <paramref name="hash"/>, in place of <paramref name="current"/>.</summary>
    public bool TryTake(long generation, long hash, Ensemble current, out Ensemble? ensemble)
    {
        var entry = Find(generation);
        if (entry is null || entry.Taken || entry.Ensemble.Hash != hash)
        {
            ensemble = null;
            return false;
        }

        entry.MarkTaken(current);
        ensemble = entry.Ensemble;
        return true;
    }

    /// <summary>Any stage thread: the entry of <paramref name="generation"/>, or null.</summary>
    public Entry? Find(long generation)
    {
        var entries = Volatile.Read(ref _entries);
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Generation == generation)
            {
                return entries[i];
            }
        }

        return null;
    }

    /// <summary>Host thread: takes one model set that is no longer in use (replaced by a swap, or staged and
    /// never taken) for the caller to dispose, or null when there is none. Call until null.</summary>
    public Ensemble? CollectRetired()
    {
        lock (_host)
        {
            var entries = _entries;
            long lastTaken = -1;
            foreach (var e in entries)
            {
                if (e.Taken)
                {
                    lastTaken = Math.Max(lastTaken, e.Generation);
                }
            }

            for (var i = 0; i < entries.Length; i++)
            {
                var e = entries[i];
                if (e.Taken && e.Replaced is { } replaced)
                {
                    e.ClearReplaced(); // the inference stage no longer uses the set this one replaced
                    return replaced;
                }

                // An entry goes once the journal has written it and a later set was taken: a taken one's set
                // is then some later entry's replaced set; a never taken one's set is handed back here.
                if (e.Generation < lastTaken && (!Volatile.Read(ref _journaled) || e.Journaled))
                {
                    var kept = new Entry[entries.Length - 1];
                    Array.Copy(entries, kept, i);
                    Array.Copy(entries, i + 1, kept, i, entries.Length - i - 1);
                    Volatile.Write(ref _entries, kept);
                    if (!e.Taken)
                    {
                        return e.Ensemble;
                    }

                    entries = kept;
                    i--;
                }
            }

            return null;
        }
    }

    private void Publish(Entry entry)
    {
        lock (_host)
        {
            var entries = _entries;
            var next = new Entry[entries.Length + 1];
            Array.Copy(entries, next, entries.Length);
            next[^1] = entry;
            Volatile.Write(ref _entries, next);
        }
    }

    /// <summary>One model set of the run.</summary>
    public sealed class Entry
    {
        private int _taken;
        private int _journaled;
        private Ensemble? _replaced;

        internal Entry(long generation, Ensemble ensemble)
        {
            Generation = generation;
            Ensemble = ensemble;
        }

        /// <summary>Generation (0: the set the engine started with).</summary>
        public long Generation { get; }

        /// <summary>The models.</summary>
        public Ensemble Ensemble { get; }

        /// <summary>Whether the inference stage swapped to this set (generation 0: from the start).</summary>
        public bool Taken => Volatile.Read(ref _taken) != 0;

        /// <summary>Whether the journal stage has written this set's model load records.</summary>
        public bool Journaled => Volatile.Read(ref _journaled) != 0;

        internal Ensemble? Replaced => Volatile.Read(ref _replaced);

        /// <summary>Journal stage thread: the records are written.</summary>
        public void MarkJournaled() => Volatile.Write(ref _journaled, 1);

        internal void MarkTaken(Ensemble? replaced)
        {
            Volatile.Write(ref _replaced, replaced);
            Volatile.Write(ref _taken, 1);
        }

        internal void ClearReplaced() => Volatile.Write(ref _replaced, null);
    }
}
