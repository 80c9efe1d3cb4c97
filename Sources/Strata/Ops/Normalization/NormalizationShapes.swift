/// The shape rules of the normalizations over `[N, C, ...]` tensors of rank 2 to 8 (layer
/// norm: rank >= 1): per-channel `[C]` parameters, groups dividing C, layer norm's
/// parameters matching the normalized axes. Each returns the input shape.

/// Checks BatchNormalization's four per-channel `[C]` parameters; returns the input shape.
public func batchNormShape(input: Shape, scale: Shape, shift: Shape, mean: Shape, variance: Shape) throws -> Shape {
    try checkChannelInput("batch norm", input)
    for (name, parameter) in [("scale", scale), ("shift", shift), ("mean", mean), ("variance", variance)] {
        try checkPerChannel("batch norm", name, parameter, input: input)
    }
    return input
}

/// Checks that `groups` divides C and that gamma and beta (when given) are `[C]`.
public func groupNormShape(input: Shape, groups: Int, gamma: Shape?, beta: Shape?) throws -> Shape {
    try checkChannelInput("group norm", input)
    guard groups >= 1 else { throw StrataError.invalidArgument("group norm groups must be >= 1, got \(groups)") }
    guard input[1] % groups == 0 else {
        throw StrataError.invalidArgument(
            "group norm groups \(groups) must divide the \(input[1]) channels of input \(input)")
    }
    try checkPerChannel("group norm", "gamma", gamma, input: input)
    try checkPerChannel("group norm", "beta", beta, input: input)
    return input
}

/// Checks that gamma and beta (when given) are `[C]`.
public func instanceNormShape(input: Shape, gamma: Shape?, beta: Shape?) throws -> Shape {
    try checkChannelInput("instance norm", input)
    try checkPerChannel("instance norm", "gamma", gamma, input: input)
    try checkPerChannel("instance norm", "beta", beta, input: input)
    return input
}

/// Layer norm over the axes from `axis` on (ONNX LayerNormalization; PyTorch
/// `nn.LayerNorm([C, H, W])` is axis 1): gamma and beta, when given, must have exactly
/// those axes' sizes.
public func layerNormShape(input: Shape, axis: Int, gamma: Shape?, beta: Shape?) throws -> Shape {
    try expectNotScalar(input, name: "layer norm input", " with axes to normalize over")
    let normalized = Array(input.dimensions[try input.resolve(axis: axis, "layer norm axis")...])
    for (name, parameter) in [("gamma", gamma), ("beta", beta)] {
        if let parameter, parameter.dimensions != normalized {
            throw StrataError.shapeMismatch(
                "layer norm \(name) has shape \(parameter); expected \(normalized), the sizes of input \(input) "
                    + "from axis \(axis) on")
        }
    }
    return input
}

private func checkChannelInput(_ op: String, _ input: Shape) throws {
    try expectRank(input, 2...Shape.maximumRank, name: "\(op) input", layout: "[N, C, ...]")
}

private func checkPerChannel(_ op: String, _ name: String, _ parameter: Shape?, input: Shape) throws {
    if let parameter, parameter.dimensions != [input[1]] {
        throw StrataError.shapeMismatch(
            "\(op) \(name) has shape \(parameter); expected [\(input[1])], one value per channel of input \(input)")
    }
}

/// A layer norm scale or bias broadcast to the normalized shape `dims` (numpy rules,
/// unidirectional, as ONNX LayerNormalization's Scale and B): its rank at most that of
/// `dims`, each size 1 or the matching size, aligned from the end. Returns it as a tensor of
/// shape `dims`.
public func layerNormParameter(_ tensor: Tensor, normalizedShape dims: [Int], name: String) throws -> Tensor {
    let own = tensor.shape.dimensions
    let aligned = [Int](repeating: 1, count: max(0, dims.count - own.count)) + own
    guard own.count <= dims.count, zip(aligned, dims).allSatisfy({ $0 == 1 || $0 == $1 }) else {
        throw StrataError.shapeMismatch("layer norm \(name) has shape \(tensor.shape); it must broadcast to the normalized shape \(dims)")
    }
    if aligned == dims { return try tensor.reshaped(dims) }
    var sourceStrides = [Int](repeating: 0, count: dims.count)
    var stride = 1
    for axis in dims.indices.reversed() {
        sourceStrides[axis] = aligned[axis] == 1 ? 0 : stride
        stride *= aligned[axis]
    }
    let values = tensor.scalars
    let expanded = (0..<dims.reduce(1, *)).map { index -> Float in
        var (rest, source) = (index, 0)
        for axis in dims.indices.reversed() {
            source += rest % dims[axis] * sourceStrides[axis]
            rest /= dims[axis]
        }
        return values[source]
    }
    return try Tensor(shape: dims, values: expanded)
}
