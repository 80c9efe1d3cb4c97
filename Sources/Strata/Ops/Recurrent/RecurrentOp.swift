/// An ONNX LSTM or GRU node (see ``RecurrentConfiguration``): inputs X, then the initial
/// hidden state and (LSTM) cell state when the configuration has them. Its output packs
/// Y, Y_h and (LSTM) Y_c one after another, flat; ``SegmentOp`` nodes take them apart.
public struct RecurrentOp: GraphOp {
    /// The layer: cell, sizes, weights and attributes.
    public let configuration: RecurrentConfiguration

    /// A recurrent node; the configuration has already checked its weights.
    public init(_ configuration: RecurrentConfiguration) { self.configuration = configuration }

    public var opName: String { configuration.cell.rawValue }
    public var spatialExtent: SpatialExtent { .global }

    var inputCount: Int { 1 + (configuration.hasInitialHidden ? 1 : 0) + (configuration.hasInitialCell ? 1 : 0) }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, inputCount)
        let shapes = try configuration.outputShapes(input: inputs[0])
        for state in inputs.dropFirst() where state != shapes.hidden {
            throw StrataError.shapeMismatch("\(opName) initial state has shape \(state); expected \(shapes.hidden)")
        }
        let data = try RecurrentPlanData(configuration, input: inputs[0])
        return try Shape([data.outputCount])
    }

    public func macs(inputs: [Shape], output: Shape) -> Int {
        guard let data = try? RecurrentPlanData(configuration, input: inputs[0]) else { return 0 }
        return .saturatingProduct(data.sequence, data.batch, configuration.directions, data.gateWidth,
                                  configuration.inputSize.saturatingAdding(configuration.hiddenSize))
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let data = try RecurrentPlanData(configuration, input: inputs[0])
        let (hidden, cell) = (configuration.hasInitialHidden, configuration.hasInitialCell)
        return KernelPlan(workspaceCount: data.workspaceCount) { inputs, output, workspace in
            runRecurrent(data, x: inputs[0], initialHidden: hidden ? inputs[1] : nil,
                         initialCell: cell ? inputs[hidden ? 2 : 1] : nil, output: output, workspace: workspace!)
        }
    }
}
