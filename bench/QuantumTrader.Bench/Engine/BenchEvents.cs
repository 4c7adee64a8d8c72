using System.Runtime.CompilerServices;
using QuantumTrader.Engine.Ring;

namespace QuantumTrader.Bench.Engine;

// Design:
//   The slots and handlers of the engine benchmark. Slots are small structs; handlers are structs passed
//   as generic arguments, so the processor's call is devirtualized and inlined. Every consumer keeps a
//   count and a checksum that the harness checks against what the producers wrote once the run is over:
//   a benchmark that lost or reordered events would report a figure for work it did not do.
//   Handlers are copied into their processor; the harness reads them back from the processor after halt.

/// <summary>The 8-byte slot of the one-to-one, fan-out and three-to-one scenarios.</summary>
internal struct ValueEvent
{
    /// <summary>The producer's counter.</summary>
    public long Value;
}

/// <summary>The slot of the pipeline-3 scenario: each stage reads its predecessor's field and writes its own.</summary>
internal struct StepEvent
{
    /// <summary>Written by the producer.</summary>
    public long Value;

    /// <summary>Written by stage one.</summary>
    public long Step1;

    /// <summary>Written by stage two.</summary>
    public long Step2;
}

/// <summary>The slot of the diamond scenario: two parallel stages classify, the third joins.</summary>
internal struct FizzBuzzEvent
{
    /// <summary>Written by the producer.</summary>
    public long Value;

    /// <summary>Written by the fizz stage.</summary>
    public bool Fizz;

    /// <summary>Written by the buzz stage.</summary>
    public bool Buzz;
}

/// <summary>Writes a producer's value into a slot; implemented by structs so the call is inlined.</summary>
internal interface IEventWriter<T>
    where T : struct
{
    /// <summary>Fills <paramref name="slot"/> from <paramref name="value"/>.</summary>
    void Write(ref T slot, long value);
}

/// <summary>Writes <see cref="ValueEvent"/>.</summary>
internal readonly struct ValueWriter : IEventWriter<ValueEvent>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ref ValueEvent slot, long value) => slot.Value = value;
}

/// <summary>Writes <see cref="StepEvent"/>.</summary>
internal readonly struct StepWriter : IEventWriter<StepEvent>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ref StepEvent slot, long value) => slot.Value = value;
}

/// <summary>Writes <see cref="FizzBuzzEvent"/>.</summary>
internal readonly struct FizzBuzzWriter : IEventWriter<FizzBuzzEvent>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Write(ref FizzBuzzEvent slot, long value) => slot.Value = value;
}

/// <summary>A consumer's tally, read back after the run.</summary>
internal interface ITally
{
    /// <summary>Events seen.</summary>
    long Count { get; }

    /// <summary>Wrapping sum of what the consumer computed per event.</summary>
    long Sum { get; }
}

/// <summary>Counts and sums <see cref="ValueEvent.Value"/>.</summary>
internal struct ValueSumHandler : IEventHandler<ValueEvent>, ITally
{
    private long _count;
    private long _sum;

    /// <inheritdoc />
    public readonly long Count => _count;

    /// <inheritdoc />
    public readonly long Sum => _sum;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref ValueEvent data, long sequence, bool endOfBatch)
    {
        _count++;
        _sum = unchecked(_sum + data.Value);
    }
}

/// <summary>Pipeline stage one: Step1 = Value + 1.</summary>
internal struct StepOneHandler : IEventHandler<StepEvent>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void OnEvent(ref StepEvent data, long sequence, bool endOfBatch) => data.Step1 = data.Value + 1;
}

/// <summary>Pipeline stage two: Step2 = Step1 * 3.</summary>
internal struct StepTwoHandler : IEventHandler<StepEvent>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void OnEvent(ref StepEvent data, long sequence, bool endOfBatch) => data.Step2 = unchecked(data.Step1 * 3);
}

/// <summary>Pipeline stage three: counts and sums Step2.</summary>
internal struct StepThreeHandler : IEventHandler<StepEvent>, ITally
{
    private long _count;
    private long _sum;

    /// <inheritdoc />
    public readonly long Count => _count;

    /// <inheritdoc />
    public readonly long Sum => _sum;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref StepEvent data, long sequence, bool endOfBatch)
    {
        _count++;
        _sum = unchecked(_sum + data.Step2);
    }
}

/// <summary>Diamond left: Fizz = Value divisible by 3.</summary>
internal struct FizzHandler : IEventHandler<FizzBuzzEvent>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void OnEvent(ref FizzBuzzEvent data, long sequence, bool endOfBatch) => data.Fizz = data.Value % 3 == 0;
}

/// <summary>Diamond right: Buzz = Value divisible by 5.</summary>
internal struct BuzzHandler : IEventHandler<FizzBuzzEvent>
{
    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void OnEvent(ref FizzBuzzEvent data, long sequence, bool endOfBatch) => data.Buzz = data.Value % 5 == 0;
}

/// <summary>Diamond join: counts events and sums the values that are both fizz and buzz.</summary>
internal struct FizzBuzzJoinHandler : IEventHandler<FizzBuzzEvent>, ITally
{
    private long _count;
    private long _sum;

    /// <inheritdoc />
    public readonly long Count => _count;

    /// <inheritdoc />
    public readonly long Sum => _sum;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref FizzBuzzEvent data, long sequence, bool endOfBatch)
    {
        _count++;
        if (data.Fizz & data.Buzz)
        {
            _sum = unchecked(_sum + data.Value);
        }
    }
}
