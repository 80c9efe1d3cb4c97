/// Every error a Strata user can cause. Each message says what was wrong and what was
/// expected, with the numbers involved, so it can be shown to a person as it is.
public enum StrataError: Error, Equatable, CustomStringConvertible {
    /// A shape that is not allowed: wrong rank, a dimension <= 0, or a count mismatch.
    case invalidShape(String)
    /// Two tensors (or a tensor and a layer) that do not fit together.
    case shapeMismatch(String)
    /// A layer or op parameter out of its allowed range (stride 0, groups not dividing...).
    case invalidArgument(String)
    /// A file (or its bytes) that is not what it claims to be: truncated, a header that
    /// does not parse, a dtype, rank or byte range that does not fit; or loaded weights
    /// that do not match what a model expects.
    case invalidFile(String)
    /// A plan or tensor would need more memory than ``MemoryLimit/bytes`` allows; the
    /// message names what and how many bytes. Checked before anything is allocated.
    case memoryLimit(String)

    public var description: String {
        switch self {
        case .invalidShape(let message): "invalid shape: \(message)"
        case .shapeMismatch(let message): "shape mismatch: \(message)"
        case .invalidArgument(let message): "invalid argument: \(message)"
        case .invalidFile(let message): "invalid file: \(message)"
        case .memoryLimit(let message): "memory limit: \(message)"
        }
    }
}
