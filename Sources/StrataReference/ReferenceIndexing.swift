/// Row-major index arithmetic shared by the naive references (elementwise broadcasting,
/// data movement): each output element is found from its full multi-index.
extension Reference {
    /// The multi-index of row-major position `flat` in `shape`.
    static func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
        var index = [Int](repeating: 0, count: shape.count)
        var rest = flat
        for axis in shape.indices.reversed() {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    /// The row-major position of `index` in `shape`.
    static func flatIndex(_ index: [Int], _ shape: [Int]) -> Int {
        zip(index, shape).reduce(0) { $0 * $1.1 + $1.0 }
    }
}
