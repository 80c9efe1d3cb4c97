extension Reference {
    /// numpy `matmul` (ONNX MatMul) times `alpha`, optionally transposing the last two axes
    /// of A or B first (ONNX Gemm's transA/transB): a 1-D A `[K]` is read as `[1, K]`, a 1-D
    /// B `[K]` as `[K, 1]`, and the added axis is dropped from the result; the leading axes
    /// broadcast (a size 1 repeats). Returns the result's dimensions and values; nil when
    /// the shapes do not fit. Double sums.
    public static func matMul(a: [Float], aShape: [Int], b: [Float], bShape: [Int],
                              transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1) -> (shape: [Int], values: [Float])? {
        guard !aShape.isEmpty, !bShape.isEmpty else { return nil }
        let aMatrix = aShape.count == 1 ? [1, aShape[0]] : Array(aShape.suffix(2))
        let bMatrix = bShape.count == 1 ? [bShape[0], 1] : Array(bShape.suffix(2))
        let (m, k) = transposeA ? (aMatrix[1], aMatrix[0]) : (aMatrix[0], aMatrix[1])
        let (k2, n) = transposeB ? (bMatrix[1], bMatrix[0]) : (bMatrix[0], bMatrix[1])
        guard k == k2 else { return nil }
        let aLead = aShape.count <= 2 ? [] : Array(aShape.prefix(aShape.count - 2))
        let bLead = bShape.count <= 2 ? [] : Array(bShape.prefix(bShape.count - 2))
        let rank = max(aLead.count, bLead.count)
        let aPad = Array(repeating: 1, count: rank - aLead.count) + aLead
        let bPad = Array(repeating: 1, count: rank - bLead.count) + bLead
        var lead: [Int] = []
        for i in 0..<rank {
            if aPad[i] != bPad[i] && aPad[i] != 1 && bPad[i] != 1 { return nil }
            lead.append(aPad[i] == 1 ? bPad[i] : aPad[i])
        }
        let batches = lead.reduce(1, *)
        var values = [Float](repeating: 0, count: batches * m * n)
        for batch in 0..<batches {
            // The batch index's coordinates, then each operand's matrix number.
            var rest = batch
            var coordinates = Array(repeating: 0, count: rank)
            for i in stride(from: rank - 1, through: 0, by: -1) {
                coordinates[i] = rest % lead[i]
                rest /= lead[i]
            }
            var aNumber = 0, bNumber = 0
            for i in 0..<rank {
                aNumber = aNumber * aPad[i] + (aPad[i] == 1 ? 0 : coordinates[i])
                bNumber = bNumber * bPad[i] + (bPad[i] == 1 ? 0 : coordinates[i])
            }
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0
                    for t in 0..<k {
                        let aValue = a[aNumber * m * k + (transposeA ? t * m + i : i * k + t)]
                        let bValue = b[bNumber * k * n + (transposeB ? j * k + t : t * n + j)]
                        sum += Double(aValue) * Double(bValue)
                    }
                    values[(batch * m + i) * n + j] = Float(Double(alpha) * sum)
                }
            }
        }
        return (lead + (aShape.count >= 2 ? [m] : []) + (bShape.count >= 2 ? [n] : []), values)
    }
}
