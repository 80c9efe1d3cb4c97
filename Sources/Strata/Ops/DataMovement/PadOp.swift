/// ONNX Pad of any axes, with constant, reflect, edge or wrap mode and negative amounts
/// (cropping); see ``PadConfiguration``.
public struct PadOp: GraphOp {
    /// Amounts, mode and fill value.
    public let configuration: PadConfiguration

    /// A Pad node.
    public init(_ configuration: PadConfiguration) { self.configuration = configuration }

    /// Constant padding of the spatial axes of `[N, C, H, W]`.
    public init(_ padding: Padding2D, value: Float = 0) {
        self.init(PadConfiguration(spatial: padding, value: value))
    }

    public var opName: String { "Pad" }

    /// Each output pixel reads at most one input pixel.
    public var spatialExtent: SpatialExtent { .pointwise }

    /// The begins of axes 2 and 3 of an `[N, C, H, W]` input (a crop when negative).
    public func spatialPaddingStart(inputs: [Shape]) -> Size2D {
        let begins = configuration.begins
        guard inputs.first?.rank == 4, begins.count == 4 else { return Size2D(0, 0) }
        return Size2D(begins[2], begins[3])
    }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try configuration.outputShape(input: inputs[0])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let tables = try PadTables(configuration: configuration, input: inputs[0])
        return KernelPlan { inputs, output, _ in pad(inputs[0], into: output, tables: tables, workers: workers) }
    }
}
