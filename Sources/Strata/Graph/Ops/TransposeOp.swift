import StrataReference

/// The transpose of a 2-D tensor, `[R, C] → [C, R]` (ONNX Transpose with perm [1, 0], or
/// Gemm's transA).
public struct TransposeOp: GraphOp {
    public init() {}

    public var opName: String { "Transpose" }
    public var spatialExtent: SpatialExtent { .global }

    public func outputShape(for inputs: [Shape]) throws -> Shape {
        try expectInputCount(inputs, 1)
        guard inputs[0].rank == 2 else {
            throw StrataError.invalidShape("transpose input has shape \(inputs[0]); expected rank 2 [rows, columns]")
        }
        return try Shape([inputs[0][1], inputs[0][0]])
    }

    public func plan(inputs: [Shape], output: Shape, workers: Int) throws -> any OpPlan {
        TransposePlan(rows: inputs[0][0], columns: inputs[0][1])
    }

    public func reference(inputs: [Tensor]) throws -> Tensor {
        let (rows, columns) = (inputs[0].shape[0], inputs[0].shape[1])
        return try Tensor(shape: [columns, rows], values: Reference.transpose2D(inputs[0].scalars, rows: rows, columns: columns))
    }
}

struct TransposePlan: OpPlan {
    let rows: Int, columns: Int

    func execute(inputs: UnsafeBufferPointer<UnsafePointer<Float>>, output: UnsafeMutablePointer<Float>,
                 workspace: UnsafeMutablePointer<Float>?) {
        transpose2D(inputs[0], into: output, rows: rows, columns: columns)
    }
}
