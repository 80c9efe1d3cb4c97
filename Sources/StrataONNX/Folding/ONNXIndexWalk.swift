import Strata

/// A row-major walk over the elements of an output of any rank (0 included) that gives,
/// for each output element, the row-major position it reads in each operand. Every fold
/// that moves data uses it: numpy broadcasting (binary ops, Where, Expand, MatMul's batch
/// axes), Tile, Transpose, Slice and the reductions.
///
/// Along output axis `j`, operand `k` at output index `i` reads
///
///     position_k = base_k + Σ_j (i_j mod period_kj) · stride_kj
///
/// so broadcasting is `period 1` (or the full size), Tile is `period = input size`, Transpose
/// permutes the strides and Slice is `base = Σ start·stride`, `stride = step·stride`.
struct ONNXIndexWalk {
    /// How one operand is read along the output's axes.
    struct Operand {
        var base = 0
        /// Per output axis: the output index is taken modulo this (>= 1).
        var periods: [Int]
        /// Per output axis: the operand's element stride for one step of the output index.
        var strides: [Int]
    }

    let dims: [Int]
    /// The output's element count. `dims` must come from a decoded constant or have passed
    /// ``ONNXOps/foldedCount(_:_:)``; dims whose product overflows walk nothing.
    let count: Int
    let operands: [Operand]

    init(dims: [Int], operands: [Operand]) {
        self.dims = dims
        count = Shape.checkedElementCount(dims) ?? 0
        self.operands = operands
    }

    /// Row-major element strides of `dims`: `[d1·d2, d2, 1]` for `[d0, d1, d2]`.
    static func strides(_ dims: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: dims.count)
        // Wrapping: only an empty tensor's strides can overflow, and it is never walked.
        for axis in dims.indices.dropLast().reversed() { strides[axis] = strides[axis + 1] &* dims[axis + 1] }
        return strides
    }

    /// Operands of `operandDims` (right-aligned, each size 1 or equal to the output's)
    /// read while walking `dims`.
    init(dims: [Int], broadcasting operandDims: [[Int]]) {
        let operands = operandDims.map { operand -> Operand in
            let padded = [Int](repeating: 1, count: dims.count - operand.count) + operand
            return Operand(periods: padded.map { max($0, 1) }, strides: Self.strides(padded))
        }
        self.init(dims: dims, operands: operands)
    }

    /// numpy (ONNX "multidirectional") broadcasting of the operands: dims right-aligned,
    /// each axis's sizes equal or 1. The output is checked against the folding limit.
    static func broadcast(_ operandDims: [[Int]], what: String = "result") throws -> ONNXIndexWalk {
        let rank = operandDims.map(\.count).max() ?? 0
        var dims = [Int](repeating: 1, count: rank)
        for operand in operandDims {
            for (offset, size) in operand.reversed().enumerated() {
                let axis = rank - 1 - offset
                if dims[axis] == 1 {
                    dims[axis] = size
                } else if size != 1 && size != dims[axis] {
                    throw NodeIssue("dims \(operandDims.map(\.description).joined(separator: ", ")) do not broadcast: "
                        + "axis \(axis) (counted from the left of the rank-\(rank) result) has sizes \(dims[axis]) and \(size); "
                        + "numpy broadcasting needs equal sizes or 1")
                }
            }
        }
        _ = try ONNXOps.foldedCount(dims, what)
        return ONNXIndexWalk(dims: dims, broadcasting: operandDims)
    }

    /// Calls `body` with every output element's operand positions (in operand order), in
    /// row-major output order.
    func forEach(_ body: (_ positions: [Int]) throws -> Void) rethrows {
        guard count > 0 else { return }
        let rank = dims.count, n = operands.count
        // Flattened [operand][axis] tables; `phase` is i_j mod period_kj.
        let periods = operands.flatMap(\.periods), strides = operands.flatMap(\.strides)
        var phase = [Int](repeating: 0, count: n * rank)
        var index = [Int](repeating: 0, count: rank)
        var positions = operands.map(\.base)
        for _ in 0..<count {
            try body(positions)
            var axis = rank - 1
            while axis >= 0 {
                if index[axis] + 1 < dims[axis] {
                    index[axis] += 1
                    for k in 0..<n {
                        let t = k * rank + axis
                        phase[t] += 1
                        if phase[t] == periods[t] {
                            positions[k] -= (periods[t] - 1) * strides[t]
                            phase[t] = 0
                        } else {
                            positions[k] += strides[t]
                        }
                    }
                    break
                }
                index[axis] = 0
                for k in 0..<n {
                    let t = k * rank + axis
                    positions[k] -= phase[t] * strides[t]
                    phase[t] = 0
                }
                axis -= 1
            }
        }
    }

    /// `transform` of every output element's operand positions, in row-major order.
    func map<R>(_ transform: (_ positions: [Int]) throws -> R) rethrows -> [R] {
        var result: [R] = []
        result.reserveCapacity(count)
        try forEach { result.append(try transform($0)) }
        return result
    }
}

extension ONNXConstant {
    /// The constant of the walk's dims whose elements are this constant's elements at
    /// operand `operand`'s positions (same data type).
    func reading(_ walk: ONNXIndexWalk, operand: Int = 0) -> ONNXConstant {
        switch values {
        case .float(let v): ONNXConstant(dims: walk.dims, values: .float(walk.map { v[$0[operand]] }), dataType: dataType)
        case .int(let v): ONNXConstant(dims: walk.dims, values: .int(walk.map { v[$0[operand]] }), dataType: dataType)
        }
    }
}
