namespace QuantumTrader.Model.Ports;

/// <summary>Receives latency samples (ns) from the last stage; implemented by the Host over HdrHistogram.</summary>
/// <remarks>Called from one stage thread; must not allocate or block.</remarks>
public interface ILatencySink
{
    /// <summary>Records one sample.</summary>
    void Record(long nanos);
}
