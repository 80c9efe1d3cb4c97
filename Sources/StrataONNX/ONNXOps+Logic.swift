import Foundation
import Strata

/// Variadic Min, Max and Mean, the comparisons, logic ops and Where on run-time tensors
/// (BOOL results held as float 0/1), and the folds the core lacks (Xor, Mean, Pow).
extension ONNXOps {
    /// Min, Max (opsets 6, 8), Mean (6, 8): a left fold of broadcasting binary ops,
    /// `((x0 ∘ x1) ∘ x2) ∘ …` in input order as onnxruntime computes it; Mean divides the
    /// sum by the input count. Before opset 8 the inputs must have one shape (no broadcasting).
    static func variadic(_ node: ONNXNodeContext, _ kind: BinaryOp.Kind, mean: Bool = false) throws {
        let count = node.inputCount
        guard count >= 1 else { throw NodeIssue("\(node.opType) needs at least one input; the node has none") }
        let shapes = try (0..<count).map { try node.shape($0) }
        if node.opset < 8, let other = shapes.first(where: { $0 != shapes[0] }) {
            throw NodeIssue("inputs of shapes \(shapes[0]) and \(other): \(node.opType) before opset 8 takes inputs of one shape "
                + "(the model imports opset \(node.opset)); numpy broadcasting needs opset 8")
        }
        guard count > 1 else {
            try node.emit(IdentityOp(), inputs: [node.activation(0)])
            return
        }
        var result = try node.activation(0)
        for index in 1..<count {
            let last = index == count - 1 && !mean
            result = try node.emit(BinaryOp(kind), inputs: [result, node.activation(index)],
                                   name: last ? nil : "\(node.output).\(kind.rawValue.lowercased())\(index)")
        }
        if mean {
            let divisor = try node.graph.emitConstant("\(node.output).count", ONNXConstant(dims: [], floats: [Float(count)]))
            try node.emit(BinaryOp(.div), inputs: [result, divisor])
        }
    }

    /// Mean (6, 8) of constants: the floating-point sum in input order, divided by the count.
    static func foldMean(_ node: ONNXNodeContext) throws {
        guard node.inputCount >= 1 else { throw NodeIssue("Mean needs at least one input; the node has none") }
        let inputs = try (0..<node.inputCount).map { try node.constant($0, "input \($0)") }
        let type = try commonType(inputs.enumerated().map { ("input \($0.offset)", $0.element) }, "Mean")
        try require(type, .floatingPoint, "inputs", of: "Mean")
        var sum = inputs[0]
        for next in inputs.dropFirst() { sum = try elementwise(.add, sum, next, op: "Mean") }
        let n = Float(inputs.count)
        node.fold(ONNXConstant(dims: sum.dims, values: .float(sum.floats.map { type.storing($0 / n) }), dataType: type))
    }

    /// Xor-7 of BOOL constants, with numpy broadcasting.
    static func foldXor(_ node: ONNXNodeContext) throws {
        let a = try node.constant(0, "A"), b = try node.constant(1, "B")
        guard a.dataType == .bool, b.dataType == .bool, case .int(let x) = a.values, case .int(let y) = b.values else {
            throw NodeIssue("Xor takes BOOL inputs; got A \(a.summary), B \(b.summary)")
        }
        let walk = try ONNXIndexWalk.broadcast([a.dims, b.dims])
        node.fold(ONNXConstant(dims: walk.dims, values: .int(walk.map { (x[$0[0]] != 0) != (y[$0[1]] != 0) ? 1 : 0 }), dataType: .bool))
    }

    /// Pow (7, 12) of constants with numpy broadcasting: a floating-point base gives its
    /// type (C `powf`); an integer base an integer, computed in Double and truncated as
    /// onnxruntime does (an infinite or out-of-range result is an error).
    static func foldPow(_ node: ONNXNodeContext) throws {
        let base = try node.constant(0, "X"), exponent = try node.constant(1, "Y")
        try require(base.dataType, .numeric, "base X", of: "Pow")
        try require(exponent.dataType, .numeric, "exponent Y", of: "Pow")
        if node.opset < 12, base.dataType != exponent.dataType {
            throw NodeIssue("Pow before opset 12 takes X and Y of one type; got X \(base.summary), Y \(exponent.summary)")
        }
        let walk = try ONNXIndexWalk.broadcast([base.dims, exponent.dims])
        let (x, y) = (base.floats, exponent.floats)
        switch base.values {
        case .float:
            node.fold(ONNXConstant(dims: walk.dims, values: .float(walk.map { base.dataType.storing(powf(x[$0[0]], y[$0[1]])) }), dataType: base.dataType))
        case .int(let exact):
            let e = exponent.values
            let values = try walk.map { positions -> Int64 in
                let power: Double
                if case .int(let integers) = e {
                    power = Foundation.pow(Double(exact[positions[0]]), Double(integers[positions[1]]))
                } else {
                    power = Foundation.pow(Double(exact[positions[0]]), Double(y[positions[1]]))
                }
                guard let value = Int64(exactly: power.rounded(.towardZero)) else {
                    throw NodeIssue("Pow of integers gives \(power), which \(base.dataType) cannot hold")
                }
                return base.dataType.wrapping(value)
            }
            node.fold(ONNXConstant(dims: walk.dims, values: .int(values), dataType: base.dataType))
        }
    }

    /// Where-9 (16: new types only) on run-time tensors: condition, X, Y broadcast together.
    static func whereSelect(_ node: ONNXNodeContext) throws {
        try node.emit(WhereOp(), inputs: [node.activation(0), node.activation(1), node.activation(2)])
    }
}
