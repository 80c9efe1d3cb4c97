@_spi(Diagnostics) import Strata

extension Graph {
    /// The graph run by the reference table alone (``referenceOutput(of:inputs:)``): every
    /// node's naive computation (Double inside each op, float tensors between ops, as the
    /// engine stores them) on the reference outputs of the nodes before it. What a whole
    /// network's outputs should be, to compare a compiled graph's with; unlike the
    /// divergence finder, errors compound through the network as they do in the engine.
    /// Returns every graph output by name.
    public func referenceRun(inputs: [String: Tensor]) throws -> [String: Tensor] {
        let bound = try orderedInputs(inputs)
        var values = [Tensor?](repeating: nil, count: nodes.count)
        for (position, index) in self.inputs.enumerated() { values[index] = bound[position] }
        for (index, node) in nodes.enumerated() where !node.isInput {
            values[index] = try referenceOutput(of: node.op, inputs: node.inputs.map { values[$0]! })
        }
        return Dictionary(uniqueKeysWithValues: outputs.map { (nodes[$0].name, values[$0]!) })
    }

    /// ``referenceRun(inputs:)`` of a single-input graph: its first output.
    public func referenceRun(_ input: Tensor) throws -> Tensor {
        try referenceRun(inputs: onlyInput(input))[outputNames[0]]!
    }
}
