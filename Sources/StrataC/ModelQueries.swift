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
        // size_t arrives as Int's bit pattern: a "negative" capacity is a huge one that no
        // rank reaches, so only the rank and NULL need checking.
        let room = UInt(bitPattern: capacity)
        if room < UInt(dimensions.count) {
            outRank.pointee = dimensions.count
            throw CAPIError.bufferTooSmall(
                "input '\(signature.name)' has rank \(dimensions.count); dims_capacity is \(room)")
        }
        if !dimensions.isEmpty {
            guard let dims else { throw CAPIError.nullPointer("dims is NULL with dims_capacity \(room)") }
            for (axis, size) in dimensions.enumerated() { dims[axis] = size }
        }
        outRank.pointee = dimensions.count
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
