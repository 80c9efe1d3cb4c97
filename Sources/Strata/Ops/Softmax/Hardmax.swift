/// Hardmax along one axis (ONNX Hardmax-13): 1 at the first index of the maximum of each
/// line along `axis`, 0 elsewhere. A NaN counts as the maximum (the first NaN wins), as
/// `numpy.argmax` in the ONNX reference implementation does; onnxruntime's result for
/// lines with NaN differs by position (it can give a line of zeros). Shapes and axis as for
/// softmax (``softmaxShape(_:axis:)``).
public func hardmax(
    _ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, shape: Shape, axis: Int = -1,
    workers: Int
) {
    guard !shape.isEmpty else { return }
    let (outer, size, inner) = shape.split(around: axis)
    let lines = outer * inner
    let shares = min(elementwiseShares(shape.elementCount, workers: workers), lines)
    parallelFor(shares, workers: workers) { share in
        let (l0, l1) = evenSplit(lines, parts: shares, part: share)
        for line in l0..<l1 {
            let (o, i) = line.quotientAndRemainder(dividingBy: inner)
            let (x, y) = (input + o * size * inner + i, output + o * size * inner + i)
            var best = 0
            if !x[0].isNaN {
                for a in 1..<max(size, 1) {
                    let v = x[a * inner]
                    if v.isNaN { best = a; break }
                    if v > x[best * inner] { best = a }
                }
            }
            for a in 0..<size { y[a * inner] = a == best ? 1 : 0 }
        }
    }
}
