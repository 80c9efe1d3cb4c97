import Strata

/// How ``ONNXImporter`` resolves what the file leaves open. Symbolic dimensions that no
/// option fixes stay symbolic: each run binds them from its input shapes.
public struct ONNXImportOptions: Sendable {
    /// Fixed shapes by input name, such as `["images": [1, 3, 640, 640]]`. Each must have
    /// the input's rank and agree with the sizes the file fixes.
    public var inputShapes: [String: [Int]]
    /// Sizes by symbol name (an ONNX `dim_param`), such as `["height": 640]`.
    public var dimensions: [String: Int]
    /// A size for a symbolic first dimension of every input (PyTorch's
    /// `dynamic_axes={"input": {0: "batch"}}`); nil leaves it symbolic.
    public var batchSize: Int?
    /// How many compiled plans (one per distinct set of input shapes) the model keeps.
    public var planCacheCapacity: Int

    /// Options that fix nothing (every symbolic size bound per run) and keep 8 plans; each
    /// argument sets the property of the same name.
    public init(inputShapes: [String: [Int]] = [:], dimensions: [String: Int] = [:], batchSize: Int? = nil,
                planCacheCapacity: Int = 8) {
        self.inputShapes = inputShapes
        self.dimensions = dimensions
        self.batchSize = batchSize
        self.planCacheCapacity = planCacheCapacity
    }
}
