#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The tuning step of ``CompileOptions/tuning``: times every algorithm that applies to a
/// convolution, on its real input shape, weights and worker count, and keeps the fastest
/// in a ``ConvTuningCache``, the way cuDNN's and oneDNN's benchmark modes pick a kernel.
/// The cost model (``ConvAlgorithm``) is measured on a few shapes of one machine; this
/// measures the layer itself, on this one.
///
/// Each candidate runs once to warm up, then ``runs`` times; the median counts. Inputs are
/// seeded pseudo-random values (timing does not depend on them). A layer with one
/// applicable algorithm is not timed.
struct ConvTuner {
    let cache: ConvTuningCache
    let context: ExecutionContext
    let workers: Int
    static let runs = 5

    /// The fastest algorithm for `conv` on `input` (`[N, C, H, W]`), from the cache or
    /// measured now; nil when only one algorithm applies.
    /// - Throws: plan errors of the layer; ``StrataError/memoryLimit(_:)`` when its input
    ///   does not fit the limit (a candidate whose own buffers do not fit is skipped).
    func fastestAlgorithm(for conv: ConvOp, input: Shape) throws -> ConvAlgorithm? {
        let baseline = try Conv2dPlan(configuration: conv.configuration, inputShape: input, activation: conv.activation,
                                      workers: workers, workspaceBudget: conv.workspaceBudget)
        let candidates = ConvAlgorithm.allCases.filter { $0.isApplicable(to: conv.configuration, geometry: baseline.geometry) }
        guard candidates.count > 1 else { return nil }
        let layer = Self.key(conv, baseline)
        if let known = cache.algorithm(for: layer), candidates.contains(known) { return known }

        try MemoryLimit.check(floats: input.elementCount, "the input \(input) of a convolution to tune")
        var inputValues = Tensor(shape: input)
        var state: UInt32 = 0x2545_F491
        inputValues.withUnsafeMutableBufferPointer { values in
            for i in values.indices {
                state = state &* 1_664_525 &+ 1_013_904_223
                values[i] = Float(Int32(bitPattern: state) >> 8) / Float(1 << 23)
            }
        }
        var best: (algorithm: ConvAlgorithm, time: Duration)?
        for algorithm in candidates {
            let plan = try Conv2dPlan(configuration: conv.configuration, inputShape: input, activation: conv.activation,
                                      workers: workers, algorithm: algorithm, workspaceBudget: conv.workspaceBudget)
            let weights: Tensor
            do {
                // A candidate that does not fit the memory limit (Winograd's transformed
                // weights) is not a choice: the compiled graph could not use it either.
                weights = try plan.preparedWeights(conv.weight)
                try MemoryLimit.check(floats: MemoryLimit.total([plan.outputShape.elementCount, plan.workspaceCount]) ?? .max,
                                      "tuning \(algorithm.rawValue)")
            } catch StrataError.memoryLimit {
                continue
            }
            let time = Self.median(of: plan, input: inputValues, weights: weights, bias: conv.bias, context: context)
            if best == nil || time < best!.time { best = (algorithm, time) }
        }
        guard let best else { return nil }
        cache.record(best.algorithm, for: layer)
        return best.algorithm
    }

    /// Everything the timing of `conv` depends on besides the machine.
    static func key(_ conv: ConvOp, _ plan: Conv2dPlan) -> String {
        let c = conv.configuration
        return "conv \(c.inChannels)->\(c.outChannels) kernel \(c.kernel.height)x\(c.kernel.width) "
            + "stride \(c.stride.height)x\(c.stride.width) padding \(plan.geometry.padding) "
            + "dilation \(c.dilation.height)x\(c.dilation.width) groups \(c.groups) input \(plan.inputShape) "
            + "activation \(conv.activation?.name ?? "none") workers \(plan.workers) "
            + "workspace \(conv.workspaceBudget * MemoryLayout<Float>.stride) bytes"
    }

    private static func median(
        of plan: Conv2dPlan, input: Tensor, weights: Tensor, bias: Tensor?, context: ExecutionContext
    ) -> Duration {
        var output = [Float](repeating: 0, count: plan.outputShape.elementCount)
        var workspace = [Float](repeating: 0, count: max(1, plan.workspaceCount))
        let clock = ContinuousClock()
        var times: [Duration] = []
        context.perform {
            input.withUnsafeBufferPointer { x in
                withWeightAndBias(weights, bias) { w, b in
                    output.withUnsafeMutableBufferPointer { y in
                        workspace.withUnsafeMutableBufferPointer { scratch in
                            for run in 0...runs {
                                let start = clock.now
                                plan.execute(input: x.baseAddress!, preparedWeights: w, bias: b,
                                             output: y.baseAddress!, workspace: scratch.baseAddress!)
                                if run > 0 { times.append(clock.now - start) }   // run 0 warms up
                            }
                        }
                    }
                }
            }
        }
        return times.sorted()[times.count / 2]
    }
}
