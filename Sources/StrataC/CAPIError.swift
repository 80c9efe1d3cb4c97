import CStrataAPI
import Strata
import StrataONNX

/// A failure of a C entry point: its `strata_status` and the message `strata_last_error`
/// returns.
enum CAPIError: Error {
    case nullPointer(String)
    case invalidArgument(String)
    case invalidHandle(String)
    case invalidModel(String)
    case shape(String)
    case bufferTooSmall(String)
    case memoryLimit(String)
    case `internal`(String)

    var status: strata_status {
        switch self {
        case .nullPointer: STRATA_ERROR_NULL_POINTER
        case .invalidArgument: STRATA_ERROR_INVALID_ARGUMENT
        case .invalidHandle: STRATA_ERROR_INVALID_HANDLE
        case .invalidModel: STRATA_ERROR_INVALID_MODEL
        case .shape: STRATA_ERROR_SHAPE
        case .bufferTooSmall: STRATA_ERROR_BUFFER_TOO_SMALL
        case .memoryLimit: STRATA_ERROR_MEMORY_LIMIT
        case .internal: STRATA_ERROR_INTERNAL
        }
    }

    var message: String {
        switch self {
        case .nullPointer(let m), .invalidArgument(let m), .invalidHandle(let m), .invalidModel(let m), .shape(let m),
            .bufferTooSmall(let m), .memoryLimit(let m), .internal(let m):
            m
        }
    }

    /// The status and message for an error the engine or importer threw. `loading` is true
    /// while a model is being made, where a file or argument problem means the model is bad.
    init(_ error: any Error, loading: Bool) {
        switch error {
        case let error as CAPIError: self = error
        case let error as StrataError:
            switch error {
            case .memoryLimit: self = .memoryLimit(error.description)
            case .invalidFile: self = .invalidModel(error.description)
            case .invalidShape, .shapeMismatch: self = loading ? .invalidModel(error.description) : .shape(error.description)
            case .invalidArgument: self = loading ? .invalidModel(error.description) : .invalidArgument(error.description)
            }
        case let error as GraphError:
            if case .unknownNode = error, !loading {
                self = .invalidArgument(error.description)   // a feature map asked for by a name the graph lacks
            } else {
                self = loading ? .invalidModel(error.description) : .shape(error.description)
            }
        case let error as ONNXImportError:
            if case .invalidOptions = error { self = .invalidArgument(error.description) } else { self = .invalidModel(error.description) }
        default:
            // Foundation's file errors (a missing file) while loading; anything else is ours.
            self = loading ? .invalidModel("\(error)") : .internal("\(error)")
        }
    }
}

/// Runs `body` and turns its outcome into a status, recording the message of a failure for
/// `strata_last_error` on this thread.
func withStatus(loading: Bool = false, _ body: () throws -> Void) -> strata_status {
    do {
        try body()
        return STRATA_OK
    } catch {
        let failure = CAPIError(error, loading: loading)
        strata_internal_set_last_error(failure.message)
        return failure.status
    }
}
