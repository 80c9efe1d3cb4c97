import Foundation
import Strata
import StrataReference

extension RecurrentOp: ReferenceComputable {
    /// `Reference.recurrent` in layout 0: a batch-major (layout 1) X is reordered first and
    /// the outputs back, then packed Y, Y_h(, Y_c) like the op's own output.
    public func reference(inputs: [Tensor]) throws -> Tensor {
        let c = configuration
        let x = inputs[0]
        let (sequence, batch) = try c.sequenceAndBatch(x.shape)
        let (H, dirs) = (c.hiddenSize, c.directions)
        func toLayout0(_ values: [Float], _ outer: Int, _ middle: Int, _ inner: Int) -> [Float] {
            // [outer, middle, inner] → [middle, outer, inner]
            var result: [Float] = []
            for m in 0..<middle {
                for o in 0..<outer {
                    let start: Int = (o * middle + m) * inner
                    result += values[start..<start + inner]
                }
            }
            return result
        }
        let batchMajor = c.layout == 1
        let x0 = batchMajor ? toLayout0(x.scalars, batch, sequence, c.inputSize) : x.scalars
        let state: (Int) -> [Float]? = { index in
            guard index < inputs.count else { return nil }
            return batchMajor ? toLayout0(inputs[index].scalars, batch, dirs, H) : inputs[index].scalars
        }
        let initialH = c.hasInitialHidden ? state(1) : nil
        let initialC = c.hasInitialCell ? state(c.hasInitialHidden ? 2 : 1) : nil
        let (y, yh, yc) = Reference.recurrent(
            lstm: c.cell == .lstm, x: x0, sequence: sequence, batch: batch, input: c.inputSize, hidden: H, directions: dirs,
            reverseOnly: c.direction == .reverse, w: c.weight, r: c.recurrence, b: c.bias, p: c.peepholes,
            initialH: initialH, initialC: initialC, lengths: c.sequenceLengths,
            activations: c.activations.map(Self.referenceFunction), clip: c.clip.map(Double.init),
            inputForget: c.inputForget, linearBeforeReset: c.linearBeforeReset)
        // Back to batch-major: Y [seq, dirs, batch, H] → [batch, seq, dirs, H]; states [dirs, batch, H] → [batch, dirs, H].
        var yOut = y
        if batchMajor {
            yOut = []
            for b in 0..<batch {
                for t in 0..<sequence {
                    for d in 0..<dirs {
                        let start: Int = ((t * dirs + d) * batch + b) * H
                        yOut += y[start..<start + H]
                    }
                }
            }
        }
        let hOut = batchMajor ? toLayout0(yh, dirs, batch, H) : yh
        let cOut = batchMajor ? toLayout0(yc, dirs, batch, H) : yc
        let packed = yOut + hOut + (c.cell == .lstm ? cOut : [])
        return try Tensor(shape: [packed.count], values: packed)
    }

    /// The spec's activation formulas in Double, written apart from the engine's.
    static func referenceFunction(_ activation: RecurrentActivation) -> (Double) -> Double {
        switch activation {
        case .sigmoid: { 1 / (1 + exp(-$0)) }
        case .tanh: { tanh($0) }
        case .relu: { max(0, $0) }
        case .softsign: { $0 / (1 + abs($0)) }
        case .softplus: { log(1 + exp($0)) }
        case .hardSigmoid(let a, let b): { min(max(Double(a) * $0 + Double(b), 0), 1) }
        case .leakyRelu(let a): { $0 >= 0 ? $0 : Double(a) * $0 }
        case .thresholdedRelu(let a): { $0 > Double(a) ? $0 : 0 }
        case .affine(let a, let b): { Double(a) * $0 + Double(b) }
        case .scaledTanh(let a, let b): { Double(a) * tanh(Double(b) * $0) }
        case .elu(let a): { $0 >= 0 ? $0 : Double(a) * (exp($0) - 1) }
        }
    }
}

extension SegmentOp: ReferenceComputable {
    public func reference(inputs: [Tensor]) throws -> Tensor {
        try Tensor(shape: shape.dimensions, values: Array(inputs[0].scalars[offset..<offset + shape.elementCount]))
    }
}
