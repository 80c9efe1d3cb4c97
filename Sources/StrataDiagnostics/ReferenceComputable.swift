import Strata

/// An op with a naive reference computation: plain loops from `StrataReference`, in
/// Double, sharing no code with the fast kernels. The conformances in `References/`, one
/// file per op family, are the reference table: the one place that says which reference
/// computes which op with which parameters. Tests, the divergence finder and
/// `engine-bench` all go through ``referenceOutput(of:inputs:)``.
public protocol ReferenceComputable: GraphOp {
    /// The op's output for `inputs` (shapes as the op accepts them), computed naively.
    func reference(inputs: [Tensor]) throws -> Tensor
}

/// `op`'s output for `inputs` by its reference computation; throws
/// ``MissingReferenceError`` naming the op when it has none.
public func referenceOutput(of op: any GraphOp, inputs: [Tensor]) throws -> Tensor {
    guard let computable = op as? any ReferenceComputable else {
        throw MissingReferenceError(opName: op.opName, typeName: String(describing: type(of: op)))
    }
    return try computable.reference(inputs: inputs)
}

/// Thrown for an op without a reference computation in the table.
public struct MissingReferenceError: Error, CustomStringConvertible {
    /// The op's `GraphOp.opName`.
    public let opName: String
    /// The op's Swift type name, the name a reference-table entry would be added under.
    public let typeName: String
    /// What is missing inside the op, when the op type has a reference but not for this
    /// case (an activation the reference does not know).
    public let detail: String?

    /// Describes the op that has no reference; `detail` says what is missing inside it, if anything.
    public init(opName: String, typeName: String, detail: String? = nil) {
        (self.opName, self.typeName, self.detail) = (opName, typeName, detail)
    }

    public var description: String {
        "no reference computation for op '\(opName)' (\(typeName))" + (detail.map { ": \($0)" } ?? "")
            + "; add it to the reference table (Sources/StrataDiagnostics/References/)"
    }
}

extension Tensor {
    /// A tensor of `shape` holding `values` (a reference kernel's row-major output).
    init(_ shape: Shape, _ values: [Float]) throws {
        try self.init(shape: shape.dimensions, values: values)
    }
}
