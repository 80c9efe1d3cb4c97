/// Folding of ops that make or broadcast tensors from shapes: Range, ConstantOfShape,
/// Expand, Tile, Where (the YOLO anchor grid and PyTorch shape chains).
extension ONNXOps {
    /// Range (opset 11): `count = max(⌈(limit − start) / delta⌉, 0)` elements, `out[0] =
    /// start`, `out[i] = out[i−1] + delta`: the spec's function body (a Loop adding delta)
    /// and onnxruntime accumulate, so float results carry that rounding (Range(0, 1, 0.1)
    /// holds 0.70000005 at 7). Integer counts are exact; float counts divide in Double as
    /// onnxruntime does. A zero delta, a NaN or infinite count, or a count above the
    /// folding limit is an error.
    static func foldRange(_ node: ONNXNodeContext) throws {
        let operands = try [("start", 0), ("limit", 1), ("delta", 2)].map { (name: $0.0, value: try node.constant($0.1, $0.0)) }
        let type = try commonType(operands, "Range")
        guard [.float, .double, .int16, .int32, .int64].contains(type) else {
            throw NodeIssue("Range takes FLOAT, DOUBLE, INT16, INT32 or INT64 inputs; got \(type)")
        }
        if let bad = operands.first(where: { $0.value.rank > 1 || $0.value.elementCount != 1 }) {
            throw NodeIssue("Range's \(bad.name) must be a scalar; got dims \(bad.value.dims)")
        }
        let described = operands.map { "\($0.name) \($0.value.valueText)" }.joined(separator: ", ")
        switch (operands[0].value.values, operands[1].value.values, operands[2].value.values) {
        case let (.float(start), .float(limit), .float(delta)):
            let (start, limit, delta) = (start[0], limit[0], delta[0])
            guard delta != 0 else { throw NodeIssue("Range with delta 0 (\(described)) never reaches its limit") }
            // onnxruntime: (limit − start) in the input type, divided in double.
            let difference = type == .double ? Double(limit) - Double(start) : Double(limit - start)
            let steps = (difference / Double(delta)).rounded(.up)
            guard steps.isFinite else { throw NodeIssue("Range (\(described)) has no finite element count") }
            let count = try rangeCount(steps <= 0 ? 0 : steps > Double(maximumFoldedElements) ? Int.max : Int(steps), described)
            var values = [Float](repeating: 0, count: count)
            if type == .double {
                var value = Double(start)
                for i in 0..<count { values[i] = Float(value); value += Double(delta) }
            } else {
                var value = start
                for i in 0..<count { values[i] = value; value += delta }
            }
            node.fold(ONNXConstant(dims: [count], values: .float(values), dataType: type))
        case let (.int(start), .int(limit), .int(delta)):
            let (start, limit, delta) = (start[0], limit[0], delta[0])
            guard delta != 0 else { throw NodeIssue("Range with delta 0 (\(described)) never reaches its limit") }
            // Exact ceiling division, in 128 bits so that limit − start cannot overflow.
            let difference = Int128(limit) - Int128(start), step = Int128(delta)
            var steps = difference / step
            if difference % step != 0 && (difference > 0) == (step > 0) { steps += 1 }
            let count = try rangeCount(steps <= 0 ? 0 : Int(clamping: steps), described)
            var values = [Int64](repeating: 0, count: count)
            var value = start
            for i in 0..<count { values[i] = value; value &+= delta }
            node.fold(ONNXConstant(dims: [count], values: .int(values), dataType: type))
        default:
            throw NodeIssue("Range needs inputs of one data type; got \(operands.map { "\($0.name) \($0.value.summary)" })")
        }
    }

    private static func rangeCount(_ count: Int, _ described: String) throws -> Int {
        guard count <= maximumFoldedElements else {
            throw NodeIssue("Range (\(described)) would have \(count) elements; Strata folds at most \(maximumFoldedElements) (2^27) at import")
        }
        return count
    }

    /// ConstantOfShape (opsets 9, 20, 21): a tensor of dims `input` (1-D INT64, every
    /// value >= 0; empty gives a scalar) filled with attribute `value`, a one-element
    /// tensor whose type the output takes (default FLOAT 0).
    static func foldConstantOfShape(_ node: ONNXNodeContext) throws {
        let shape = try node.constant(0, "shape")
        guard shape.rank == 1, shape.dataType == .int64 else {
            throw NodeIssue("ConstantOfShape's input must be a 1-D INT64 shape; got \(shape.summary)")
        }
        let dims = try indexValues(shape, "shape")
        let count = try foldedCount(dims, "ConstantOfShape output")
        let fill = try node.attributes.tensor("value").map(ONNXConstant.init) ?? ONNXConstant(dims: [1], floats: [0])
        guard fill.elementCount == 1 else {
            throw NodeIssue("attribute value is \(fill.summary); ConstantOfShape needs a one-element tensor")
        }
        switch fill.values {
        case .float(let v): node.fold(ONNXConstant(dims: dims, values: .float(.init(repeating: v[0], count: count)), dataType: fill.dataType))
        case .int(let v): node.fold(ONNXConstant(dims: dims, values: .int(.init(repeating: v[0], count: count)), dataType: fill.dataType))
        }
    }

    /// Expand (opsets 8, 13): `input` broadcast with `shape` (1-D INT64) both ways by
    /// numpy's rule; the output dims are the broadcast of input's dims and `shape`, so a 1
    /// in `shape` keeps the input's size there.
    static func foldExpand(_ node: ONNXNodeContext) throws {
        let input = try node.constant(0, "input"), shapeValue = try node.constant(1, "shape")
        guard shapeValue.rank == 1 else { throw NodeIssue("Expand's shape must be 1-D; got \(shapeValue.summary)") }
        let shape = try indexValues(shapeValue, "shape")
        if let bad = shape.first(where: { $0 < 0 }) {
            throw NodeIssue("Expand's shape \(shape) has a negative size \(bad); expected sizes >= 0")
        }
        let walk = try ONNXIndexWalk.broadcast([input.dims, shape], what: "Expand output")
        node.fold(input.reading(walk))
    }

    /// Tile (opsets 6, 13): output dims `dims[j]·repeats[j]`, `out[i] = input[i mod dims]`
    /// along every axis. `repeats` is 1-D INT64 with one value >= 0 per input axis.
    static func foldTile(_ node: ONNXNodeContext) throws {
        let input = try node.constant(0, "input"), repeatsValue = try node.constant(1, "repeats")
        let repeats = try indexValues(repeatsValue, "repeats")
        guard repeatsValue.rank == 1, repeats.count == input.rank, repeats.allSatisfy({ $0 >= 0 }) else {
            throw NodeIssue("Tile's repeats \(repeats) (dims \(repeatsValue.dims)) must be 1-D with one value >= 0 per axis of the input \(input.summary)")
        }
        var dims: [Int] = []
        for (axis, (size, times)) in zip(input.dims, repeats).enumerated() {
            let (product, overflow) = size.multipliedReportingOverflow(by: times)
            guard !overflow else {
                throw NodeIssue("Tile of \(input.dims) by repeats \(repeats): axis \(axis) would have \(size) × \(times) elements, more than fit in Int")
            }
            dims.append(product)
        }
        _ = try foldedCount(dims, "Tile output")
        let walk = ONNXIndexWalk(dims: dims, operands: [
            .init(periods: input.dims.map { max($0, 1) }, strides: ONNXIndexWalk.strides(input.dims)),
        ])
        node.fold(input.reading(walk))
    }

    /// Where (opsets 9, 16): `out[i] = condition[i] ? X[i] : Y[i]`, the three broadcast
    /// together (numpy's rule). condition is BOOL; X and Y share a type, the output's.
    static func foldWhere(_ node: ONNXNodeContext) throws {
        let condition = try node.constant(0, "condition"), x = try node.constant(1, "X"), y = try node.constant(2, "Y")
        guard condition.dataType == .bool, case .int(let c) = condition.values else {
            throw NodeIssue("Where's condition must be BOOL; got \(condition.summary)")
        }
        let type = try commonType([("X", x), ("Y", y)], "Where")
        let walk = try ONNXIndexWalk.broadcast([condition.dims, x.dims, y.dims], what: "Where output")
        switch (x.values, y.values) {
        case (.float(let a), .float(let b)):
            node.fold(ONNXConstant(dims: walk.dims, values: .float(walk.map { c[$0[0]] != 0 ? a[$0[1]] : b[$0[2]] }), dataType: type))
        case (.int(let a), .int(let b)):
            node.fold(ONNXConstant(dims: walk.dims, values: .int(walk.map { c[$0[0]] != 0 ? a[$0[1]] : b[$0[2]] }), dataType: type))
        default:
            throw NodeIssue("Where needs X and Y of one data type; got X \(x.summary), Y \(y.summary)")
        }
    }
}
