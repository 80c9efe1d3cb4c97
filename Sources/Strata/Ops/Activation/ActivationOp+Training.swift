import Foundation

/// Backward passes of the standalone activations: `dx += dy · f′(x)` elementwise.
///
/// Derivatives at the kinks are PyTorch's (`tools/autograd/derivatives.yaml` and the
/// `*_backward` kernels of ATen), so a model trains here as it does there:
/// relu′(0) = 0; leakyReLU′(0) = alpha; clip passes the gradient where min ≤ x ≤ max, both
/// ends included (`clamp_backward`); hardSigmoid passes it only strictly inside the ramp;
/// hardSwish′ is 0 below −3, x/3 + 1/2 on [−3, 3], 1 above; elu/selu/celu use the negative
/// branch at 0; abs′(0) = 0 (`sgn`); thresholdedReLU′ is 0 at x = alpha; shrink′ is 0 on
/// [−lambd, lambd]. Floor, ceil, round and sign have zero gradient everywhere (PyTorch's
/// choice: they are piecewise constant). logicalNot and cast are not differentiable and
/// have no training plan.
extension ActivationOp: TrainableOp {
    /// Plans the activation forward (the inference kernel) and its backward.
    /// - Throws: ``StrataError/invalidArgument(_:)`` for `logicalNot` and `cast`, which
    ///   have no gradient.
    public func trainingPlan(inputs: [Shape], output: Shape, workers: Int) throws -> any TrainingPlan {
        let (activation, count) = (activation, output.elementCount)
        switch activation {
        case .logicalNot, .cast:
            throw StrataError.invalidArgument(
                "activation \(activation.name) is not differentiable and cannot be trained; remove it from the "
                    + "trainable graph or use a differentiable activation")
        default: break
        }
        return ClosureTrainingPlan(
            forward: { pass in activation.apply(pass.inputs[0], into: pass.output, count: count, workers: workers) },
            backward: { pass in
                guard let dx = pass.inputGradients[0] else { return }
                let (x, y, dy) = (pass.inputs[0], pass.output, pass.outputGradient)
                let shares = elementwiseShares(count, workers: workers)
                parallelFor(shares, workers: workers) { share in
                    let (start, end) = evenSplit(count, parts: shares, part: share)
                    activation.accumulateGradient(x: x + start, y: y + start, dy: dy + start, dx: dx + start, count: end - start)
                }
            })
    }
}

extension Activation {
    /// `dx[i] += dy[i] · f′(x[i])` for `i in 0..<count`; `y` is f(x) from the forward pass
    /// (sigmoid, tanh, exp, sqrt and reciprocal read their derivative off it).
    func accumulateGradient(
        x: UnsafePointer<Float>, y: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>,
        count: Int
    ) {
        @inline(__always) func map(_ derivative: (Float, Float) -> Float) {
            for i in 0..<count { dx[i] += dy[i] * derivative(x[i], y[i]) }
        }
        switch self {
        case .relu: reluGradient(x: x, dy: dy, dx: dx, count: count)
        case .leakyReLU(let alpha): map { x, _ in x > 0 ? 1 : alpha }
        case .clip(let low, let high): map { x, _ in x >= low && x <= high ? 1 : 0 }
        case .sigmoid: map { _, y in y * (1 - y) }
        case .tanh: map { _, y in 1 - y * y }
        case .gelu:
            // Φ(x) + x·φ(x), Φ the standard normal CDF (PyTorch `GeluBackward`, approximate="none").
            map { x, _ in
                let cdf = 0.5 * Foundation.erfc(-x / Float(2).squareRoot())
                return cdf + x * Foundation.exp(-0.5 * x * x) / Float(2 * Double.pi).squareRoot()
            }
        case .geluTanh:
            // d/dx 0.5·x·(1 + tanh u), u = √(2/π)(x + 0.044715x³) (PyTorch, approximate="tanh").
            map { x, _ in
                let k = Float((2 / Double.pi).squareRoot())
                let t = Foundation.tanh(k * (x + 0.044715 * x * x * x))
                return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * k * (1 + 3 * 0.044715 * x * x)
            }
        case .silu:
            map { x, _ in
                let s = 1 / (1 + Foundation.exp(-x))
                return s * (1 + x * (1 - s))
            }
        case .hardSigmoid(let alpha, let beta):
            map { x, _ in
                let v = alpha * x + beta
                return v > 0 && v < 1 ? alpha : 0
            }
        case .hardSwish: map { x, _ in x < -3 ? 0 : (x <= 3 ? x / 3 + 0.5 : 1) }
        case .erf: map { x, _ in Float(2 / Double.pi.squareRoot()) * Foundation.exp(-x * x) }
        case .softsign:
            map { x, _ in
                let d = 1 + Swift.abs(x)
                return 1 / (d * d)
            }
        case .sqrt: map { _, y in 0.5 / y }
        case .exp: map { _, y in y }
        case .log: map { x, _ in 1 / x }
        case .abs: map { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }
        case .neg: map { _, _ in -1 }
        case .reciprocal: map { _, y in -y * y }
        case .floor, .ceil, .round, .sign: return   // zero gradient: nothing to add
        case .elu(let alpha): map { x, _ in x > 0 ? 1 : alpha * Foundation.exp(x) }
        case .selu(let alpha, let gamma): map { x, _ in x > 0 ? gamma : gamma * alpha * Foundation.exp(x) }
        case .celu(let alpha): map { x, _ in x > 0 ? 1 : Foundation.exp(x / alpha) }
        case .softplus: map { x, _ in 1 / (1 + Foundation.exp(-x)) }
        case .mish:
            // tanh(sp) + x·sigmoid(x)·(1 − tanh²(sp)), sp = softplus(x).
            map { x, _ in
                let t = Foundation.tanh(Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))))
                return t + x * (1 / (1 + Foundation.exp(-x))) * (1 - t * t)
            }
        case .thresholdedReLU(let alpha): map { x, _ in x > alpha ? 1 : 0 }
        case .shrink(_, let lambd): map { x, _ in x < -lambd || x > lambd ? 1 : 0 }
        case .logicalNot, .cast: preconditionFailure("\(name) has no training plan")
        }
    }
}

/// `dx += x > 0 ? dy : 0`, 8 lanes at a time (the hot backward of CNN training).
private func reluGradient(x: UnsafePointer<Float>, dy: UnsafePointer<Float>, dx: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i &+ 8 <= count {
        let passed = loadVector(dy + i).replacing(with: 0, where: loadVector(x + i) .<= 0)
        storeVector(loadVector(dx + i) + passed, to: dx + i)
        i &+= 8
    }
    while i < count {
        if x[i] > 0 { dx[i] += dy[i] }
        i += 1
    }
}
