import Strata

/// LSTM and GRU (opsets 7 and 14): one ``RecurrentOp`` computing Y, Y_h (and Y_c) into one
/// buffer, and a ``SegmentOp`` per output the model uses. Weights, biases, peepholes and
/// sequence lengths must be constants; initial states may be computed.
extension ONNXOps {
    static func recurrent(_ node: ONNXNodeContext, _ cell: RecurrentConfiguration.Cell) throws {
        let x = try node.shape(0)
        let w = try node.constant(1, "W"), r = try node.constant(2, "R")
        guard w.rank == 3, r.rank == 3, x.rank == 3 else {
            throw NodeIssue("X \(x), W \(w.dims), R \(r.dims); expected rank 3 each")
        }
        let hidden = try node.attributes.int("hidden_size") ?? r.dims[2]
        let directionName = try node.attributes.string("direction", default: "forward")
        guard let direction = RecurrentConfiguration.Direction(rawValue: directionName) else {
            throw NodeIssue("direction '\(directionName)'; expected forward, reverse or bidirectional")
        }
        let names = try node.attributes.strings("activations")
        var alphas = try node.attributes.floats("activation_alpha") ?? []
        var betas = try node.attributes.floats("activation_beta") ?? []
        let activations = try names.map { list in
            try list.map { name -> RecurrentActivation in
                guard let plain = RecurrentActivation(name: name, alpha: nil, beta: nil) else {
                    throw NodeIssue("activation '\(name)' is not supported")
                }
                // The alpha and beta lists are consumed in order by the functions that take them.
                let alpha = plain.parameterCount >= 1 && !alphas.isEmpty ? alphas.removeFirst() : nil
                let beta = plain.parameterCount >= 2 && !betas.isEmpty ? betas.removeFirst() : nil
                return RecurrentActivation(name: name, alpha: alpha, beta: beta)!
            }
        }
        let clip = try node.attributes.floatIfPresent("clip")
        if let clip, !(clip > 0) {   // onnxruntime refuses these too: the cell clamps to [-clip, clip]
            throw NodeIssue("clip \(clip) must be a positive number (the cell input is clamped to [-clip, clip])")
        }
        let layout = node.opset >= 14 ? try node.attributes.int("layout", default: 0) : 0
        let inputForget = cell == .lstm ? try node.attributes.int("input_forget", default: 0) != 0 : false
        let linearBeforeReset = cell == .gru ? try node.attributes.int("linear_before_reset", default: 0) != 0 : false
        let lengths = node.has(4) ? try node.constant(4, "sequence_lens").integers("sequence_lens") : nil
        let initialHidden = node.has(5), initialCell = cell == .lstm && node.has(6)
        let configuration: RecurrentConfiguration
        do {
            configuration = try RecurrentConfiguration(
                cell: cell, hiddenSize: hidden, inputSize: x.rank == 3 ? x[2] : 0, direction: direction,
                activations: activations, clip: clip, inputForget: inputForget, linearBeforeReset: linearBeforeReset,
                layout: layout, weight: w.floats, recurrence: r.floats,
                bias: node.has(3) ? try node.constant(3, "B").floats : nil,
                peepholes: cell == .lstm && node.has(7) ? try node.constant(7, "P").floats : nil,
                sequenceLengths: lengths, hasInitialHidden: initialHidden, hasInitialCell: initialCell)
        } catch let error as StrataError {
            throw NodeIssue("\(error)")
        }
        var inputs = [try node.activation(0)]
        if initialHidden { inputs.append(try node.activation(5)) }
        if initialCell { inputs.append(try node.activation(6)) }
        let label = node.node.output.first { !$0.isEmpty } ?? node.output
        let packed = try node.emit(RecurrentOp(configuration), inputs: inputs, name: "\(label).packed")
        let (y, state) = try configuration.outputShapes(input: x)
        let segments = [(0, y), (y.elementCount, state), (y.elementCount + state.elementCount, state)]
        for (index, (offset, shape)) in segments.enumerated() where node.wants(output: index) && (index < 2 || cell == .lstm) {
            try node.emit(SegmentOp(offset: offset, shape: shape), inputs: [packed], name: node.node.output[index])
        }
    }
}
