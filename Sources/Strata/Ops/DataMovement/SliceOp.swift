/// ONNX Slice on a run-time tensor of rank 0-8 (see ``SliceConfiguration`` for the bounds
/// arithmetic): steps of any sign, INT64 bounds clamped. ONNX Split becomes one SliceOp
/// per output (``init(axis:start:end:)``), so no node needs several outputs.
///
///     y[i_0, …, i_{r−1}] = x[first_0 + i_0·step_0, …, first_{r−1} + i_{r−1}·step_{r−1}]
///
/// A run is one `StridedCopy`: a slice of whole inner rows is a few long memcpys.
public struct SliceOp: GraphOp {
    /// The slice's bounds, axes and steps.
    public let configuration: SliceConfiguration

    /// A Slice node; the bounds are resolved against the input shape when the node is added.
    public init(_ configuration: SliceConfiguration) { self.configuration = configuration }

    /// The part `start..<end` of `axis` (Split's output).
    public init(axis: Int, start: Int, end: Int) {
        self.init(SliceConfiguration(starts: [start], ends: [end], axes: [axis]))
    }

    public var opName: String { "Slice" }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try configuration.outputShape(input: inputs[0])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let input = inputs[0]
        // An empty output has nothing to copy (and an empty input's strides may overflow).
        guard !output.isEmpty else { return KernelPlan { _, _, _ in } }
        let axes = try configuration.resolve(dims: input.dimensions)
        let strides = input.strides
        // A step's stride is only used on axes with more than one element, where it fits.
        let copy = StridedCopy(base: zip(axes, strides).reduce(0) { $0 + $1.0.first * $1.1 },
                               sizes: axes.map(\.count), strides: zip(axes, strides).map { $0.step &* $1 })
        return KernelPlan { inputs, output, _ in copy.run(inputs[0], output, workers: workers) }
    }
}

extension SliceOp: IntegerValuedOp {
    public func outputIsInteger(inputs: [Bool]) -> Bool { inputs[0] }
}
