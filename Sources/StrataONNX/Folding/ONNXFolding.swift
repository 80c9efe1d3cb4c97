import Strata

/// Constant folding: ops evaluated at import on ``ONNXConstant`` values (any rank, float32
/// or Int64), so shape arithmetic and weight computations never run per element. Each
/// function reads its node's constant inputs and attributes through the context and
/// records the result with `node.fold(_:)`.
extension ONNXOps {
    enum ArithmeticKind: Sendable { case add, sub, mul, div, equal, less, greater, lessOrEqual, greaterOrEqual, and, or, min, max }
    enum UnaryKind: Sendable { case neg, abs, floor, ceil, sqrt, not }
    enum ReduceKind: Sendable { case sum, prod }

    static func foldArithmetic(_ node: ONNXNodeContext, _ kind: ArithmeticKind) throws { throw notYet(node) }
    static func foldVariadic(_ node: ONNXNodeContext, _ kind: ArithmeticKind) throws { throw notYet(node) }
    static func foldUnary(_ node: ONNXNodeContext, _ kind: UnaryKind) throws { throw notYet(node) }
    static func foldReduce(_ node: ONNXNodeContext, _ kind: ReduceKind) throws { throw notYet(node) }
    static func foldTranspose(_ node: ONNXNodeContext) throws { throw notYet(node) }
    static func foldMatMul(_ node: ONNXNodeContext) throws { throw notYet(node) }
    static func foldSlice(_ node: ONNXNodeContext) throws { throw notYet(node) }
    static func foldCast(_ node: ONNXNodeContext) throws { throw notYet(node) }
    static func foldRange(_ node: ONNXNodeContext) throws { throw notYet(node) }
    static func foldConstantOfShape(_ node: ONNXNodeContext) throws { throw notYet(node) }
    static func foldExpand(_ node: ONNXNodeContext) throws { throw notYet(node) }
    static func foldTile(_ node: ONNXNodeContext) throws { throw notYet(node) }
    static func foldMod(_ node: ONNXNodeContext) throws { throw notYet(node) }
    static func foldWhere(_ node: ONNXNodeContext) throws { throw notYet(node) }

    private static func notYet(_ node: ONNXNodeContext) -> NodeIssue { NodeIssue("folding \(node.opType) is not implemented yet") }
}
