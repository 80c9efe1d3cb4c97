/// `Y = alpha · op(A) · op(B)` with both operands computed at run time: ONNX MatMul in full
/// generality (numpy matmul: 1-D operands promoted, leading axes broadcast) and Gemm with
/// a run-time B. `op` transposes the last two axes when asked (Gemm's transA, transB).
/// Shapes in ``MatMulShapes``; the kernel is ``MatMulPlan`` (`cblas_sgemm`). A constant B
/// of rank <= 2 is better served by ``LinearOp``, which the ONNX importer uses then.
public struct MatMulOp: GraphOp {
    /// Transpose A's last two axes first (Gemm's `transA`).
    public let transposeA: Bool
    /// Transpose B's last two axes first (Gemm's `transB`).
    public let transposeB: Bool
    /// The product's scale (Gemm's `alpha`; 1 for MatMul).
    public let alpha: Float

    /// A MatMul node on the inputs `[A, B]`; ONNX MatMul with the defaults.
    public init(transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1) {
        (self.transposeA, self.transposeB, self.alpha) = (transposeA, transposeB, alpha)
    }

    public var opName: String { "MatMul" }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 2)
        return try MatMulShapes(a: inputs[0], b: inputs[1], transposeA: transposeA, transposeB: transposeB).output
    }

    public func macs(inputs: [Shape], output: Shape) -> Int {
        guard let s = try? MatMulShapes(a: inputs[0], b: inputs[1], transposeA: transposeA, transposeB: transposeB) else { return 0 }
        return .saturatingProduct(s.batchCount, s.m, s.n, s.k)
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        let plan = try MatMulPlan(a: inputs[0], b: inputs[1], transposeA: transposeA, transposeB: transposeB,
                                  alpha: alpha, workers: workers)
        return KernelPlan { inputs, output, _ in plan.execute(a: inputs[0], b: inputs[1], output: output) }
    }
}
