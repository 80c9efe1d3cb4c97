import Foundation

/// Naive broadcasting arithmetic, concatenation and softmax on row-major arrays with
/// explicit shapes of any rank (0 = one element): every output element found by its full
/// index, one at a time.
extension Reference {
    /// numpy broadcasting at any rank (0 = a scalar): align at the last axis, missing axes
    /// are 1, sizes must be equal or 1, and 1 gives way to the other size (0 included, so
    /// 0 with 1 is 0). Nil when the shapes do not broadcast.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        let paddedA = [Int](repeating: 1, count: rank - a.count) + a
        let paddedB = [Int](repeating: 1, count: rank - b.count) + b
        var result: [Int] = []
        for (x, y) in zip(paddedA, paddedB) {
            guard x == y || x == 1 || y == 1 else { return nil }
            result.append(x == 1 ? y : x)
        }
        return result
    }

    /// a + b with broadcasting; the result has shape `broadcastShape(aShape, bShape)`.
    public static func add(_ a: [Float], shape aShape: [Int], _ b: [Float], shape bShape: [Int]) -> [Float] {
        binary("Add", a, shape: aShape, b, shape: bShape)!
    }

    /// a · b with broadcasting.
    public static func mul(_ a: [Float], shape aShape: [Int], _ b: [Float], shape bShape: [Int]) -> [Float] {
        binary("Mul", a, shape: aShape, b, shape: bShape)!
    }

    /// a − b with broadcasting.
    public static func sub(_ a: [Float], shape aShape: [Int], _ b: [Float], shape bShape: [Int]) -> [Float] {
        binary("Sub", a, shape: aShape, b, shape: bShape)!
    }

    /// a / b with broadcasting.
    public static func div(_ a: [Float], shape aShape: [Int], _ b: [Float], shape bShape: [Int]) -> [Float] {
        binary("Div", a, shape: aShape, b, shape: bShape)!
    }

    /// a where a >= 0, else a · slope, with broadcasting (PRelu).
    public static func prelu(_ a: [Float], shape aShape: [Int], slope b: [Float], shape bShape: [Int]) -> [Float] {
        binary("PRelu", a, shape: aShape, b, shape: bShape)!
    }

    /// Every elementwise binary operation by its ONNX op type, which is also the raw value
    /// of Strata's `BinaryOp.Kind`: the reference table's binary entries. See
    /// ``binary(_:_:shape:_:shape:)``.
    public static let binaryOperators: [String: @Sendable (_ a: Double, _ b: Double) -> Double] = [
        "Add": { $0 + $1 },
        "Sub": { $0 - $1 },
        "Mul": { $0 * $1 },
        "Div": { $0 / $1 },
        "PRelu": { $0 < 0 ? $0 * $1 : $0 },
        "Pow": { Foundation.pow($0, $1) },
        "Min": { $0.isNaN || $1.isNaN ? .nan : ($1 < $0 ? $1 : $0) },
        "Max": { $0.isNaN || $1.isNaN ? .nan : ($1 > $0 ? $1 : $0) },
        "Equal": { $0 == $1 ? 1 : 0 },
        "Less": { $0 < $1 ? 1 : 0 },
        "Greater": { $0 > $1 ? 1 : 0 },
        "LessOrEqual": { $0 <= $1 ? 1 : 0 },
        "GreaterOrEqual": { $0 >= $1 ? 1 : 0 },
        "And": { $0 != 0 && $1 != 0 ? 1 : 0 },
        "Or": { $0 != 0 || $1 != 0 ? 1 : 0 },
        "Xor": { ($0 != 0) != ($1 != 0) ? 1 : 0 },
    ]

    /// `operation(a, b)` with broadcasting, from ``binaryOperators``; nil for an unknown
    /// operation.
    public static func binary<T: BinaryFloatingPoint>(_ operation: String, _ a: [T], shape aShape: [Int], _ b: [T], shape bShape: [Int]) -> [T]? {
        binaryOperators[operation].map { broadcast(a, aShape, b, bShape, $0) }
    }

    /// The inputs side by side along `axis` (0..<rank); all other sizes must agree.
    public static func concat<T>(_ inputs: [[T]], shapes: [[Int]], axis: Int) -> [T] {
        var outputShape = shapes[0]
        outputShape[axis] = shapes.map { $0[axis] }.reduce(0, +)
        var output: [T] = []
        for flat in 0..<outputShape.reduce(1, *) {
            var index = multiIndex(flat, outputShape)
            var k = 0
            while index[axis] >= shapes[k][axis] {   // walk past the inputs before this one
                index[axis] -= shapes[k][axis]
                k += 1
            }
            output.append(inputs[k][flatIndex(index, shapes[k])])
        }
        return output
    }

    /// e^(x − max) / Σ e^(x − max) along `axis` (0..<rank), in Double.
    public static func softmax<T: BinaryFloatingPoint>(_ x: [T], shape: [Int], axis: Int) -> [T] {
        var output = [T](repeating: 0, count: x.count)
        for flat in 0..<x.count {
            var index = multiIndex(flat, shape)
            guard index[axis] == 0 else { continue }   // once per line along the axis
            var line: [Int] = []
            for a in 0..<shape[axis] {
                index[axis] = a
                line.append(flatIndex(index, shape))
            }
            let maximum = line.map { Double(x[$0]) }.max()!
            let exponentials = line.map { Foundation.exp(Double(x[$0]) - maximum) }
            let sum = exponentials.reduce(0, +)
            for (position, e) in zip(line, exponentials) { output[position] = T(e / sum) }
        }
        return output
    }

    /// `condition[i] != 0 ? x[i] : y[i]` with the three shapes broadcast together (ONNX
    /// Where); nil when they do not broadcast.
    public static func select(
        _ condition: [Float], shape cShape: [Int], _ x: [Float], shape xShape: [Int], _ y: [Float], shape yShape: [Int]
    ) -> [Float]? {
        guard let xy = broadcastShape(xShape, yShape), let shape = broadcastShape(cShape, xy) else { return nil }
        return (0..<shape.reduce(1, *)).map { flat in
            let index = multiIndex(flat, shape)
            return condition[sourceOffset(index, cShape)] != 0 ? x[sourceOffset(index, xShape)] : y[sourceOffset(index, yShape)]
        }
    }

    /// (x − m) − ln Σ e^(x − m) along `axis` (0..<rank), m the line's maximum, in Double
    /// (ONNX LogSoftmax-13).
    public static func logSoftmax(_ x: [Float], shape: [Int], axis: Int) -> [Float] {
        var output = [Float](repeating: 0, count: x.count)
        for line in lines(shape, axis: axis) {
            let values = line.map { Double(x[$0]) }
            let maximum = values.contains { $0.isNaN } ? Double.nan : values.max()!
            let logSum = Foundation.log(values.map { Foundation.exp($0 - maximum) }.reduce(0, +))
            for (position, v) in zip(line, values) { output[position] = Float((v - maximum) - logSum) }
        }
        return output
    }

    /// 1 at the first maximum of each line along `axis`, 0 elsewhere; a NaN is the maximum
    /// (the first one), as `numpy.argmax` (ONNX Hardmax-13's reference implementation).
    public static func hardmax(_ x: [Float], shape: [Int], axis: Int) -> [Float] {
        var output = [Float](repeating: 0, count: x.count)
        for line in lines(shape, axis: axis) {
            var best = line[0]
            for position in line where !x[best].isNaN && (x[position].isNaN || x[position] > x[best]) { best = position }
            output[best] = 1
        }
        return output
    }

    /// The flat positions of every line along `axis`, one array per line.
    private static func lines(_ shape: [Int], axis: Int) -> [[Int]] {
        let size = shape[axis]
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        return (0..<outer).flatMap { o in
            (0..<inner).map { i in (0..<size).map { a in (o * size + a) * inner + i } }
        }.filter { !$0.isEmpty }
    }

    private static func broadcast<T: BinaryFloatingPoint>(
        _ a: [T], _ aShape: [Int], _ b: [T], _ bShape: [Int], _ op: (Double, Double) -> Double
    ) -> [T] {
        let shape = broadcastShape(aShape, bShape)!
        var output: [T] = []
        for flat in 0..<shape.reduce(1, *) {
            let index = multiIndex(flat, shape)
            output.append(T(op(Double(a[sourceOffset(index, aShape)]), Double(b[sourceOffset(index, bShape)]))))
        }
        return output
    }

    /// Where an output index reads in an operand broadcast to it: the operand's axes are
    /// the output's last ones, and an axis of size 1 always reads index 0.
    private static func sourceOffset(_ outputIndex: [Int], _ shape: [Int]) -> Int {
        let skipped = outputIndex.count - shape.count
        let index = shape.indices.map { shape[$0] == 1 ? 0 : outputIndex[skipped + $0] }
        return flatIndex(index, shape)
    }
}
