using QuantumTrader.Model;

namespace QuantumTrader.Stages.Ingest;

/// <summary>Settings of the ingest+normalize stage (config <c>[ingest]</c>).</summary>
public sealed class IngestOptions
{
    /// <summary>Largest move accepted from the band's anchor (the last accepted price of the symbol), in basis
    /// points (default 1000 = 10 %); a tick beyond it is rejected <see cref="RejectReason.OutOfBand"/>.</summary>
    public long BadTickBandBasisPoints { get; init; } = 1_000;

    /// <summary>Out-of-band ticks in a row, each within the band of the first of them, after which the band
    /// re-anchors: the last of them is accepted and becomes the anchor (default 10; 0: never, only a resync
    /// re-anchors). 1 is refused: it would turn the band off.</summary>
    public int ReanchorAfterTicks { get; init; } = 10;

    /// <summary>Which valid events set a symbol's <see cref="InputEvent.ReferencePrice"/>.</summary>
    public ReferencePriceRule ReferencePrice { get; init; } = ReferencePriceRule.Last;

    /// <summary>Throws when a setting is out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BadTickBandBasisPoints, nameof(BadTickBandBasisPoints));
        ArgumentOutOfRangeException.ThrowIfNegative(ReanchorAfterTicks, nameof(ReanchorAfterTicks));
        ArgumentOutOfRangeException.ThrowIfEqual(ReanchorAfterTicks, 1, nameof(ReanchorAfterTicks));
        if (!Enum.IsDefined(ReferencePrice))
        {
            throw new ArgumentOutOfRangeException(nameof(ReferencePrice), ReferencePrice, "unknown reference price rule");
        }
    }
}
