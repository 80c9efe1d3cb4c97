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

    /// Reads a safetensors file and loads it strictly (see the overload taking ``SafetensorsContents``):
    /// a PyTorch `state_dict` saved with `safetensors.torch.save_file` loads as it is.
    /// - Throws: ``StrataError/invalidFile(_:)`` for a malformed file, or one listing every
    ///   missing, unexpected and wrong-shaped tensor.
    public func loadingParameters(contentsOf url: URL) throws -> Graph {
        do {
            return try loadingParameters(Safetensors.readContents(of: url))
        } catch StrataError.invalidFile(let message) where message.hasPrefix("the tensors do not match") {
            throw StrataError.invalidFile("\(url.path(percentEncoded: false)): \(message)")
        }
    }

    /// Loads a safetensors file's contents strictly, the way PyTorch's
    /// `load_state_dict(strict=True)` treats a `state_dict`: every parameter by name, the
    /// float types converted to float32 (see ``SafetensorsDType``). BatchNorm's
    /// `NODE.num_batches_tracked` (an `I64` scalar PyTorch saves for every BatchNorm) is
    /// accepted when present and ignored, since it only matters for training with
    /// `momentum=None`; it may also be absent, as PyTorch allows. Any other integer tensor
    /// is loaded as float32, as PyTorch's `copy_` into a float parameter would.
    /// - Throws: ``StrataError/invalidFile(_:)`` listing every missing, unexpected and
    ///   wrong-shaped tensor (``StrictLoadReport``).
    public func loadingParameters(_ contents: SafetensorsContents) throws -> Graph {
        var tensors = contents.tensors
        let batchNorms = Set(nodes.filter { $0.op is BatchNormOp }.map(\.name))
        for (name, integer) in contents.integers {
            if Self.isBatchCounter(name, integer.shape, batchNorms: batchNorms) { continue }
            tensors[name] = try Tensor(shape: integer.shape.dimensions, values: integer.values.map { Float($0) })
        }
        for (name, tensor) in contents.tensors where Self.isBatchCounter(name, tensor.shape, batchNorms: batchNorms) {
            tensors[name] = nil
        }
        return try loadingParameters(tensors)
    }

    /// Whether `name` is PyTorch's `num_batches_tracked` of a BatchNorm node: one value.
    private static func isBatchCounter(_ name: String, _ shape: Shape, batchNorms: Set<String>) -> Bool {
        let suffix = ".num_batches_tracked"
        return name.hasSuffix(suffix) && batchNorms.contains(String(name.dropLast(suffix.count))) && shape.elementCount == 1
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
