#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Saving and strictly loading every parameter by name (`node.parameter`), in safetensors.
extension Graph {
    /// Writes every parameter and statistic (`conv1.weight`, `bn1.running_mean`, ...).
    /// Refuses to replace an existing file unless `overwrite` is true.
    public func saveParameters(to url: URL, overwrite: Bool = false) throws {
        try Safetensors.write(Dictionary(uniqueKeysWithValues: namedParameters.map { ($0.name, $0.value) }),
                              to: url, metadata: ["format": "strata"], overwrite: overwrite)
    }

    /// The same graph with every parameter replaced by the tensor of the same name.
    /// Strict: missing, unexpected and wrong-shaped tensors are one error listing all of them.
    public func loadingParameters(_ tensors: [String: Tensor]) throws -> Graph {
        let expected = Dictionary(uniqueKeysWithValues: namedParameters.map { ($0.name, $0.value.shape) })
        try Safetensors.checkNames(expected: expected, found: tensors)
        let newNodes = nodes.map { node -> Node in
            let values = Dictionary(uniqueKeysWithValues: node.op.parameters.map { ($0.name, tensors["\(node.name).\($0.name)"]!) })
            return Node(name: node.name, op: values.isEmpty ? node.op : node.op.replacingParameters(values),
                        inputs: node.inputs, outputShape: node.outputShape)
        }
        return Graph(validatedNodes: newNodes, outputs: outputs)
    }

    /// Reads a safetensors file and loads it strictly (see ``loadingParameters(_:)``).
    public func loadingParameters(contentsOf url: URL) throws -> Graph {
        try loadingParameters(Safetensors.read(contentsOf: url))
    }

    /// The same graph with every statistic and every BatchNorm scale and shift redrawn
    /// from a seeded generator: running means N(0, 0.1²), variances, scales U(0.5, 1.5),
    /// shifts N(0, 0.1²), conv/linear biases N(0, 0.05²). Fresh builders have identity
    /// BatchNorm and zero biases, which would let folding and bias bugs pass unnoticed.
    public func randomizingStatistics(seed: UInt64) throws -> Graph {
        var rng = SeededGenerator(seed: seed)
        var tensors: [String: Tensor] = [:]
        for (name, value) in namedParameters {
            let suffix = name.split(separator: ".").last.map(String.init) ?? name
            let isBatchNorm = nodes.contains { name.hasPrefix($0.name + ".") && $0.op is BatchNormOp }
            switch (isBatchNorm, suffix) {
            case (true, "running_mean"), (true, "bias"):
                tensors[name] = try Tensor.normal(value.shape.dimensions, standardDeviation: 0.1, using: &rng)
            case (true, _):
                tensors[name] = try Tensor.uniform(value.shape.dimensions, low: 0.5, high: 1.5, using: &rng)
            case (false, "bias"):
                tensors[name] = try Tensor.normal(value.shape.dimensions, standardDeviation: 0.05, using: &rng)
            default:
                tensors[name] = value
            }
        }
        return try loadingParameters(tensors)
    }
}
