import Strata

/// Identity, Dropout, Reshape, Squeeze, Unsqueeze: aliasing ``IdentityOp`` nodes (data
/// does not move). Constant, Shape, Gather and any of these on constants fold at import,
/// so PyTorch's `x.view(x.size(0), -1)` chain (Shape → Gather → Unsqueeze → Concat →
/// Reshape) becomes one reshape.
extension ONNXOps {
    static func identity(_ node: ONNXNodeContext) throws {
        try reshape(node, to: nil)
    }

    /// Inference Dropout is the identity; a training_mode input must be a constant false.
    static func dropout(_ node: ONNXNodeContext) throws {
        node.attributes.ignore("seed", "ratio")
        if node.has(2), try node.constant(2, "training_mode").values.contains(where: { $0 != 0 }) {
            throw NodeIssue("training_mode is true; only inference Dropout is supported")
        }
        try reshape(node, to: nil)
    }

    static func reshape(_ node: ONNXNodeContext) throws {
        try node.attributes.require("allowzero", equals: 0, because: "zero-sized dimensions")
        let x = try node.shape(0)
        var dims = try node.constant(1, "shape").integers
        for (index, dim) in dims.enumerated() where dim == 0 {
            guard index < x.rank else { throw NodeIssue("shape \(dims) copies dimension \(index) of \(x), which has none") }
            dims[index] = x[index]
        }
        if let inferred = dims.firstIndex(of: -1) {
            let known = dims.enumerated().filter { $0.offset != inferred }.reduce(1) { $0 * $1.element }
            guard known > 0, x.elementCount % known == 0 else { throw NodeIssue("cannot reshape \(x) to \(dims)") }
            dims[inferred] = x.elementCount / known
        }
        try reshape(node, to: dims)
    }

    static func squeeze(_ node: ONNXNodeContext) throws {
        let x = try node.shape(0)
        let given = node.opset < 13 ? try node.attributes.ints("axes") : (node.has(1) ? try node.constant(1, "axes").integers : nil)
        let axes = try Set((given ?? x.dimensions.indices.filter { x[$0] == 1 }).map { try node.axis($0, rank: x.rank) })
        if let bad = axes.first(where: { x[$0] != 1 }) { throw NodeIssue("cannot squeeze axis \(bad) of \(x): its size is not 1") }
        try reshape(node, to: x.dimensions.indices.filter { !axes.contains($0) }.map { x[$0] })
    }

    static func unsqueeze(_ node: ONNXNodeContext) throws {
        let dims = try node.isConstant(0) ? node.constant(0, "data").dims : node.shape(0).dimensions
        guard let given = node.opset < 13 ? try node.attributes.ints("axes") : try node.constant(1, "axes").integers else {
            throw NodeIssue("attribute axes is missing")
        }
        let rank = dims.count + given.count
        let axes = try Set(given.map { try node.axis($0, rank: rank) })
        var source = dims.makeIterator()
        try reshape(node, to: (0..<rank).map { axes.contains($0) ? 1 : source.next()! })
    }

    /// The node's output as input 0 under new dimensions (nil: unchanged): folded when the
    /// input is a constant, an aliasing ``IdentityOp`` otherwise.
    static func reshape(_ node: ONNXNodeContext, to dims: [Int]?) throws {
        if node.isConstant(0) {
            var value = try node.constant(0, "data")
            if let dims {
                guard dims.reduce(1, *) == value.elementCount else { throw NodeIssue("cannot reshape constant \(value.dims) to \(dims)") }
                value.dims = dims
            }
            return node.fold(value)
        }
        let shape: Shape? = try dims.map { dims in
            do { return try Shape(dims) } catch { throw NodeIssue("output dimensions \(dims): \(error)") }
        }
        try node.emit(IdentityOp(reshapingTo: shape), inputs: [node.activation(0)])
    }

    static func constant(_ node: ONNXNodeContext) throws {
        if let tensor = try node.attributes.tensor("value") {
            node.fold(try ONNXConstant(tensor))
        } else if let value = try node.attributes.floats("value_floats") {
            node.fold(ONNXConstant(dims: [value.count], values: value.map(Double.init), elementType: .float))
        } else if let value = try node.attributes.ints("value_ints") {
            node.fold(ONNXConstant(dims: [value.count], values: value.map(Double.init), elementType: .integer))
        } else if let value = try node.attributes.int("value_int") {
            node.fold(ONNXConstant(dims: [], values: [Double(value)], elementType: .integer))
        } else if node.node.attribute.contains(where: { $0.name == "value_float" }) {
            node.fold(ONNXConstant(dims: [], values: [Double(try node.attributes.float("value_float", default: 0))], elementType: .float))
        }
        // Anything else (sparse_value, strings) stays unread and is reported.
    }

    /// The static shape of an activation, as an INT64 constant (start/end: opset 15).
    static func shape(_ node: ONNXNodeContext) throws {
        let dims = try node.isConstant(0) ? node.constant(0, "data").dims : node.shape(0).dimensions
        func clamp(_ value: Int) -> Int { min(max(value < 0 ? value + dims.count : value, 0), dims.count) }
        let start = clamp(try node.attributes.int("start", default: 0))
        let end = clamp(try node.attributes.int("end", default: dims.count))
        let slice = start < end ? Array(dims[start..<end]) : []
        node.fold(ONNXConstant(dims: [slice.count], values: slice.map(Double.init), elementType: .integer))
    }

    /// Gather on constants only (a shape chain), along axis 0 of a 1-D tensor.
    static func gather(_ node: ONNXNodeContext) throws {
        let data = try node.constant(0, "data"), indices = try node.constant(1, "indices")
        let axis = try node.attributes.int("axis", default: 0)
        guard data.dims.count == 1, axis == 0 || axis == -1 else {
            throw NodeIssue("only Gather on a constant 1-D tensor is supported (data dims \(data.dims), axis \(axis))")
        }
        let values = try indices.integers.map { index -> Double in
            let resolved = index < 0 ? index + data.dims[0] : index
            guard (0..<data.dims[0]).contains(resolved) else { throw NodeIssue("index \(index) is out of range for \(data.dims)") }
            return data.values[resolved]
        }
        node.fold(ONNXConstant(dims: indices.dims, values: values, elementType: data.elementType))
    }

    /// `DequantizeLinear` of constant operands (quantized weights, as QDQ exports store
    /// them): folded at import to the float constant `y = (x − zero_point) · scale`, per
    /// tensor or per `axis` slice. A non-constant input (activation quantization) is
    /// reported as unsupported.
    static func dequantizeLinear(_ node: ONNXNodeContext) throws {
        let x = try node.constant(0, "x (quantized values)"), scale = try node.constant(1, "x_scale")
        let zeroPoint = node.has(2) ? try node.constant(2, "x_zero_point") : nil
        let rank = max(x.dims.count, 1)
        let axis = try node.axis(try node.attributes.int("axis", default: 1), rank: rank)
        let perAxis = scale.elementCount > 1
        guard !perAxis || (x.dims.count > axis && scale.elementCount == x.dims[axis]) else {
            throw NodeIssue("x_scale has \(scale.elementCount) values; expected 1 or x's size \(x.dims) on axis \(axis)")
        }
        guard zeroPoint.map({ $0.elementCount == scale.elementCount }) ?? true else {
            throw NodeIssue("x_zero_point has \(zeroPoint!.elementCount) values; expected as many as x_scale (\(scale.elementCount))")
        }
        let inner = perAxis ? x.dims[(axis + 1)...].reduce(1, *) : 1
        let values = x.values.indices.map { i -> Double in
            let channel = perAxis ? (i / inner) % scale.elementCount : 0
            let shift = zeroPoint?.values[channel] ?? 0
            return Double(Float(x.values[i] - shift) * Float(scale.values[channel]))
        }
        node.fold(ONNXConstant(dims: x.dims, values: values, elementType: .float))
    }
}
