import Strata

/// Identity, Dropout, Reshape, Squeeze, Unsqueeze, Flatten: aliasing ``IdentityOp`` nodes
/// (data does not move), folded when their input is a constant. Constant, Shape and Size
/// fold from the planned shapes, so PyTorch's `x.view(x.size(0), -1)` chain (Shape →
/// Gather → Unsqueeze → Concat → Reshape) becomes one reshape.
extension ONNXOps {
    static func identity(_ node: ONNXNodeContext) throws {
        try reshape(node, to: nil)
    }

    /// Inference Dropout is the identity (the spec: with training_mode false, or ratio 0, or
    /// before opset 12 always at inference, Y = X); its optional mask output is all true.
    static func dropout(_ node: ONNXNodeContext) throws {
        node.attributes.ignore("seed")
        if node.opset < 12 {
            node.attributes.ignore("ratio")   // opsets 7-11: the ratio attribute; is_test left with opset 6
            if node.has(1) { throw NodeIssue("Dropout takes ratio and training_mode inputs from opset 12; the model imports opset \(node.opset)") }
        } else if node.has(2) {
            let training = try node.constant(2, "training_mode")
            let ratio = node.has(1) ? try node.constant(1, "ratio").floats.first ?? 0.5 : 0.5
            // In training mode the spec scales kept values by 1/(1 − ratio) and drops a
            // random `ratio` of them; only ratio 0 is deterministic (the identity).
            if try training.int64s("training_mode").contains(where: { $0 != 0 }), ratio != 0 {
                throw NodeIssue("training_mode is true with ratio \(ratio); only inference Dropout (training_mode false, or ratio 0) is supported")
            }
        }
        try reshape(node, to: nil)
        if node.wants(output: 1) {
            // Opset 12+: the mask of an identity Dropout is all true (the spec). Before 12
            // the spec leaves it unfilled at inference; onnxruntime gives zeros (float
            // before opset 10, false after), and Strata follows onnxruntime.
            let dims = try node.isConstant(0) ? node.constant(0, "data").dims : node.shape(0).dimensions
            let bit: Int64 = node.opset >= 12 ? 1 : 0
            let count = dims.reduce(1, *)
            let mask = node.opset < 10
                ? ONNXConstant(dims: dims, floats: [Float](repeating: 0, count: count))
                : ONNXConstant(dims: dims, values: .int([Int64](repeating: bit, count: count)), dataType: .bool)
            node.graph.constants[node.node.output[1]] = mask
        }
    }

    /// Opset 5+: the target shape is input 1 (a constant, usually folded); 0 copies the
    /// input's size on that axis (unless allowzero = 1, opset 14: then 0 is a size of 0),
    /// -1 takes what is left.
    static func reshape(_ node: ONNXNodeContext) throws {
        let allowZero = node.opset >= 14 ? try node.attributes.int("allowzero", default: 0) != 0 : false
        let x = try node.isConstant(0) ? node.constant(0, "data").dims : node.shape(0).dimensions
        var dims = try node.constant(1, "shape").integers("shape")
        let count = Shape.checkedElementCount(x) ?? 0   // overflows only past a 0 size
        if !allowZero {
            for (index, dim) in dims.enumerated() where dim == 0 {
                guard index < x.count else { throw NodeIssue("shape \(dims) copies dimension \(index) of \(x), which has none") }
                dims[index] = x[index]
            }
        }
        let inferred = dims.indices.filter { dims[$0] == -1 }
        guard inferred.count <= 1, dims.allSatisfy({ $0 >= -1 }) else {
            throw NodeIssue("shape \(dims) is not a valid target: at most one -1 and no other negative size")
        }
        // Sizes come from the file: multiply with overflow checks, also past a 0 size.
        if let position = inferred.first {
            let others = dims.enumerated().filter { $0.offset != position }.map(\.element)
            guard let known = Shape.checkedElementCount(others), Shape.checkedElementCount(others.map { max($0, 1) }) != nil,
                  known > 0, count % known == 0 else {
                throw NodeIssue("cannot reshape \(x) (\(count) elements) to \(dims): the known sizes do not divide the element count")
            }
            dims[position] = count / known
        }
        guard Shape.checkedElementCount(dims) == count, Shape.checkedElementCount(dims.map { max($0, 1) }) != nil else {
            let size = Shape.checkedElementCount(dims).map { "\($0) elements" } ?? "more elements than fit in Int"
            throw NodeIssue("cannot reshape \(x) (\(count) elements) to \(dims) (\(size))")
        }
        try reshape(node, to: dims)
    }

    static func squeeze(_ node: ONNXNodeContext) throws {
        let x = try node.isConstant(0) ? node.constant(0, "data").dims : node.shape(0).dimensions
        try node.requireAbsent(input: 1, since: 13, "axes")
        let given: [Int]? = node.opset < 13
            ? try node.attributes.ints("axes")
            : (node.has(1) ? try node.constant(1, "axes").integers("axes") : nil)
        for axis in given ?? [] { try node.requireNonNegativeBeforeOpset11(axis, "axes value") }
        let axes = try Set((given ?? x.indices.filter { x[$0] == 1 }).map { try node.axis($0, rank: x.count) })
        if let bad = axes.sorted().first(where: { x[$0] != 1 }) {
            throw NodeIssue("cannot squeeze axis \(bad) of \(x): its size is \(x[bad]), not 1")
        }
        try reshape(node, to: x.indices.filter { !axes.contains($0) }.map { x[$0] })
    }

    static func unsqueeze(_ node: ONNXNodeContext) throws {
        let dims = try node.isConstant(0) ? node.constant(0, "data").dims : node.shape(0).dimensions
        try node.requireAbsent(input: 1, since: 13, "axes")
        let given: [Int]? = node.opset < 13 ? try node.attributes.ints("axes") : try node.constant(1, "axes").integers("axes")
        guard let given else { throw NodeIssue("attribute axes is missing") }
        for axis in given { try node.requireNonNegativeBeforeOpset11(axis, "axes value") }
        let rank = dims.count + given.count
        let axes = try given.map { try node.axis($0, rank: rank) }
        guard Set(axes).count == axes.count else { throw NodeIssue("axes \(given) name an axis twice") }
        var source = dims.makeIterator()
        try reshape(node, to: (0..<rank).map { axes.contains($0) ? 1 : source.next()! })
    }

    /// `[d0·…·d(axis−1), d(axis)·…]`; axis 1 on a rank ≥ 2 activation is ``FlattenOp``.
    static func flatten(_ node: ONNXNodeContext) throws {
        let x = try node.isConstant(0) ? node.constant(0, "data").dims : node.shape(0).dimensions
        let given = try node.attributes.int("axis", default: 1)
        try node.requireNonNegativeBeforeOpset11(given)
        guard given >= -x.count, given <= x.count else {
            throw NodeIssue("axis \(given) is out of range for input dims \(x); expected \(-x.count)...\(x.count)")
        }
        let axis = given < 0 ? given + x.count : given
        let dims = [x.prefix(axis).reduce(1, *), x.dropFirst(axis).reduce(1, *)]
        if axis == 1, x.count >= 2, !node.isConstant(0) {
            try node.emit(FlattenOp(), inputs: [node.activation(0)])
        } else {
            try reshape(node, to: dims)
        }
    }

    /// The node's output as input 0 under new dimensions (nil: unchanged): folded when the
    /// input is a constant, an aliasing ``IdentityOp`` otherwise.
    static func reshape(_ node: ONNXNodeContext, to dims: [Int]?) throws {
        if node.isConstant(0) {
            let value = try node.constant(0, "data")
            guard let dims else { return node.fold(value) }
            guard dims.reduce(1, *) == value.elementCount else { throw NodeIssue("cannot reshape constant \(value.dims) to \(dims)") }
            return node.fold(value.reshaped(dims))
        }
        let shape: Shape? = try dims.map { dims in
            do { return try Shape(dims) } catch { throw NodeIssue("output dimensions \(dims): \(error)") }
        }
        try node.emit(IdentityOp(reshapingTo: shape), inputs: [node.activation(0)])
    }

    static func constant(_ node: ONNXNodeContext) throws {
        if let tensor = try node.attributes.tensor("value") {
            node.fold(try ONNXConstant(tensor))
        } else if node.opset < 12 {
            return   // value_float(s), value_int(s) arrived in opset 12: left unread and reported
        } else if let value = try node.attributes.floats("value_floats") {
            node.fold(ONNXConstant(dims: [value.count], floats: value))
        } else if let value = try node.attributes.ints("value_ints") {
            node.fold(ONNXConstant(integers: value))
        } else if let value = try node.attributes.int("value_int") {
            node.fold(ONNXConstant(dims: [], integers: [Int64(value)]))
        } else if node.node.attribute.contains(where: { $0.name == "value_float" }) {
            node.fold(ONNXConstant(dims: [], floats: [try node.attributes.float("value_float", default: 0)]))
        }
        // Anything else (sparse_value, strings) stays unread and is reported.
    }

    /// The planned shape of the input as an INT64 constant (start/end: opset 15).
    static func shape(_ node: ONNXNodeContext) throws {
        let dims = try node.isConstant(0) ? node.constant(0, "data").dims : node.shape(0).dimensions
        func clamp(_ value: Int) -> Int { min(max(value < 0 ? value + dims.count : value, 0), dims.count) }
        // start and end arrived in opset 15; before it they stay unread (and are reported).
        let start = node.opset >= 15 ? clamp(try node.attributes.int("start", default: 0)) : 0
        let end = node.opset >= 15 ? clamp(try node.attributes.int("end", default: dims.count)) : dims.count
        node.fold(ONNXConstant(integers: start < end ? Array(dims[start..<end]) : []))
    }

    /// The planned element count of the input as an INT64 scalar.
    static func size(_ node: ONNXNodeContext) throws {
        let dims = try node.isConstant(0) ? node.constant(0, "data").dims : node.shape(0).dimensions
        node.fold(ONNXConstant(dims: [], integers: [Int64(dims.reduce(1, *))]))
    }

    /// `DequantizeLinear` of constant operands (quantized weights, as QDQ exports store
    /// them): folded at import to the float constant `y = (x − zero_point) · scale`, per
    /// tensor or (opset 13) per `axis` slice. A non-constant input (activation
    /// quantization) is reported as unsupported.
    static func dequantizeLinear(_ node: ONNXNodeContext) throws {
        let x = try node.constant(0, "x (quantized values)"), scale = try node.constant(1, "x_scale")
        let zeroPoint = node.has(2) ? try node.constant(2, "x_zero_point") : nil
        let rank = max(x.dims.count, 1)
        let axis = node.opset >= 13 ? try node.axis(try node.attributes.int("axis", default: 1), rank: rank) : 1
        let perAxis = scale.elementCount > 1
        guard !perAxis || (x.dims.count > axis && scale.elementCount == x.dims[axis]) else {
            throw NodeIssue("x_scale has \(scale.elementCount) values; expected 1 or x's size \(x.dims) on axis \(axis)")
        }
        guard zeroPoint.map({ $0.elementCount == scale.elementCount }) ?? true else {
            throw NodeIssue("x_zero_point has \(zeroPoint!.elementCount) values; expected as many as x_scale (\(scale.elementCount))")
        }
        let inner = perAxis ? x.dims[(axis + 1)...].reduce(1, *) : 1
        let (xs, scales, shifts) = (x.floats, scale.floats, zeroPoint?.floats)
        let values = xs.indices.map { i -> Float in
            let channel = perAxis ? (i / inner) % scales.count : 0
            return (xs[i] - (shifts?[channel] ?? 0)) * scales[channel]
        }
        node.fold(ONNXConstant(dims: x.dims, floats: values))
    }
}
