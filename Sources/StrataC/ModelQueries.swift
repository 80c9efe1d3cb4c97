import CStrataAPI
import Strata

// strata_model_input_count/_name/_shape and strata_model_output_count/_name (see strata.h).

/// `strata_model_input_count` (strata.h): the number of graph inputs.
@_cdecl("strata_model_input_count")
public func strataModelInputCount(_ model: OpaquePointer?, _ out: UnsafeMutablePointer<Int>?) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard let out else { throw CAPIError.nullPointer("out_count is NULL") }
        out.pointee = handle.inputNames.count
    }
}

/// `strata_model_input_name` (strata.h): an input's name, owned by the model.
@_cdecl("strata_model_input_name")
public func strataModelInputName(
    _ model: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<UnsafePointer<CChar>?>?
) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard let out else { throw CAPIError.nullPointer("out_name is NULL") }
        out.pointee = UnsafePointer(try element(handle.inputNames, index, "input"))
    }
}

/// `strata_model_input_shape` (strata.h): an input's dimensions, -1 where symbolic.
@_cdecl("strata_model_input_shape")
public func strataModelInputShape(
    _ model: OpaquePointer?, _ index: Int, _ dims: UnsafeMutablePointer<Int64>?, _ capacity: Int,
    _ outRank: UnsafeMutablePointer<Int>?
) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard let outRank else { throw CAPIError.nullPointer("out_rank is NULL") }
        let signature = try element(handle.model.inputs, index, "input")
        let dimensions = signature.dimensions.map { dimension -> Int64 in
            if case .fixed(let size) = dimension { return Int64(size) }
            return -1
        }
        try writeDimensions(dimensions, of: "input '\(signature.name)'", dims, capacity, outRank)
    }
}

/// `strata_model_output_count` (strata.h): the number of graph outputs.
@_cdecl("strata_model_output_count")
public func strataModelOutputCount(_ model: OpaquePointer?, _ out: UnsafeMutablePointer<Int>?) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard let out else { throw CAPIError.nullPointer("out_count is NULL") }
        out.pointee = handle.outputNames.count
    }
}

/// `strata_model_output_name` (strata.h): an output's name, owned by the model.
@_cdecl("strata_model_output_name")
public func strataModelOutputName(
    _ model: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<UnsafePointer<CChar>?>?
) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard let out else { throw CAPIError.nullPointer("out_name is NULL") }
        out.pointee = UnsafePointer(try element(handle.outputNames, index, "output"))
    }
}

/// `array[index]` for an index that came from C as a size_t.
func element<T>(_ array: [T], _ index: Int, _ what: String) throws -> T {
    guard index >= 0, index < array.count else {
        throw CAPIError.invalidArgument(
            "index \(UInt(bitPattern: index)) is out of range: the model has \(array.count) \(what)\(array.count == 1 ? "" : "s")")
    }
    return array[index]
}

/// `strata_model_input_type` (strata.h): always `STRATA_FLOAT32` (Strata computes in float32).
@_cdecl("strata_model_input_type")
public func strataModelInputType(
    _ model: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<strata_element_type>?
) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard let out else { throw CAPIError.nullPointer("out_type is NULL") }
        _ = try element(handle.inputNames, index, "input")
        out.pointee = STRATA_FLOAT32
    }
}

/// `strata_model_output_type` (strata.h): always `STRATA_FLOAT32`.
@_cdecl("strata_model_output_type")
public func strataModelOutputType(
    _ model: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<strata_element_type>?
) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard let out else { throw CAPIError.nullPointer("out_type is NULL") }
        _ = try element(handle.outputNames, index, "output")
        out.pointee = STRATA_FLOAT32
    }
}

/// `strata_model_output_shape` (strata.h): an output's dimensions, -1 where they follow a
/// symbolic input size (found by building the graph at the two ``ProbeShapes`` sizes).
@_cdecl("strata_model_output_shape")
public func strataModelOutputShape(
    _ model: OpaquePointer?, _ index: Int, _ dims: UnsafeMutablePointer<Int64>?, _ capacity: Int,
    _ outRank: UnsafeMutablePointer<Int>?
) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard let outRank else { throw CAPIError.nullPointer("out_rank is NULL") }
        let name = String(cString: try element(handle.outputNames, index, "output"))
        let dimensions = try handle.outputShape(name)
        try writeDimensions(dimensions, of: "output '\(name)'", dims, capacity, outRank)
    }
}

/// `strata_model_layer_count` (strata.h): the nodes whose outputs a run can return.
@_cdecl("strata_model_layer_count")
public func strataModelLayerCount(_ model: OpaquePointer?, _ out: UnsafeMutablePointer<Int>?) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard let out else { throw CAPIError.nullPointer("out_count is NULL") }
        out.pointee = try handle.layers().names.count
    }
}

/// `strata_model_layer_name` (strata.h): a layer's name, owned by the model.
@_cdecl("strata_model_layer_name")
public func strataModelLayerName(
    _ model: OpaquePointer?, _ index: Int, _ out: UnsafeMutablePointer<UnsafePointer<CChar>?>?
) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard let out else { throw CAPIError.nullPointer("out_name is NULL") }
        out.pointee = UnsafePointer(try element(handle.layers().cNames, index, "layer"))
    }
}

/// Writes `dimensions` into the caller's `dims` (the contract of strata_model_input_shape):
/// the rank always, the sizes only when `capacity` holds them.
func writeDimensions(
    _ dimensions: [Int64], of what: String, _ dims: UnsafeMutablePointer<Int64>?, _ capacity: Int,
    _ outRank: UnsafeMutablePointer<Int>
) throws {
    // size_t arrives as Int's bit pattern: a "negative" capacity is a huge one that no
    // rank reaches, so only the rank and NULL need checking.
    let room = UInt(bitPattern: capacity)
    outRank.pointee = dimensions.count
    guard room >= UInt(dimensions.count) else {
        throw CAPIError.bufferTooSmall("\(what) has rank \(dimensions.count); dims_capacity is \(room)")
    }
    guard !dimensions.isEmpty else { return }
    guard let dims else { throw CAPIError.nullPointer("dims is NULL with dims_capacity \(room)") }
    for (axis, size) in dimensions.enumerated() { dims[axis] = size }
}
