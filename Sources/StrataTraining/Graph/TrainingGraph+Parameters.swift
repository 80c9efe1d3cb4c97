import Strata

extension TrainingGraph {
    /// Every parameter and statistic by its `state_dict` name (`conv1.weight`,
    /// `bn1.running_mean`), copied out of the training buffers.
    public func parameterTensors() -> [String: Tensor] {
        var tensors: [String: Tensor] = [:]
        for slot in layoutParameters {
            var tensor = Tensor(shape: slot.shape)
            tensor.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: slot.value, count: $0.count) }
            tensors[slot.name] = tensor
        }
        return tensors
    }

    /// Replaces every parameter and statistic, strictly (as PyTorch's
    /// `load_state_dict(strict=True)`).
    /// - Throws: `StrataError.invalidFile` listing every missing, unexpected and mis-shaped tensor.
    public func loadParameters(_ tensors: [String: Tensor]) throws {
        try Safetensors.checkNames(expected: Dictionary(uniqueKeysWithValues: layoutParameters.map { ($0.name, $0.shape) }), found: tensors)
        for slot in layoutParameters {
            tensors[slot.name]!.withUnsafeBufferPointer { slot.value.update(from: $0.baseAddress!, count: $0.count) }
        }
    }

    /// The graph as it was given (its batch size, its final Softmax) with the trained
    /// parameters and statistics: what inference, `saveParameters` and ONNX export take.
    /// - Throws: only if the parameters no longer match the graph (an internal error).
    public func trainedGraph() throws -> Graph {
        try originalGraph.loadingParameters(parameterTensors())
    }
}
