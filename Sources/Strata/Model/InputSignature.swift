/// One size in a model's input signature: a number, or a name bound when the model runs.
///
/// ONNX graph inputs declare each dimension as `dim_value` (fixed) or `dim_param`
/// (symbolic, such as `"batch"` or `"height"`); dimensions with the same name must get the
/// same size in one run. An unnamed symbolic dimension gets a name of its own (`input:2`).
public enum Dimension: Hashable, Sendable, CustomStringConvertible {
    /// A size the file fixes.
    case fixed(Int)
    /// A size bound per run, by name (ONNX `dim_param`).
    case symbolic(String)

    public var description: String {
        switch self {
        case .fixed(let size): "\(size)"
        case .symbolic(let name): name
        }
    }
}

/// A graph input's name and dimensions, some of which may be symbolic.
public struct InputSignature: Hashable, Sendable, CustomStringConvertible {
    /// The input's name (ONNX graph input name; "input" for a built-in model).
    public let name: String
    /// One entry per axis, fixed or symbolic.
    public let dimensions: [Dimension]

    /// A signature; names of unnamed symbolic dimensions are the caller's to choose.
    public init(name: String, dimensions: [Dimension]) {
        self.name = name
        self.dimensions = dimensions
    }

    /// A signature with every dimension fixed.
    public init(name: String, shape: Shape) {
        self.init(name: name, dimensions: shape.dimensions.map { .fixed($0) })
    }

    /// The shape, when no dimension is symbolic.
    public var fixedShape: Shape? {
        var sizes: [Int] = []
        for dimension in dimensions {
            guard case .fixed(let size) = dimension else { return nil }
            sizes.append(size)
        }
        return try? Shape(sizes)
    }

    /// The symbolic dimensions: (axis, name).
    public var symbols: [(axis: Int, name: String)] {
        dimensions.enumerated().compactMap { axis, dimension in
            if case .symbolic(let name) = dimension { (axis, name) } else { nil }
        }
    }

    /// `name [1, 3, height, width]`.
    public var description: String {
        "\(name) [" + dimensions.map(\.description).joined(separator: ", ") + "]"
    }
}

/// Sizes given to symbolic dimensions, by name: what a concrete input shape binds.
public struct DimensionBindings: Hashable, Sendable, CustomStringConvertible {
    /// Size by symbol name.
    public private(set) var sizes: [String: Int] = [:]

    /// Bindings from sizes by symbol name (empty by default).
    public init(_ sizes: [String: Int] = [:]) { self.sizes = sizes }

    /// Matches `shapes` (one per input name) against `signatures`: ranks and fixed sizes
    /// must agree, and a symbol used twice must get the same size. Throws
    /// ``GraphError/invalidInputs(_:)`` naming the input, the axis and both sizes.
    public init(binding shapes: [String: Shape], to signatures: [InputSignature]) throws {
        let names = signatures.map(\.name)
        let missing = names.filter { shapes[$0] == nil }
        let unknown = shapes.keys.filter { !names.contains($0) }.sorted()
        guard missing.isEmpty && unknown.isEmpty else {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("no shape for input\(missing.count == 1 ? "" : "s") " + Graph.quoted(missing)) }
            if !unknown.isEmpty { parts.append("no model input named " + Graph.quoted(unknown)) }
            throw GraphError.invalidInputs(parts.joined(separator: "; ") + "; the model's inputs are "
                + signatures.map(\.description).joined(separator: ", "))
        }
        for signature in signatures {
            let shape = shapes[signature.name]!
            guard shape.rank == signature.dimensions.count else {
                throw GraphError.invalidInputs(
                    "input '\(signature.name)' was given shape \(shape) of rank \(shape.rank); the model expects rank "
                        + "\(signature.dimensions.count): \(signature)")
            }
            for (axis, dimension) in signature.dimensions.enumerated() {
                switch dimension {
                case .fixed(let size) where size != shape[axis]:
                    throw GraphError.invalidInputs(
                        "input '\(signature.name)' was given shape \(shape); the model fixes axis \(axis) to \(size): \(signature)")
                case .symbolic(let name):
                    if let bound = sizes[name], bound != shape[axis] {
                        throw GraphError.invalidInputs(
                            "input '\(signature.name)' has \(name) = \(shape[axis]) on axis \(axis), but \(name) = \(bound) "
                                + "elsewhere in this run; dimensions with one name must have one size")
                    }
                    sizes[name] = shape[axis]
                default:
                    break
                }
            }
        }
    }

    /// `batch=1, height=480, width=640`, or `no symbolic dimensions`.
    public var description: String {
        sizes.isEmpty ? "no symbolic dimensions" : sizes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
