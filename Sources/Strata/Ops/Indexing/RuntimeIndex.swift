/// Indices computed at run time (an ONNX Gather whose indices come from ArgMax or
/// arithmetic) are float32 tensors in Strata, like every activation. A kernel cannot throw
/// while a graph runs, so each index is checked as it is read:
///
/// - a whole number in `−size ..< size` is an index (negative ones count from the end, as
///   ONNX Gather-11 and GatherElements allow);
/// - anything else (a fraction, NaN, ±∞, out of range) selects nothing: the values it
///   would have gathered are NaN, so the mistake shows in the output instead of reading
///   outside the tensor. onnxruntime fails the run there ("indices element out of data
///   bounds"); Strata cannot, and NaN is what it gives instead.
///
/// Float32 holds every whole number up to 2^24 exactly, so axes longer than that cannot be
/// indexed exactly at run time. Constant indices are exact Int64 and checked at plan time.
@inline(__always)
func runtimeIndex(_ value: Float, size: Int) -> Int? {
    // NaN fails every comparison; |value| < size <= Int.max makes the conversion safe.
    guard value.rounded(.towardZero) == value, value >= -Float(size), value < Float(size) else { return nil }
    let index = Int(value)
    guard index >= -size, index < size else { return nil }
    return index < 0 ? index + size : index
}

/// Checks constant indices against an axis of `size`: each must be in `−size ..< size`.
/// Returns them with negative ones resolved; throws naming the first bad one.
func resolveConstantIndices(_ indices: [Int], size: Int, what: String) throws -> [Int] {
    try indices.map { index in
        guard index >= -size, index < size else {
            throw StrataError.invalidArgument("\(what) index \(index) is out of range; expected \(-size)...\(size - 1)")
        }
        return index < 0 ? index + size : index
    }
}

/// The plan-time checks Gather and GatherElements share (`name` is "gather" or "gather
/// elements"): one input with constant indices, two (data, indices) without; data of rank
/// >= 1; `axis` in range. Returns the data's shape and the axis counted from the start.
func checkGatherInputs(_ inputs: [Shape], axis: Int, constantIndices: Bool, name: String) throws -> (data: Shape, axis: Int) {
    try expectInputCount(inputs, constantIndices ? 1 : 2)
    let data = inputs[0]
    try expectNotScalar(data, name: "\(name) data", ", an axis to gather along")
    return (data, try data.resolve(axis: axis, "\(name) axis"))
}

/// Checks constant gather indices: as many as `shape` has elements, each on axis `axis` of
/// `data` (see ``resolveConstantIndices(_:size:what:)``).
func checkConstantGatherIndices(_ indices: [Int], shape: Shape, data: Shape, axis: Int, name: String) throws {
    guard indices.count == shape.elementCount else {
        throw StrataError.invalidArgument("\(name) has \(indices.count) indices for an indices shape \(shape) (\(shape.elementCount) elements)")
    }
    _ = try resolveConstantIndices(indices, size: data[axis], what: "\(name) along axis \(axis) of data \(data):")
}
