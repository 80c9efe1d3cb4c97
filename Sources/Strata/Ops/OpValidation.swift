/// The checks every op's shape rule is made of, with one wording for all of them: what
/// ("conv input"), its shape and rank, what was expected. Axes resolve through
/// ``Shape/resolve(axis:_:)``, products of sizes through ``Shape/checkedProduct(_:_:)``.

/// Throws unless an op got exactly `count` inputs.
func expectInputCount(_ inputs: [Shape], _ count: Int) throws {
    guard inputs.count == count else {
        throw StrataError.invalidArgument("expected \(count) input\(count == 1 ? "" : "s"), got \(inputs.count)")
    }
}

/// Throws ``StrataError/invalidShape(_:)`` unless `shape` has rank `rank`:
/// "conv input has shape [3, 9, 9] (rank 3); expected rank 4 [N, C, H, W]".
/// - Parameters:
///   - name: what the shape is ("conv input", "linear weight").
///   - layout: what the axes mean, or the expected shape (`[N, C, H, W]`).
func expectRank(_ shape: Shape, _ rank: Int, name: String, layout: String) throws {
    guard shape.rank == rank else {
        throw StrataError.invalidShape("\(name) has shape \(shape) (rank \(shape.rank)); expected rank \(rank) \(layout)")
    }
}

/// Throws ``StrataError/invalidShape(_:)`` unless the rank of `shape` is in `ranks`:
/// "batch norm input has shape [4] (rank 1); expected rank 2 to 8 [N, C, ...]".
func expectRank(_ shape: Shape, _ ranks: ClosedRange<Int>, name: String, layout: String) throws {
    guard ranks.contains(shape.rank) else {
        throw StrataError.invalidShape(
            "\(name) has shape \(shape) (rank \(shape.rank)); expected rank \(ranks.lowerBound) to \(ranks.upperBound) \(layout)")
    }
}

/// Throws ``StrataError/invalidShape(_:)`` for a rank-0 `shape`, which has no axis:
/// "softmax input is a scalar (shape []); expected rank >= 1, an axis to normalize along".
/// - Parameter why: the end of the message (", an axis to normalize along").
func expectNotScalar(_ shape: Shape, name: String, _ why: String) throws {
    guard shape.rank >= 1 else {
        throw StrataError.invalidShape("\(name) is a scalar (shape []); expected rank >= 1\(why)")
    }
}
