import Foundation

extension Reference {
    /// ONNX Reduce* over `axes` (resolved, ascending) of a row-major `shape`, element by
    /// element in Double; `kind` is "sum", "mean", "max", "min", "prod", "l1", "l2",
    /// "logSum", "logSumExp" or "sumSquare". The output has the kept axes in order (the
    /// caller decides whether reduced axes stay as 1s: the values are the same).
    public static func reduce(_ x: [Float], shape: [Int], axes: [Int], kind: String) -> [Float] {
        let rank = shape.count
        let keptAxes = (0..<rank).filter { !axes.contains($0) }
        let outCount = keptAxes.reduce(1) { $0 * shape[$1] }
        var strides = [Int](repeating: 1, count: rank)
        for axis in stride(from: rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * shape[axis + 1] }
        var groups = [[Double]](repeating: [], count: outCount)
        for position in 0..<x.count {
            var rest = position, out = 0, scale = 1
            var index = [Int](repeating: 0, count: rank)
            for axis in stride(from: rank - 1, through: 0, by: -1) {
                index[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            for axis in keptAxes.reversed() {
                out += index[axis] * scale
                scale *= shape[axis]
            }
            groups[out].append(Double(x[position]))
        }
        return groups.map { values -> Float in
            switch kind {
            case "sum": Float(values.reduce(0, +))
            case "mean": Float(values.reduce(0, +) / Double(values.count))
            case "max": values.contains { $0.isNaN } ? .nan : Float(values.max() ?? -.infinity)
            case "min": values.contains { $0.isNaN } ? .nan : Float(values.min() ?? .infinity)
            case "prod": Float(values.reduce(1, *))
            case "l1": Float(values.reduce(0) { $0 + abs($1) })
            case "l2": Float(values.reduce(0) { $0 + $1 * $1 }.squareRoot())
            case "logSum": Float(Foundation.log(values.reduce(0, +)))
            case "logSumExp": Float(Foundation.log(values.reduce(0) { $0 + Foundation.exp($1) }))
            default: Float(values.reduce(0) { $0 + $1 * $1 })   // sumSquare
            }
        }
    }
}
