import Strata

/// Concrete input shapes for questions a symbolic model can only answer with a graph
/// (its layers, its output shapes): every symbolic dimension bound to one probe size.
/// 224 and 256 are sizes an image network takes (multiples of 32, so stride-32 networks
/// divide evenly) and differ, so an output dimension that follows an input size differs too.
enum ProbeShapes {
    static let firstSize = 224
    static let secondSize = 256

    static func first(of model: Model) throws -> [String: Shape] { try shapes(of: model, size: firstSize) }
    static func second(of model: Model) throws -> [String: Shape] { try shapes(of: model, size: secondSize) }

    private static func shapes(of model: Model, size: Int) throws -> [String: Shape] {
        var shapes: [String: Shape] = [:]
        for signature in model.inputs {
            shapes[signature.name] = try Shape(signature.dimensions.map { dimension -> Int in
                if case .fixed(let fixed) = dimension { return fixed }
                return size
            })
        }
        return shapes
    }
}
