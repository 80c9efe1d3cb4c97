import Foundation
import Strata
@testable import StrataTraining

/// Tests/Fixtures/optim/optim-cases.json, written by make-optim-cases.py next to it (numpy,
/// torch.optim's algorithms; no Strata code).
struct OptimizerCases: Decodable {
    struct Parameter: Decodable { let name: String; let shape: [Int] }
    struct Step: Decodable {
        /// Each parameter's values after the step.
        let parameters: [[Float]]
        /// `"<parameter>.<state>"` after the step.
        let state: [String: [Float]]
    }
    struct Case: Decodable {
        let name: String
        let optimizer: String
        let options: Options
        let steps: [Step]

        /// The settings a case gives (the others keep the optimizer's defaults).
        struct Options: Decodable {
            let momentum, dampening, weightDecay, beta1, beta2, eps: Float?
            let nesterov: Bool?
        }

        /// The optimizer this case describes, over `parameters`.
        func makeOptimizer(_ parameters: [(name: String, shape: Shape)]) throws -> any Optimizer {
            let betas = (options.beta1 ?? 0.9, options.beta2 ?? 0.999)
            switch optimizer {
            case "sgd":
                return try SGD(parameters: parameters, momentum: options.momentum ?? 0, dampening: options.dampening ?? 0,
                               nesterov: options.nesterov ?? false, weightDecay: options.weightDecay ?? 0)
            case "adam":
                return try Adam(parameters: parameters, betas: betas, eps: options.eps ?? 1e-8,
                                weightDecay: options.weightDecay ?? 0)
            default:
                precondition(optimizer == "adamw", "unknown optimizer \(optimizer) in the fixture")
                // AdamW's own default weight decay (0.01) when the case gives none.
                return try options.weightDecay.map {
                    try AdamW(parameters: parameters, betas: betas, eps: options.eps ?? 1e-8, weightDecay: $0)
                } ?? AdamW(parameters: parameters, betas: betas, eps: options.eps ?? 1e-8)
            }
        }
    }

    let parameters: [Parameter]
    let initial: [[Float]]
    let learningRates: [Float]
    /// `gradients[step][parameter]`.
    let gradients: [[[Float]]]
    let cases: [Case]

    static let shared: OptimizerCases = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/optim/optim-cases.json")
        // swiftlint:disable:next force_try
        return try! JSONDecoder().decode(OptimizerCases.self, from: Data(contentsOf: url))
    }()

    var shapes: [(name: String, shape: Shape)] {
        parameters.map { (name: $0.name, shape: try! Shape($0.shape)) }
    }
}

/// Parameter and gradient buffers owned by a test, viewed as `ParameterBuffer`s.
final class TestParameters {
    let buffers: [ParameterBuffer]

    init(_ shapes: [(name: String, shape: Shape)], values: [[Float]]) {
        buffers = zip(shapes, values).map { parameter, initial in
            let value = UnsafeMutablePointer<Float>.allocate(capacity: initial.count)
            value.initialize(from: initial, count: initial.count)
            let gradient = UnsafeMutablePointer<Float>.allocate(capacity: initial.count)
            gradient.initialize(repeating: 0, count: initial.count)
            return ParameterBuffer(name: parameter.name, shape: parameter.shape, value: value, gradient: gradient)
        }
    }

    deinit {
        for buffer in buffers {
            buffer.value.deallocate()
            buffer.gradient.deallocate()
        }
    }

    func setGradients(_ gradients: [[Float]]) {
        for (buffer, gradient) in zip(buffers, gradients) { buffer.gradient.update(from: gradient, count: buffer.count) }
    }

    var values: [[Float]] { buffers.map { Array(UnsafeBufferPointer(start: $0.value, count: $0.count)) } }
}

/// Bit-equal: the reference does the same float32 operations in the same order (PyTorch's),
/// and neither side fuses multiply-adds. (PyTorch's own vectorized CPU kernels do fuse some,
/// so torch itself may differ from both in the last bit.)
func sameAsReference(_ actual: Float, _ expected: Float) -> Bool { actual == expected }
