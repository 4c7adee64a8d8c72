namespace QuantumTrader.Engine.Ring;

/// <summary>A stage failure, as reported to the fault callback of <see cref="FaultReportingExceptionHandler{T}"/>.</summary>
/// <param name="Stage">The stage that threw.</param>
/// <param name="Phase">"event", "start" or "shutdown".</param>
/// <param name="Sequence">Ring sequence of the event (-1 outside events).</param>
/// <param name="Exception">The exception.</param>
public sealed record StageFault(string Stage, string Phase, long Sequence, Exception Exception);
