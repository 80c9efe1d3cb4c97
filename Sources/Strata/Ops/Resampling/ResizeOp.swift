/// ONNX Resize and Upsample (see ``ResizeConfiguration``): the feature pyramid's x2 nearest
/// upsampling, the segmentation head's bilinear resize, and the rest.
public struct ResizeOp: GraphOp {
    /// The resize, independent of the input shape.
    public let configuration: ResizeConfiguration

    /// A resize node; the configuration is checked against the input shape when the node is added.
    public init(_ configuration: ResizeConfiguration) { self.configuration = configuration }

    public var opName: String { "Resize" }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try configuration.outputShape(input: inputs[0])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let kernel = try ResizeKernel(configuration, input: inputs[0], workers: workers)
        return KernelPlan(workspaceCount: kernel.workspaceCount) { inputs, output, workspace in
            kernel.run(inputs[0], output, workspace: workspace, workers: workers)
        }
    }
}

/// The algorithm a resize runs, chosen once per input shape, each under its exact
/// precondition (stated at its type):
///
/// | kernel | when |
/// |---|---|
/// | `copy` | the output shape is the input's (onnxruntime copies then, whatever the mode) |
/// | `replicate` (``NearestReplication``) | nearest by whole factors on the last two axes |
/// | `nearest` (``NearestGather``) | any other nearest resize |
/// | `bilinear` (``Bilinear2D``) | linear on the last two axes only, no antialias or extrapolation |
/// | `separable` (``SeparableResize``) | everything else: one pass per resized axis |
enum ResizeKernel: Sendable {
    case copy(count: Int)
    case replicate(NearestReplication)
    case nearest(NearestGather)
    case bilinear(Bilinear2D)
    case separable(SeparableResize)

    init(_ configuration: ResizeConfiguration, input: Shape, workers: Int) throws {
        let geometry = try configuration.geometry(input: input)
        if geometry.output == input {
            self = .copy(count: input.elementCount)
            return
        }
        let tables = try input.dimensions.indices.map { try ResizeAxisTable(configuration, geometry: geometry, axis: $0) }
        if configuration.mode == .nearest {
            if let replication = NearestReplication(tables: tables, geometry: geometry) {
                self = .replicate(replication)
            } else {
                self = .nearest(NearestGather(tables: tables, geometry: geometry, extrapolationValue: configuration.extrapolationValue))
            }
        } else if configuration.mode == .linear, !configuration.antialias,
                  let bilinear = Bilinear2D(tables: tables, geometry: geometry, workers: workers) {
            self = .bilinear(bilinear)
        } else {
            self = .separable(try SeparableResize(tables: tables, geometry: geometry, extrapolationValue: configuration.extrapolationValue))
        }
    }

    var workspaceCount: Int {
        switch self {
        case .bilinear(let kernel): kernel.workspaceCount
        case .separable(let kernel): kernel.workspaceCount
        default: 0
        }
    }

    /// The kernel's name, for tests and benchmarks.
    var name: String {
        switch self {
        case .copy: "copy"
        case .replicate: "replicate"
        case .nearest: "nearest"
        case .bilinear: "bilinear"
        case .separable: "separable"
        }
    }

    func run(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, workspace: UnsafeMutablePointer<Float>?, workers: Int) {
        switch self {
        case .copy(let count): y.update(from: x, count: count)
        case .replicate(let kernel): kernel.run(x, y, workers: workers)
        case .nearest(let kernel): kernel.run(x, y, workers: workers)
        case .bilinear(let kernel):
            if let workspace { kernel.run(x, y, workspace: workspace, workers: workers) }   // nil only for an empty output
        case .separable(let kernel): kernel.run(x, y, workspace: workspace, workers: workers)
        }
    }
}
