/// ONNX Transpose at any rank 0-8: output axis `i` is input axis `perm[i]`
/// (`[N, C, H, W]` with perm `[0, 2, 3, 1]` gives NHWC). Without a perm the axes are
/// reversed, as in ONNX and numpy: `[R, C] → [C, R]` for a matrix (Gemm's transA).
public struct TransposeOp: GraphOp {
    /// The permutation, or nil for the reversed axes of whatever rank the input has.
    public let perm: [Int]?

    /// A Transpose node; `perm` is checked against the input's rank when the node is added.
    public init(perm: [Int]? = nil) { self.perm = perm }

    public var opName: String { "Transpose" }
    public var spatialExtent: SpatialExtent { .global }

    /// The permutation used on an input of rank `rank`.
    public func permutation(rank: Int) -> [Int] { perm ?? Array((0..<rank).reversed()) }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        return try transposeShape(inputs[0], perm: perm)
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        // The merged axes and the algorithm are chosen once, here.
        let loops = TransposeLoops(shape: inputs[0], perm: permutation(rank: inputs[0].rank))
        return KernelPlan { inputs, output, _ in loops.run(inputs[0], output, workers: workers) }
    }
}
