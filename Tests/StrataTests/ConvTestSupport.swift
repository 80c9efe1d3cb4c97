import Strata
import StrataDiagnostics
import StrataReference
import Testing

/// One convolution test case: the engine's configuration plus the same numbers spelled
/// out for the reference kernel, independently of the engine's window arithmetic (the
/// random tests pick cases the reference can compute by them). Expected values come from
/// the reference table, whose spelling of the configuration is checked against this one.
struct ConvCase: CustomStringConvertible {
    var batch: Int, inChannels: Int, height: Int, width: Int
    var outChannels: Int, kernel: Size2D, stride: Size2D = 1, dilation: Size2D = 1
    var padding: Padding2D = .zero
    var groups: Int = 1
    var hasBias: Bool = true

    var configuration: Conv2dConfiguration {
        Conv2dConfiguration(inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
                            padding: .explicit(padding), dilation: dilation, groups: groups)
    }

    var referenceParameters: ReferenceConv2dParameters {
        ReferenceConv2dParameters(
            batch: batch, inChannels: inChannels, inHeight: height, inWidth: width,
            outChannels: outChannels, kernelHeight: kernel.height, kernelWidth: kernel.width,
            strideHeight: stride.height, strideWidth: stride.width,
            dilationHeight: dilation.height, dilationWidth: dilation.width,
            padTop: padding.top, padLeft: padding.left, padBottom: padding.bottom, padRight: padding.right,
            groups: groups)
    }

    var inputDimensions: [Int] { [batch, inChannels, height, width] }

    var description: String { referenceParameters.description + (hasBias ? " bias" : " no-bias") }
}

/// The engine's output and the reference output for one case on seeded random data.
struct ConvResult {
    let plan: Conv2dPlan
    let comparison: TensorComparison
}

/// Runs `testCase` through `Conv2dPlan` with `workers` threads (with `algorithm` where it
/// applies, and `activation` fused) and through the reference, on inputs and weights drawn
/// from `generator`.
func runAgainstReference(
    _ testCase: ConvCase, workers: Int, algorithm: ConvAlgorithm? = nil, activation: Activation? = nil,
    generator: inout SeededGenerator
) throws -> ConvResult {
    let configuration = testCase.configuration
    let input = try Tensor.uniform(testCase.inputDimensions, low: -1, high: 1, using: &generator)
    let weight = try Tensor.uniform(configuration.weightDimensions, low: -1, high: 1, using: &generator)
    let bias = testCase.hasBias ? try Tensor.uniform([testCase.outChannels], low: -1, high: 1, using: &generator) : nil

    let plan = try Conv2dPlan(configuration: configuration, inputShape: input.shape, activation: activation,
                              workers: workers, algorithm: algorithm)
    let prepared = try plan.preparedWeights(weight)
    let values = planOutput(plan, weight: prepared, bias: bias) { w, b, y, scratch in
        plan.execute(input: input.scalars, preparedWeights: w, bias: b, output: y, workspace: scratch)
    }
    let output = try Tensor(shape: plan.outputShape.dimensions, values: values)
    let tableParameters = try configuration.referenceParameters(inputShape: input.shape)
    #expect(tableParameters.description == testCase.referenceParameters.description, "the reference table spells \(testCase) differently")
    let expected = try referenceOutput(of: ConvOp(configuration, weight: weight, bias: bias, activation: activation), inputs: [input])
    return ConvResult(plan: plan, comparison: try output.compared(with: expected))
}

/// What `run` writes into `plan`'s output, given the weights, the bias (or nil), the
/// output and the workspace, both filled with NaN first (so an element it misses shows).
func planOutput(
    _ plan: Conv2dPlan, weight: Tensor, bias: Tensor?,
    _ run: (_ weights: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?, _ output: UnsafeMutablePointer<Float>,
            _ workspace: UnsafeMutablePointer<Float>) -> Void
) -> [Float] {
    var output = [Float](repeating: .nan, count: plan.outputShape.elementCount)
    var workspace = [Float](repeating: .nan, count: max(plan.workspaceCount, 1))
    weight.withUnsafeBufferPointer { w in
        output.withUnsafeMutableBufferPointer { y in
            workspace.withUnsafeMutableBufferPointer { scratch in
                (bias?.scalars).withOptionalPointer { b in run(w.baseAddress!, b, y.baseAddress!, scratch.baseAddress!) }
            }
        }
    }
    return output
}

extension Optional where Wrapped == [Float] {
    func withOptionalPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        switch self {
        case .none: body(nil)
        case .some(let values): values.withUnsafeBufferPointer { body($0.baseAddress) }
        }
    }
}

/// The worst element of `actual` outside the rounding bound of a float sum, described, or
/// nil when every element is within it (and NaN exactly where `expected` has NaN).
///
/// A float sum of `products` products and a bias differs from the exact one by at most
/// (products + 1)·u·Σ|terms| (u = 2⁻²⁴, with or without FMA), and the reference's rounding
/// to float adds u·|sum|; `magnitude` is Σ|terms| per element (the reference computation
/// on |input|, |weights| and |bias|). A fused activation is 1-Lipschitz (none, ReLU, Clip)
/// or at most 1.5 (HardSwish), plus 4 ulps of its own.
func worstOutsideSumBound(
    actual: [Float], expected: [Float], magnitude: [Float], products: Int, activation: Activation?
) -> String? {
    let lipschitz = activation == .hardSwish ? 1.5 : 1.0
    var worst: (excess: Double, index: Int)?
    for (index, (a, e)) in zip(actual, expected).enumerated() {
        let bound = lipschitz * Double(products + 2) * 0x1p-24 * Double(magnitude[index]) + 4 * Double(e.ulp)
        let excess = a.isNaN != e.isNaN ? .infinity : a.isNaN ? 0 : abs(Double(a) - Double(e)) / bound
        if excess > 1 && excess > (worst?.excess ?? 0) { worst = (excess, index) }
    }
    return worst.map { "element \($0.index) is \(actual[$0.index]), expected \(expected[$0.index]) (\($0.excess)x the bound)" }
}
