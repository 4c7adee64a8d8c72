using QuantumTrader.Stages.Features;
using QuantumTrader.Stages.Inference;
using Xunit;

namespace QuantumTrader.Testing.Contracts;

/// <summary>
/// What every <see cref="IClassifier"/> must do: for any input (real, non-finite or too short) it either refuses
/// (false) or writes three finite probabilities in [0, 1] summing to 1; the same input gives the same answer; it
/// never throws; after warm-up it allocates nothing per call. One subclass per implementation.
/// </summary>
public abstract class ClassifierContract
{
    private const int Vectors = 20;

    /// <summary>Creates the classifier under test.</summary>
    protected abstract IClassifier Create();

    /// <summary>True for an implementation that refuses every vector (a placeholder for a refused model).</summary>
    protected virtual bool RefusesAll => false;

    /// <summary>Feature vector <paramref name="index"/> (distinct for distinct indexes) of the serving schema's length.</summary>
    protected virtual float[] Vector(int index)
    {
        var v = new float[FeatureSchemas.Current.Count];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = MathF.Sin((index * 31) + i) * (i % 3 == 0 ? 0.01f : 1f);
        }

        return v;
    }

    private static void AssertValidOrRefused(bool ok, ReadOnlySpan<float> p, string what)
    {
        if (!ok)
        {
            return;
        }

        var sum = 0f;
        for (var i = 0; i < p.Length; i++)
        {
            Assert.True(float.IsFinite(p[i]) && p[i] >= 0 && p[i] <= 1, $"{what}: probability {i} is {p[i]}");
            sum += p[i];
        }

        Assert.True(MathF.Abs(sum - 1) < 1e-4f, $"{what}: probabilities sum to {sum}");
    }

    [Fact]
    public void TryPredict_FeatureVectors_ThreeProbabilitiesSummingToOneOrRefused()
    {
        using var classifier = Create();
        var answered = 0;
        Span<float> p = stackalloc float[ClassIndex.Count];
        for (var i = 0; i < Vectors; i++)
        {
            p.Fill(-1);
            var ok = classifier.TryPredict(Vector(i), p);
            AssertValidOrRefused(ok, p, $"vector {i}");
            answered += ok ? 1 : 0;
        }

        Assert.Equal(RefusesAll ? 0 : Vectors, answered);
    }

    [Fact]
    public void TryPredict_SameInput_SameAnswer()
    {
        using var classifier = Create();
        Span<float> first = stackalloc float[ClassIndex.Count];
        Span<float> again = stackalloc float[ClassIndex.Count];
        var v = Vector(3);
        var ok = classifier.TryPredict(v, first);
        classifier.TryPredict(Vector(4), again); // another input between the two
        again.Fill(-1);
        Assert.Equal(ok, classifier.TryPredict(v, again));
        if (ok)
        {
            Assert.Equal(first.ToArray(), again.ToArray());
        }
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    [InlineData(float.MaxValue)]
    public void TryPredict_NonFiniteOrExtremeFeatures_ValidOrRefusedNeverThrows(float value)
    {
        using var classifier = Create();
        var v = Vector(0);
        Array.Fill(v, value);
        var p = new float[ClassIndex.Count];
        var ok = false;
        Assert.Null(Record.Exception(() => ok = classifier.TryPredict(v, p)));
        AssertValidOrRefused(ok, p, $"features all {value}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void TryPredict_ShortFeatureVector_ValidOrRefusedNeverThrows(int length)
    {
        using var classifier = Create();
        var v = Vector(0)[..length];
        var p = new float[ClassIndex.Count];
        var ok = false;
        Assert.Null(Record.Exception(() => ok = classifier.TryPredict(v, p)));
        AssertValidOrRefused(ok, p, $"{length} features");
    }

    [Fact]
    public void TryPredict_AfterWarmUp_AllocatesNothing()
    {
        using var classifier = Create();
        var a = Vector(1);
        var b = Vector(2);
        var p = new float[ClassIndex.Count];
        for (var i = 0; i < 100; i++)
        {
            classifier.TryPredict(i % 2 == 0 ? a : b, p);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var answered = 0;
        for (var i = 0; i < 1_000; i++)
        {
            answered += classifier.TryPredict(i % 2 == 0 ? a : b, p) ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(RefusesAll ? 0 : 1_000, answered);
    }

    [Fact]
    public void Identity_NameAndHashPresent_DisposeTwiceHarmless()
    {
        var classifier = Create();
        Assert.False(string.IsNullOrWhiteSpace(classifier.Name));
        Assert.False(string.IsNullOrWhiteSpace(classifier.Sha256));
        classifier.Dispose();
        Assert.Null(Record.Exception(classifier.Dispose));
    }
}
