/// The parameters of an op with a weight and an optional bias (convolution, transposed
/// convolution, linear), in the order they are saved: `weight`, then `bias` if any.
func weightAndBiasParameters(_ weight: Tensor, _ bias: Tensor?) -> [(name: String, value: Tensor)] {
    [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
}

/// Runs `body` with the weight's floats and the bias's (nil without a bias).
@inline(__always)
func withWeightAndBias(_ weight: Tensor, _ bias: Tensor?, _ body: (UnsafePointer<Float>, UnsafePointer<Float>?) -> Void) {
    weight.withUnsafeBufferPointer { w in
        if let bias {
            bias.withUnsafeBufferPointer { b in body(w.baseAddress!, b.baseAddress!) }
        } else {
            body(w.baseAddress!, nil)
        }
    }
}
