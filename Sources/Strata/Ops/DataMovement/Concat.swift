/// Concatenation along one axis (`axis` 1 of NCHW joins channels, as in DenseNet or
/// Inception). Negative axes count from the end, as in ONNX.
///
/// In row-major order the output is `outer` rows (the product of the sizes before `axis`),
/// each row the inputs' blocks one after another, input `k`'s block being
/// `shape_k[axis] · inner` contiguous floats (`inner` = the product of the sizes after
/// `axis`). So concatenation is nothing but block copies:
///
///     y[o, (Σ_{j<k} size_j) + a, i] = input_k[o, a, i]      // y: [outer, Σ size_k, inner]

/// The shape of the concatenation of `shapes` along `axis`: every input must have the
/// same rank (1 to 8) and the same size on every other axis; a size of 0 on `axis` is
/// fine (that input adds nothing). Throws naming the first input that differs, its shape
/// and the first input's shape.
public func concatShape(_ shapes: [Shape], axis: Int) throws -> Shape {
    guard let first = shapes.first else {
        throw StrataError.invalidArgument("concat needs at least one input, got 0")
    }
    try expectNotScalar(first, name: "concat input 0", ", as ONNX Concat requires")
    let resolved = try first.resolve(axis: axis, "concat axis")
    var total = 0
    for (index, shape) in shapes.enumerated() {
        guard shape.rank == first.rank else {
            throw StrataError.shapeMismatch(
                "concat input \(index) has shape \(shape) (rank \(shape.rank)); expected rank \(first.rank) "
                    + "like input 0 \(first)")
        }
        if let axisDifference = (0..<first.rank).first(where: { $0 != resolved && shape[$0] != first[$0] }) {
            throw StrataError.shapeMismatch(
                "concat along axis \(resolved): input \(index) has shape \(shape), input 0 has shape \(first); "
                    + "expected equal sizes on every axis but \(resolved), axis \(axisDifference) has "
                    + "\(shape[axisDifference]) vs \(first[axisDifference])")
        }
        total += shape[resolved]
    }
    var dimensions = first.dimensions
    dimensions[resolved] = total
    return try Shape(dimensions)
}

/// Copies `inputs` (input `k` laid out as `shapes[k]`) side by side along `axis` into
/// `output`, splitting the copy over `workers` threads when it is large.
/// - Parameters:
///   - inputs: one pointer per input: an array, or the pointer table a compiled graph
///     passes without allocating. `shapes` must have passed ``concatShape(_:axis:)``.
///   - shapes: the inputs' shapes, one per input, equal except along `axis`.
///   - axis: the axis to join along; negative counts from the end.
///   - output: `concatShape(shapes, axis:)` floats, overwritten; must not overlap an input.
///   - workers: threads to split the copy over when it is large.
public func concat<Inputs: RandomAccessCollection>(
    _ inputs: Inputs, shapes: [Shape], axis: Int, into output: UnsafeMutablePointer<Float>,
    workers: Int
) where Inputs.Element == UnsafePointer<Float>, Inputs.Index == Int {
    let first = shapes[0]
    let resolved = Shape.wrap(axis: axis, rank: first.rank)
    let inner = first.product((resolved + 1)..<first.rank)
    var rowLength = 0
    for shape in shapes { rowLength += shape[resolved] * inner }
    let outer = first.product(0..<resolved)
    let total = outer * rowLength
    let shares = elementwiseShares(total, workers: workers)
    parallelFor(shares, workers: workers) { share in
        let (start, end) = evenSplit(total, parts: shares, part: share)
        var position = start
        while position < end {
            // Find the input block that holds output element `position`.
            let (row, column) = position.quotientAndRemainder(dividingBy: rowLength)
            var (k, blockStart) = (0, 0)
            while column >= blockStart + shapes[k][resolved] * inner {
                blockStart += shapes[k][resolved] * inner
                k += 1
            }
            let block = shapes[k][resolved] * inner
            let offset = column - blockStart
            let count = min(block - offset, end - position)
            (output + position).update(from: inputs[inputs.startIndex + k] + row * block + offset, count: count)
            position += count
        }
    }
}
