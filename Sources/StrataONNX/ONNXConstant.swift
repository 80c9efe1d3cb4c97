import Strata

/// A tensor known at import time: an initializer, a `Constant` node, or a folded shape or
/// weight computation. Any rank (ONNX dims; `[]` is a scalar), any supported data type.
struct ONNXConstant: Sendable {
    /// The elements in row-major order: float32 for floating-point types, Int64 (exact) for
    /// integer and boolean types.
    enum Values: Sendable {
        case float([Float])
        case int([Int64])
    }

    var dims: [Int]
    var values: Values
    var dataType: ONNXDataType

    init(dims: [Int], values: Values, dataType: ONNXDataType) {
        self.dims = dims
        self.values = values
        self.dataType = dataType
    }

    /// A float32 constant.
    init(dims: [Int], floats: [Float]) { self.init(dims: dims, values: .float(floats), dataType: .float) }
    /// An INT64 constant (shapes, axes, indices).
    init(dims: [Int], integers: [Int64]) { self.init(dims: dims, values: .int(integers), dataType: .int64) }
    /// A 1-D INT64 constant.
    init(integers: [Int]) { self.init(dims: [integers.count], integers: integers.map(Int64.init)) }

    var elementCount: Int { dims.reduce(1, *) }
    var rank: Int { dims.count }
    var isFloatingPoint: Bool { if case .float = values { true } else { false } }

    /// The values as float32 (integers converted).
    var floats: [Float] {
        switch values {
        case .float(let v): v
        case .int(let v): v.map { Float($0) }
        }
    }

    /// The values as Int64: integers as they are, floats truncated toward zero (as Cast
    /// does). A NaN, infinite or out-of-range float is an error naming `what`.
    func int64s(_ what: String) throws -> [Int64] {
        switch values {
        case .int(let v): return v
        case .float(let v):
            return try v.map { x in
                guard let value = Int64(exactly: x.rounded(.towardZero)) else {
                    throw NodeIssue("\(what) holds \(x), which is not a whole number in Int64's range")
                }
                return value
            }
        }
    }

    /// The values of an index-like operand (sizes, pads, axes, a shape, sequence lengths) as
    /// Int. The spec types these INT32 or INT64; a float or BOOL tensor is an error naming
    /// `what` (onnxruntime refuses such models; truncating 1.5 to 1 would hide the mistake).
    func integers(_ what: String) throws -> [Int] {
        guard case .int(let values) = values, dataType != .bool else {
            throw NodeIssue("\(what) must be an integer tensor (INT32 or INT64); got \(summary)")
        }
        return values.map { Int(truncatingIfNeeded: $0) }
    }

    /// As a Strata float32 tensor of the same shape. Throws for a rank above
    /// `Shape.maximumRank`.
    func tensor() throws -> Tensor {
        do {
            return try Tensor(shape: dims, values: floats)
        } catch {
            throw NodeIssue("a constant with dims \(dims) does not fit a Strata tensor: \(error)")
        }
    }

    /// The same values under new dims (same element count, checked by the caller).
    func reshaped(_ dims: [Int]) -> ONNXConstant {
        ONNXConstant(dims: dims, values: values, dataType: dataType)
    }

    /// The elements at `indices` (row-major positions), keeping the data type.
    func gathering(_ indices: [Int], dims: [Int]) -> ONNXConstant {
        switch values {
        case .float(let v): ONNXConstant(dims: dims, values: .float(indices.map { v[$0] }), dataType: dataType)
        case .int(let v): ONNXConstant(dims: dims, values: .int(indices.map { v[$0] }), dataType: dataType)
        }
    }

    /// "FLOAT [2, 3]".
    var summary: String { "\(dataType) \(dims)" }
}
