import ArgumentParser
import Strata

/// `--input-shape [NAME=]1x3x640x640` (repeatable): concrete shapes for a model with
/// symbolic sizes, for the commands that have no input file to take them from.
struct InputShapeOptions: ParsableArguments {
    @Option(name: .customLong("input-shape"),
            help: "Shape for an input with symbolic sizes, as [NAME=]1x3x640x640 (repeat for several inputs).")
    var inputShapes: [String] = []

    /// The shapes to plan `model` for: the fixed sizes, then `--input-shape`, then a
    /// symbolic first axis set to `batch` (default 1). Throws naming every dimension left
    /// symbolic, with the flag that fixes it.
    func shapes(for model: Model, batch: Int? = nil) throws -> [String: Shape] {
        let given = try parsed(for: model)
        // Sizes the given shapes bind, so a symbol shared by several inputs needs one flag.
        var bound: [String: Int] = [:]
        for input in model.inputs {
            guard let dims = given[input.name], dims.count == input.dimensions.count else { continue }
            for (axis, dimension) in input.dimensions.enumerated() {
                if case .symbolic(let name) = dimension { bound[name] = dims[axis] }
            }
        }
        var shapes: [String: Shape] = [:]
        var unresolved: [String] = []
        for input in model.inputs {
            if let dims = given[input.name] {
                shapes[input.name] = try Shape(dims)
                continue
            }
            var dims: [Int] = []
            var symbols: [String] = []
            for (axis, dimension) in input.dimensions.enumerated() {
                switch dimension {
                case .fixed(let size): dims.append(size)
                case .symbolic(let name) where bound[name] != nil: dims.append(bound[name]!)
                case .symbolic where axis == 0: dims.append(batch ?? 1)
                case .symbolic(let name): symbols.append("\(name) (axis \(axis))"); dims.append(0)
                }
            }
            if symbols.isEmpty {
                shapes[input.name] = try Shape(dims)
            } else {
                unresolved.append("input \(input) has symbolic dimension\(symbols.count == 1 ? "" : "s") " + symbols.joined(separator: ", ")
                    + "; give --input-shape \(input.name)=" + input.dimensions.map { if case .fixed(let s) = $0 { "\(s)" } else { "N" } }.joined(separator: "x"))
            }
        }
        guard unresolved.isEmpty else { throw StrataError.invalidArgument(unresolved.joined(separator: "; ")) }
        return shapes
    }

    /// `--input-shape` values by input name (a bare shape names the only input).
    func parsed(for model: Model) throws -> [String: [Int]] {
        var result: [String: [Int]] = [:]
        for text in inputShapes {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            let name: String
            if parts.count == 2 {
                name = parts[0]
                guard model.inputs.contains(where: { $0.name == name }) else {
                    throw StrataError.invalidArgument(
                        "--input-shape \(text) names '\(name)'; the model's inputs are " + model.inputs.map(\.description).joined(separator: ", "))
                }
            } else {
                guard model.inputs.count == 1 else {
                    throw StrataError.invalidArgument(
                        "--input-shape \(text) gives no input name; the model has \(model.inputs.count) inputs: write NAME=SHAPE")
                }
                name = model.inputs[0].name
            }
            let dims = parts.last!.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
            guard !dims.isEmpty, dims.allSatisfy({ $0 != nil && $0! >= 0 }) else {
                throw StrataError.invalidArgument("--input-shape \(text): expected sizes >= 0 separated by x, such as 1x3x640x640")
            }
            guard result[name] == nil else { throw StrataError.invalidArgument("--input-shape gives input '\(name)' twice") }
            result[name] = dims.map { $0! }
        }
        return result
    }
}
