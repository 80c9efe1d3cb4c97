extension Reference {
    /// A fully connected layer, PyTorch layout, summed in Double:
    ///
    ///     y[n, o] = b[o] + Σ_i x[n, i] · W[o, i]
    ///
    /// input `[batch, inFeatures]`, weight `[outFeatures, inFeatures]`, bias `[outFeatures]`;
    /// the result is `[batch, outFeatures]`.
    ///
    /// Generic over the element type (`Float`, or `Double` for finite-difference gradient
    /// checks); sums run in Double either way.
    @inlinable
    public static func linear<T: BinaryFloatingPoint>(
        input: [T], weight: [T], bias: [T]?, batch: Int, inFeatures: Int, outFeatures: Int
    ) -> [T] {
        precondition(input.count == batch * inFeatures && weight.count == outFeatures * inFeatures)
        var output = [T](repeating: 0, count: batch * outFeatures)
        for n in 0..<batch {
            for o in 0..<outFeatures {
                var sum = Double(bias?[o] ?? 0)
                for i in 0..<inFeatures {
                    sum += Double(input[n * inFeatures + i]) * Double(weight[o * inFeatures + i])
                }
                output[n * outFeatures + o] = T(sum)
            }
        }
        return output
    }
}
