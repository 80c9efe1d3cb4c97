import Foundation

/// An ONNX LSTM or GRU layer (inference): gates, sizes, directions, activations and its
/// constant weights, as the operator spec defines them (LSTM-7/14, GRU-7/14).
///
/// Layouts (ONNX, `layout` 0; `layout` 1 swaps the sequence and batch axes of X, Y, Y_h,
/// Y_c as the spec says):
///
///     X   [seq, batch, input]            W [dirs, G·H, input]   R [dirs, G·H, H]
///     Y   [seq, dirs, batch, H]          B [dirs, 2·G·H] (Wb then Rb)
///     Y_h [dirs, batch, H]               P [dirs, 3·H] (LSTM peepholes i, o, f)
///
/// G = 4 gates for LSTM in the order i, o, f, c; G = 3 for GRU in the order z, r, h.
public struct RecurrentConfiguration: Hashable, Sendable {
    /// The cell, spelled as the ONNX op type: `LSTM` (G = 4) or `GRU` (G = 3).
    public enum Cell: String, Sendable, Hashable {
        /// Long short-term memory (Hochreiter and Schmidhuber 1997), gates i, o, f, c.
        case lstm = "LSTM"
        /// Gated recurrent unit (Cho et al. 2014), gates z, r, h.
        case gru = "GRU"
    }
    /// ONNX's `direction` attribute: over the sequence forwards, backwards, or both (two
    /// directions, outputs stacked along the `dirs` axis, forward first).
    public enum Direction: String, Sendable, Hashable {
        /// From the first time step to the last.
        case forward
        /// From the last valid time step to the first.
        case reverse
        /// Both, forward as direction 0 and reverse as direction 1.
        case bidirectional
    }

    /// LSTM or GRU.
    public let cell: Cell
    /// H: the size of the hidden state (ONNX `hidden_size`).
    public let hiddenSize: Int
    /// Forward, reverse or bidirectional.
    public let direction: Direction
    /// Per direction: f, g, h for LSTM (default Sigmoid, Tanh, Tanh); f, g for GRU.
    public let activations: [RecurrentActivation]
    /// Cell inputs are clipped to [−clip, clip] before the activations, when set.
    public let clip: Float?
    /// LSTM: couple the input and forget gates (f = 1 − i).
    public let inputForget: Bool
    /// GRU: apply the reset gate after the recurrent product (`linear_before_reset`).
    public let linearBeforeReset: Bool
    /// 0: sequence-major tensors; 1: batch-major.
    public let layout: Int
    /// The constant inputs W, R, B and P, flat in the layouts above (B and P zeros when the
    /// model gives none).
    public let weight: [Float], recurrence: [Float], bias: [Float], peepholes: [Float]
    /// Valid steps per batch item (all steps when nil).
    public let sequenceLengths: [Int]?
    /// Whether the op reads an initial hidden (and, for LSTM, cell) state as inputs 1 (2).
    public let hasInitialHidden: Bool, hasInitialCell: Bool
    /// The last axis of X: features per time step.
    public let inputSize: Int

    /// G: 4 for LSTM, 3 for GRU.
    public var gates: Int { cell == .lstm ? 4 : 3 }
    /// 2 for a bidirectional layer, else 1.
    public var directions: Int { direction == .bidirectional ? 2 : 1 }

    /// Checks every weight's size against `hiddenSize`, `inputSize` and the direction
    /// count; a missing bias or peephole is zeros.
    public init(
        cell: Cell, hiddenSize: Int, inputSize: Int, direction: Direction = .forward,
        activations: [RecurrentActivation]? = nil, clip: Float? = nil, inputForget: Bool = false,
        linearBeforeReset: Bool = false, layout: Int = 0,
        weight: [Float], recurrence: [Float], bias: [Float]? = nil, peepholes: [Float]? = nil,
        sequenceLengths: [Int]? = nil, hasInitialHidden: Bool = false, hasInitialCell: Bool = false
    ) throws {
        let directions = direction == .bidirectional ? 2 : 1
        let gates = cell == .lstm ? 4 : 3
        guard hiddenSize >= 1, hiddenSize <= 1 << 20, inputSize >= 1, inputSize <= 1 << 24, [0, 1].contains(layout) else {
            throw StrataError.invalidArgument(
                "\(cell.rawValue) hidden size \(hiddenSize), input size \(inputSize), layout \(layout); expected sizes >= 1 and layout 0 or 1")
        }
        let perDirection = cell == .lstm ? 3 : 2
        let chosen = activations ?? Array(
            repeating: cell == .lstm ? [.sigmoid, .tanh, .tanh] : [.sigmoid, .tanh], count: directions).flatMap { $0 }
        guard chosen.count == perDirection * directions else {
            throw StrataError.invalidArgument(
                "\(cell.rawValue) has \(chosen.count) activations; expected \(perDirection) per direction (\(perDirection * directions))")
        }
        func expect(_ name: String, _ values: [Float], _ count: Int) throws {
            guard values.count == count else {
                throw StrataError.invalidArgument("\(cell.rawValue) \(name) has \(values.count) values; expected \(count)")
            }
        }
        let gh = gates * hiddenSize
        try expect("W", weight, directions * gh * inputSize)
        try expect("R", recurrence, directions * gh * hiddenSize)
        if let bias { try expect("B", bias, directions * 2 * gh) }
        if let peepholes { try expect("P", peepholes, directions * 3 * hiddenSize) }
        if let lengths = sequenceLengths, lengths.contains(where: { $0 < 0 }) {
            throw StrataError.invalidArgument("\(cell.rawValue) sequence_lens \(lengths) has a negative length")
        }
        (self.cell, self.hiddenSize, self.inputSize, self.direction) = (cell, hiddenSize, inputSize, direction)
        (self.activations, self.clip, self.inputForget, self.linearBeforeReset, self.layout) =
            (chosen, clip, inputForget, linearBeforeReset, layout)
        (self.weight, self.recurrence) = (weight, recurrence)
        self.bias = bias ?? [Float](repeating: 0, count: directions * 2 * gh)
        self.peepholes = peepholes ?? [Float](repeating: 0, count: directions * 3 * hiddenSize)
        (self.sequenceLengths, self.hasInitialHidden, self.hasInitialCell) = (sequenceLengths, hasInitialHidden, hasInitialCell)
    }

    /// (sequence, batch) of an input X, checked against the configuration.
    public func sequenceAndBatch(_ x: Shape) throws -> (sequence: Int, batch: Int) {
        guard x.rank == 3, x[2] == inputSize else {
            throw StrataError.invalidShape("\(cell.rawValue) input X has shape \(x); expected rank 3 with input size \(inputSize) last")
        }
        let (sequence, batch) = layout == 0 ? (x[0], x[1]) : (x[1], x[0])
        if let lengths = sequenceLengths {
            guard lengths.count == batch, lengths.allSatisfy({ $0 <= sequence }) else {
                throw StrataError.invalidArgument(
                    "\(cell.rawValue) sequence_lens \(lengths) does not fit batch \(batch) and sequence \(sequence)")
            }
        }
        return (sequence, batch)
    }

    /// Y, Y_h and Y_c shapes for X.
    public func outputShapes(input x: Shape) throws -> (y: Shape, hidden: Shape) {
        let (sequence, batch) = try sequenceAndBatch(x)
        let y = layout == 0 ? [sequence, directions, batch, hiddenSize] : [batch, sequence, directions, hiddenSize]
        let h = layout == 0 ? [directions, batch, hiddenSize] : [batch, directions, hiddenSize]
        return (try Shape(y), try Shape(h))
    }
}

/// One of ONNX's recurrent activation functions (the `activations` attribute), per element.
public enum RecurrentActivation: Hashable, Sendable {
    /// Functions without parameters, as the ONNX spec defines them (Sigmoid, Tanh, Relu,
    /// Softsign `x/(1+|x|)`, Softplus `log(1+e^x)`).
    case sigmoid, tanh, relu, softsign, softplus
    /// HardSigmoid `max(0, min(1, αx + β))`, LeakyRelu (`x` for x >= 0, else `αx`),
    /// ThresholdedRelu (`x` where x > α, else 0).
    case hardSigmoid(alpha: Float, beta: Float), leakyRelu(alpha: Float), thresholdedRelu(alpha: Float)
    /// Affine `αx + β`, ScaledTanh `α·tanh(βx)`, Elu (`x` for x >= 0, else `α(e^x − 1)`).
    case affine(alpha: Float, beta: Float), scaledTanh(alpha: Float, beta: Float), elu(alpha: Float)

    /// The spec's names (case-insensitive) with its default alpha and beta where the
    /// attribute lists give none.
    public init?(name: String, alpha: Float?, beta: Float?) {
        switch name.lowercased() {
        case "sigmoid": self = .sigmoid
        case "tanh": self = .tanh
        case "relu": self = .relu
        case "softsign": self = .softsign
        case "softplus": self = .softplus
        case "hardsigmoid": self = .hardSigmoid(alpha: alpha ?? 0.2, beta: beta ?? 0.5)
        case "leakyrelu": self = .leakyRelu(alpha: alpha ?? 0.01)
        case "thresholdedrelu": self = .thresholdedRelu(alpha: alpha ?? 1)
        case "affine": self = .affine(alpha: alpha ?? 1, beta: beta ?? 0)
        case "scaledtanh": self = .scaledTanh(alpha: alpha ?? 1, beta: beta ?? 1)
        case "elu": self = .elu(alpha: alpha ?? 1)
        default: return nil
        }
    }

    /// Whether the function takes alpha / beta from the attribute lists.
    public var parameterCount: Int {
        switch self {
        case .sigmoid, .tanh, .relu, .softsign, .softplus: 0
        case .leakyRelu, .thresholdedRelu, .elu: 1
        case .hardSigmoid, .affine, .scaledTanh: 2
        }
    }

    /// The function's value at `x`, in float32 (Sigmoid in a form that does not overflow for
    /// large |x|; Softplus is `x` above 20, where `log1p(e^x)` equals it in float32).
    @inline(__always)
    public func callAsFunction(_ x: Float) -> Float {
        switch self {
        case .sigmoid: x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
        case .tanh: Foundation.tanh(x)
        case .relu: max(0, x)
        case .softsign: x / (1 + abs(x))
        case .softplus: x > 20 ? x : log1p(exp(x))
        case .hardSigmoid(let a, let b): min(max(a * x + b, 0), 1)
        case .leakyRelu(let a): x >= 0 ? x : a * x
        case .thresholdedRelu(let a): x > a ? x : 0
        case .affine(let a, let b): a * x + b
        case .scaledTanh(let a, let b): a * Foundation.tanh(b * x)
        case .elu(let a): x >= 0 ? x : a * (exp(x) - 1)
        }
    }
}
