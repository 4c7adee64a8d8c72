namespace QuantumTrader.Model;

/// <summary><see cref="InputEvent.Code"/> of an <see cref="InputKind.Control"/> event. Stable values: journaled.</summary>
public enum ControlCode : ushort
{
    /// <summary>Not set.</summary>
    None = 0,

    /// <summary>Stop opening risk (REDUCING).</summary>
    Pause = 1,

    /// <summary>Back to ACTIVE.</summary>
    Resume = 2,

    /// <summary>HALTED: no orders at all.</summary>
    Kill = 3,

    /// <summary>Close every position.</summary>
    Flatten = 4,

    /// <summary>Set a symbol's trading state.</summary>
    SetState = 5,

    /// <summary>Swap the model set: Aux0 = generation, Aux1 = the new ensemble's hash (InferenceOptions.SwapModelControlCode).</summary>
    SwapModel = 6,
}
