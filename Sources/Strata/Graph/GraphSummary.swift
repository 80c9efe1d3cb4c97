/// A Keras-style `model.summary()`, with what Keras leaves out: MACs, and each node's
/// receptive field in input pixels together with its jump (the product of strides, i.e.
/// how far apart in the input two neighbouring output pixels look), and the algorithm each
/// convolution's plan runs (``ConvAlgorithm``).
public struct GraphSummary: Sendable, CustomStringConvertible {
    /// One node's line of the summary.
    public struct Row: Sendable {
        /// The node's name.
        public let name: String
        /// The op's ``GraphOp/opName``.
        public let op: String
        /// The node's output shape.
        public let outputShape: Shape
        /// Number of the node's parameters (weights, biases, BatchNorm statistics), as PyTorch counts them.
        public let parameters: Int
        /// Multiply-accumulates of one run at this shape (a convolution: `N·OC·OH·OW·(C/groups)·KH·KW`).
        public let macs: Int
        /// Input pixels one output pixel depends on (height x width); nil before any
        /// spatial op reads the image, i.e. for ops after a global one.
        public let receptiveField: Size2D
        /// Distance in input pixels between the centres of two neighbouring output pixels (height
        /// x width): the product of the strides so far (the "jump" of receptive-field arithmetic,
        /// Araujo et al., Distill 2019).
        public let jump: Size2D
        /// Input row and column of the first (top-left) pixel of output unit (0, 0)'s
        /// receptive field; negative when the field begins in the padding. Unit (y, x)
        /// sees rows `start.height + y·jump.height ..< + receptiveField.height` (likewise
        /// columns). Follows the standard recurrence for the field's centre,
        /// `start_out = start_in + ((k − 1)/2 − pad_begin)·jump_in` with `k` the dilated
        /// kernel `d·(k − 1) + 1` (Dang Ha The Hien, "A guide to receptive field arithmetic
        /// for Convolutional Neural Networks", 2017; Araujo et al., "Computing Receptive
        /// Fields of Convolutional Neural Networks", Distill 2019), written for the first
        /// pixel: `first_out = first_in − pad_begin·jump_in`. Meaningless when
        /// ``isGlobal``; only approximate after an upsampling op (ConvTranspose, Resize),
        /// whose jump the table does not divide.
        public let receptiveFieldStart: Size2D
        /// True once a global op (global pooling, flatten) has mixed the whole plane.
        public let isGlobal: Bool
        /// The algorithm the node's compiled plan runs (convolutions: ``ConvAlgorithm``),
        /// nil for ops with only one.
        public let algorithm: String?
    }

    /// One row per node, in graph order.
    public let rows: [Row]
    /// Sum of ``Row/parameters`` over the rows.
    public let totalParameters: Int
    /// Sum of ``Row/macs`` over the rows.
    public let totalMACs: Int
    /// Bytes of the compiled run's activation arena (every intermediate tensor, with
    /// liveness-based reuse), plus the inputs.
    public let peakActivationBytes: Int
    /// ``MemoryLimit/bytes`` when the summary was made; the summary notes a plan past it.
    public let memoryLimitBytes: Int

    public var description: String {
        let header = ["node", "op", "output shape", "params", "MACs", "receptive field", "jump", "algorithm"]
        let cells = rows.map { row in
            [row.name, row.op, row.outputShape.description, GraphSummary.grouped(row.parameters), GraphSummary.grouped(row.macs),
             row.isGlobal ? "whole input" : "\(row.receptiveField.height)x\(row.receptiveField.width)",
             "\(row.jump.height)x\(row.jump.width)", row.algorithm ?? ""]
        }
        let widths = header.indices.map { column in ([header] + cells).map { $0[column].count }.max()! }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: widths[index] - cell.count)
                return (3...4).contains(index) ? pad + cell : cell + pad
            }
            return String(padded.joined(separator: "  ").reversed().drop { $0 == " " }.reversed())
        }
        let rule = String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))
        return ([line(header), rule] + cells.map(line) + [rule,
            "total parameters: \(GraphSummary.grouped(totalParameters))",
            "total MACs: \(GraphSummary.grouped(totalMACs))",
            "peak activation memory (planned): \(GraphSummary.grouped(peakActivationBytes)) bytes"]
            + (peakActivationBytes > memoryLimitBytes ? [
                "  more than the memory limit of \(GraphSummary.grouped(memoryLimitBytes)) bytes: a run will fail "
                    + "(set STRATA_MEMORY_LIMIT to allow more)"] : []))
            .joined(separator: "\n")
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(value)
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return String(result.reversed())
    }
}

extension Graph {
    /// The summary table; peak memory comes from compiling the graph with default options,
    /// algorithms from planning each node for `workers` threads.
    public func summary(workers: Int = Threading.workers) throws -> GraphSummary {
        var fields: [(field: Size2D, jump: Size2D, start: Size2D, global: Bool)] = []
        var rows: [GraphSummary.Row] = []
        for node in nodes {
            let inputFields = node.inputs.map { fields[$0] }
            // Where branches meet (a residual add), the widest input decides, its start too.
            let widest = inputFields.max { $0.field.height * $0.field.width < $1.field.height * $1.field.width }
            var field = widest?.field ?? Size2D(1, 1)
            var start = widest?.start ?? Size2D(0, 0)
            var jump = inputFields.first?.jump ?? Size2D(1, 1)
            var global = inputFields.contains { $0.global }
            let inputShapes = node.inputs.map { nodes[$0].outputShape }
            // Padding moves the first window's start back by pad_begin input pixels, i.e.
            // pad_begin·jump_in image pixels (a Pad shifts positions the same way).
            let padStart = node.op.spatialPaddingStart(inputs: inputShapes)
            start = Size2D(start.height - padStart.height * jump.height, start.width - padStart.width * jump.width)
            switch node.op.spatialExtent {
            case .pointwise:
                break
            case let .window(kernel, stride, dilation):
                field = Size2D(field.height + (kernel.height - 1) * dilation.height * jump.height,
                               field.width + (kernel.width - 1) * dilation.width * jump.width)
                jump = Size2D(jump.height * stride.height, jump.width * stride.width)
            case .global:
                global = true
            }
            fields.append((field, jump, start, global))
            rows.append(GraphSummary.Row(
                name: node.name, op: node.op.opName, outputShape: node.outputShape,
                parameters: node.learnedParameterCount,
                macs: node.op.macs(inputs: inputShapes, output: node.outputShape),
                receptiveField: field, jump: jump, receptiveFieldStart: start, isGlobal: global,
                algorithm: node.op.plannedAlgorithm(inputs: inputShapes, workers: workers)))
        }
        // The arena of the default compilation, planned but never allocated.
        var optimized = try GraphPasses.foldBatchNorm(self, keeping: [])
        optimized = try GraphPasses.fuseActivations(optimized, keeping: [])
        let arena = ArenaPlan(graph: optimized, keeping: []).count
        let floats = MemoryLimit.total([arena] + inputs.map { nodes[$0].outputShape.elementCount }) ?? .max
        return GraphSummary(
            rows: rows, totalParameters: rows.reduce(0) { $0.saturatingAdding($1.parameters) },
            totalMACs: rows.reduce(0) { $0.saturatingAdding($1.macs) },
            peakActivationBytes: floats.multipliedReportingOverflow(by: MemoryLayout<Float>.stride).overflow ? .max : floats * MemoryLayout<Float>.stride,
            memoryLimitBytes: MemoryLimit.bytes)
    }
}
