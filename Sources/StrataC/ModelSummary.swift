import CStrataAPI
import Foundation
import Strata

// strata_model_summary and strata_model_set_threads (see strata.h for the contract).

/// `strata_model_summary` (strata.h): the layer table `strata summary` prints, for the given
/// input shapes, as a `malloc`ed string (freed by `strata_free`).
@_cdecl("strata_model_summary")
public func strataModelSummary(
    _ model: OpaquePointer?, _ inputs: UnsafePointer<strata_input>?, _ inputCount: Int,
    _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> strata_status {
    out?.pointee = nil
    return withStatus {
        let handle = try HandleTable.lookup(model)
        guard let out else { throw CAPIError.nullPointer("out_text is NULL") }
        let shapes: [String: Shape]
        if inputCount == 0, let fixed = handle.model.fixedInputShapes {
            shapes = fixed
        } else if inputCount == 0 {
            throw CAPIError.invalidArgument(
                "n_inputs is 0, but the model's sizes are not all fixed: \(handle.model.symbolicMessage) (data may be NULL)")
        } else {
            let list = try InputList(handle.model, inputs, inputCount, needsData: false)
            shapes = Dictionary(uniqueKeysWithValues: list.inputs.map { ($0.name, $0.shape) })
        }
        let text = try handle.model.graph(for: shapes).summary().description
        guard let copy = strdup(text) else { throw CAPIError.memoryLimit("out of memory copying the summary (\(text.utf8.count) bytes)") }
        out.pointee = copy
    }
}

/// `strata_model_set_threads` (strata.h): the threads later runs of the model use.
@_cdecl("strata_model_set_threads")
public func strataModelSetThreads(_ model: OpaquePointer?, _ threads: Int32) -> strata_status {
    withStatus {
        let handle = try HandleTable.lookup(model)
        guard threads >= 0 else {
            throw CAPIError.invalidArgument("threads must be >= 0 (0: the process default), got \(threads)")
        }
        handle.context = try ExecutionContext.forC(threads: Int(threads))
    }
}
