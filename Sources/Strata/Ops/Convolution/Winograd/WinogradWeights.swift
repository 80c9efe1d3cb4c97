extension WinogradVariant {
    /// The kernel transform `U = G·g·Gᵀ` of every `[3, 3]` kernel, made once per layer.
    /// Computed in Double and rounded once, so U carries no more error than its rounding.
    /// Plain loops over pointers: this runs for every Winograd layer when a graph is
    /// compiled, also in debug builds (a closure-based version took 6 s for a 256x256 layer).
    /// - Parameters:
    ///   - weight: `[OC, IC, 3, 3]`
    ///   - u: `[α², OC, IC]`: point `p = ξ·α + ν` of kernel (oc, ic) at `u[(p·OC + oc)·IC + ic]`,
    ///     so that each point's `[OC, IC]` matrix is the A operand of one sgemm.
    func transformWeights(_ weight: UnsafePointer<Float>, outChannels: Int, inChannels: Int, into u: UnsafeMutablePointer<Float>) {
        let α = inputTile
        let kernels = outChannels * inChannels
        let matrix = kernelMatrix.flatMap { $0 }   // G: [α, 3]
        matrix.withUnsafeBufferPointer { g in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: α * 3) { gg in   // G·g: [α, 3]
                for kernel in 0..<kernels {
                    let w = weight + kernel * 9
                    for i in 0..<α {
                        let (a, b, c) = (g[i * 3], g[i * 3 + 1], g[i * 3 + 2])
                        for j in 0..<3 {
                            gg[i * 3 + j] = a * Double(w[j]) + b * Double(w[3 + j]) + c * Double(w[6 + j])
                        }
                    }
                    for i in 0..<α {
                        let (a, b, c) = (gg[i * 3], gg[i * 3 + 1], gg[i * 3 + 2])
                        for j in 0..<α {
                            let value = a * g[j * 3] + b * g[j * 3 + 1] + c * g[j * 3 + 2]
                            u[(i * α + j) * kernels + kernel] = Float(value)
                        }
                    }
                }
            }
        }
    }
}
