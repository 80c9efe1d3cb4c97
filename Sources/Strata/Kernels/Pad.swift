/// Constant padding of the two spatial axes of `[N, C, H, W]` (ONNX `Pad`, mode constant,
/// PyTorch `F.pad`): `y[n, c, top + h, left + w] = x[n, c, h, w]`, every other element of
/// `y: [N, C, top + H + bottom, left + W + right]` is `value`.
///
/// Each output plane is written once, row by row: a memset-like fill for the padding and
/// a memcpy for each input row. Planes are spread over `workers` threads.
public func padSpatial(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, shape: Shape,
    padding: Padding2D, value: Float, workers: Int
) {
    let planes = shape[0] * shape[1]
    let (height, width) = (shape[2], shape[3])
    let outWidth = padding.left + width + padding.right
    let outHeight = padding.top + height + padding.bottom
    let shares = min(max(workers, 1), planes)
    parallelFor(shares, workers: workers) { share in
        let (p0, p1) = evenSplit(planes, parts: shares, part: share)
        for p in p0..<p1 {
            let source = input + p * height * width
            let plane = output + p * outHeight * outWidth
            plane.update(repeating: value, count: padding.top * outWidth)
            for row in 0..<height {
                let line = plane + (padding.top + row) * outWidth
                line.update(repeating: value, count: padding.left)
                (line + padding.left).update(from: source + row * width, count: width)
                (line + padding.left + width).update(repeating: value, count: padding.right)
            }
            (plane + (padding.top + height) * outWidth).update(repeating: value, count: padding.bottom * outWidth)
        }
    }
}

/// The padded shape; padding must be >= 0 on every side and the input rank 4.
public func padSpatialShape(input: Shape, padding: Padding2D) throws -> Shape {
    guard input.rank == 4 else {
        throw StrataError.invalidShape("pad input has shape \(input) (rank \(input.rank)); expected rank 4 [N, C, H, W]")
    }
    guard min(padding.top, padding.left, padding.bottom, padding.right) >= 0 else {
        throw StrataError.invalidArgument("padding must be >= 0 on every side, got \(padding)")
    }
    return try Shape([input[0], input[1], input[2] + padding.top + padding.bottom, input[3] + padding.left + padding.right])
}
