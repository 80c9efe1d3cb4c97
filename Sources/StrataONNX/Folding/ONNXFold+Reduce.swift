/// Folding of ops that sum products: ReduceSum, ReduceProd, MatMul. Floating-point sums
/// and products accumulate in Double and round to the type once at the end; integers in
/// Int64 with wrapping.
extension ONNXOps {
    /// ReduceSum (axes attribute in opsets 1 and 11, an optional input from 13) and
    /// ReduceProd (attribute until 18, input from 18): `out[j] = Σ (or Π) data[i]` over the
    /// elements `i` that agree with `j` off the reduced axes.
    /// - `keepdims` (default 1) keeps each reduced axis as size 1, else drops it.
    /// - No axes, or an empty list, reduces every axis; from the input form on, with
    ///   `noop_with_empty_axes` = 1 it is the identity instead.
    /// - Negative axes count from the end; an axis named twice is an error.
    /// - A reduction over no elements (a size-0 axis) gives the identity: 0 for sums, 1
    ///   for products (the spec's convention, as onnxruntime).
    static func foldReduce(_ node: ONNXNodeContext, _ kind: FoldedReduction) throws {
        let data = try node.constant(0, "data")
        try require(data.dataType, .numeric, "data", of: node.opType)
        let keepDims = try node.attributes.int("keepdims", default: 1) != 0
        var given: [Int]
        if node.opset >= (kind == .sum ? 13 : 18) {
            let noop = try node.attributes.int("noop_with_empty_axes", default: 0) != 0
            given = node.has(1) ? try indexValues(node.constant(1, "axes"), "axes") : []
            if given.isEmpty && noop { return node.fold(data) }
        } else {
            given = try node.attributes.ints("axes") ?? []
        }
        let axes = try given.isEmpty ? Array(data.dims.indices) : given.map { try node.axis($0, rank: data.rank, "axes value") }
        guard Set(axes).count == axes.count else { throw NodeIssue("axes \(given) name an axis twice (data dims \(data.dims))") }
        // Walk the input; each element adds into the output element with the reduced
        // axes' index set to 0 (the output laid out with keepdims).
        let kept = data.dims.indices.map { axes.contains($0) ? 1 : data.dims[$0] }
        let outputDims = keepDims ? kept : data.dims.indices.filter { !axes.contains($0) }.map { data.dims[$0] }
        let walk = ONNXIndexWalk(dims: data.dims, broadcasting: [data.dims, kept])
        let count = kept.reduce(1, *)
        switch data.values {
        case .float(let v):
            var totals = [Double](repeating: kind == .sum ? 0 : 1, count: count)
            walk.forEach { p in
                if kind == .sum { totals[p[1]] += Double(v[p[0]]) } else { totals[p[1]] *= Double(v[p[0]]) }
            }
            node.fold(ONNXConstant(dims: outputDims, values: .float(totals.map { data.dataType.storing(Float($0)) }), dataType: data.dataType))
        case .int(let v):
            var totals = [Int64](repeating: kind == .sum ? 0 : 1, count: count)
            walk.forEach { p in
                if kind == .sum { totals[p[1]] &+= v[p[0]] } else { totals[p[1]] &*= v[p[0]] }
            }
            node.fold(ONNXConstant(dims: outputDims, values: .int(totals.map(data.dataType.wrapping)), dataType: data.dataType))
        }
    }

    /// MatMul (opsets 1, 9, 13) of constants, numpy's `matmul`: `C[b, m, n] = Σ_k A[b, m, k]·B[b, k, n]`
    /// over the broadcast batch axes `b`. A 1-D A is `[1, K]` and a 1-D B is `[K, 1]`, and
    /// that added axis is removed from the result. Floats accumulate in Double and round
    /// once (onnxruntime's float32 GEMM may differ in the last bits); integers in Int64 with
    /// wrapping. At most 2^31 multiply-adds are folded.
    static func foldMatMul(_ node: ONNXNodeContext) throws {
        let a = try node.constant(0, "A"), b = try node.constant(1, "B")
        let type = try commonType([("A", a), ("B", b)], "MatMul")
        try require(type, .numeric, "inputs", of: "MatMul")
        guard a.rank >= 1, b.rank >= 1 else {
            throw NodeIssue("MatMul needs inputs of rank 1 or more; got A \(a.summary), B \(b.summary)")
        }
        let aDims = a.rank == 1 ? [1] + a.dims : a.dims, bDims = b.rank == 1 ? b.dims + [1] : b.dims
        let (m, k, n) = (aDims[aDims.count - 2], aDims[aDims.count - 1], bDims[bDims.count - 1])
        guard bDims[bDims.count - 2] == k else {
            throw NodeIssue("MatMul of A \(a.dims) and B \(b.dims): A's last axis (\(k)) must equal B's "
                + "\(b.rank == 1 ? "only" : "second-to-last") axis (\(bDims[bDims.count - 2]))")
        }
        let batches = try ONNXIndexWalk.broadcast([Array(aDims.dropLast(2)), Array(bDims.dropLast(2))], what: "MatMul batch")
        var dims = batches.dims + [m, n]
        let count = try foldedCount(dims, "MatMul result")
        let (work, overflow) = count.multipliedReportingOverflow(by: k)
        guard !overflow, work <= 1 << 31 else {
            throw NodeIssue("MatMul of A \(a.dims) and B \(b.dims) needs \(count) × \(k) multiply-adds; Strata folds at most 2^31 at import")
        }
        if b.rank == 1 { dims.removeLast() }
        if a.rank == 1 { dims.remove(at: dims.count - (b.rank == 1 ? 1 : 2)) }
        func product<T>(_ x: [T], _ y: [T], zero: T, _ multiplyAdd: (T, T, T) -> T) -> [T] {
            var result: [T] = []
            result.reserveCapacity(count)
            batches.forEach { p in
                let (aBase, bBase) = (p[0] * m * k, p[1] * k * n)
                for row in 0..<m {
                    for column in 0..<n {
                        var total = zero
                        for i in 0..<k { total = multiplyAdd(total, x[aBase + row * k + i], y[bBase + i * n + column]) }
                        result.append(total)
                    }
                }
            }
            return result
        }
        switch (a.values, b.values) {
        case (.float(let x), .float(let y)):
            let totals = product(x.map(Double.init), y.map(Double.init), zero: 0.0) { $0 + $1 * $2 }
            node.fold(ONNXConstant(dims: dims, values: .float(totals.map { type.storing(Float($0)) }), dataType: type))
        case (.int(let x), .int(let y)):
            let totals = product(x, y, zero: Int64(0)) { $0 &+ $1 &* $2 }
            node.fold(ONNXConstant(dims: dims, values: .int(totals.map(type.wrapping)), dataType: type))
        default:
            throw NodeIssue("MatMul needs inputs of one data type; got A \(a.summary), B \(b.summary)")
        }
    }
}
