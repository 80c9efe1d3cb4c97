extension Graph {
    /// The tensors for the graph inputs, in ``inputs`` order, from a dictionary keyed by
    /// input name. Throws ``GraphError/invalidInputs(_:)`` listing every missing and
    /// unknown name, or ``GraphError/inputMismatch(input:expected:got:)`` for the first
    /// tensor whose shape differs from its input's.
    public func orderedInputs(_ given: [String: Tensor]) throws -> [Tensor] {
        let names = inputNames
        let missing = names.filter { given[$0] == nil }
        let unknown = given.keys.filter { !names.contains($0) }.sorted()
        guard missing.isEmpty && unknown.isEmpty else {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("no tensor for input\(missing.count == 1 ? "" : "s") " + Graph.quoted(missing)) }
            if !unknown.isEmpty { parts.append("no graph input named " + Graph.quoted(unknown)) }
            throw GraphError.invalidInputs(parts.joined(separator: "; ") + "; the graph's inputs are " + Graph.quoted(names))
        }
        return try names.map { name in
            let tensor = given[name]!
            let expected = nodes[try index(of: name)].outputShape
            guard tensor.shape == expected else {
                throw GraphError.inputMismatch(input: name, expected: expected, got: tensor.shape)
            }
            return tensor
        }
    }

    /// `input` as the tensor of the graph's only input; throws if the graph has several.
    /// (SPI: the divergence finder in StrataDiagnostics takes a single input the same way.)
    @_spi(Diagnostics) public func onlyInput(_ input: Tensor) throws -> [String: Tensor] {
        guard inputs.count == 1 else {
            throw GraphError.invalidInputs(
                "the graph has \(inputs.count) inputs \(Graph.quoted(inputNames)); pass a tensor for each by name")
        }
        return [self.input.name: input]
    }

    static func quoted(_ names: [String]) -> String { names.map { "'\($0)'" }.joined(separator: ", ") }
}
