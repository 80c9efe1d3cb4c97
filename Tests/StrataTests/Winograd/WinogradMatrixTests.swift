@testable import Strata
import Testing

/// The transform matrices and the straight-line kernels written from them.
@Suite struct WinogradMatrixTests {
    /// `Aᵀ·[(G·g) ⊙ (Bᵀ·d)]` is the 1-D correlation `y[i] = Σ_k d[i + k]·g[k]` (Lavin & Gray,
    /// eq. 4), in Double on seeded data, for every variant: the matrices are right before
    /// any float rounding.
    @Test(arguments: WinogradVariant.allCases)
    func matricesComputeTheCorrelation(_ variant: WinogradVariant) {
        var rng = SeededGenerator(seed: 5)
        let (m, α) = (variant.outputTile, variant.inputTile)
        for _ in 0..<20 {
            let d = (0..<α).map { _ in Double.random(in: -1...1, using: &rng) }
            let g = (0..<3).map { _ in Double.random(in: -1...1, using: &rng) }
            let transformedKernel = variant.kernelMatrix.map { row in zip(row, g).reduce(0) { $0 + $1.0 * $1.1 } }
            let transformedInput = variant.inputMatrix.map { row in zip(row, d).reduce(0) { $0 + $1.0 * $1.1 } }
            let product = zip(transformedKernel, transformedInput).map(*)
            for i in 0..<m {
                let winograd = zip(variant.outputMatrix[i], product).reduce(0) { $0 + $1.0 * $1.1 }
                let direct = (0..<3).reduce(0.0) { $0 + d[i + $1] * g[$1] }
                #expect(abs(winograd - direct) <= 1e-12, "\(variant) output \(i): \(winograd) vs \(direct)")
            }
        }
    }

    /// The kernels' 1-D transforms equal Bᵀ·x and Aᵀ·x with the matrices (exactly: small
    /// integers in, integer arithmetic in float).
    @Test func kernelsMatchTheMatrices() {
        check(WinogradF2x2.self)
        check(WinogradF4x4.self)
    }

    private func check<K: WinogradKernel>(_: K.Type) {
        let variant = K.variant
        let α = variant.inputTile
        // Lane l of input r holds (r + 1)·(l + 1) − 3·r: distinct small integers per lane.
        let x: [FloatVector] = (0..<α).map { r in
            FloatVector((0..<8).map { (lane: Int) -> Float in Float((r + 1) * (lane + 1) - 3 * r) })
        }
        var input = [FloatVector](repeating: .zero, count: α)
        K.input({ x[$0] }, { input[$0] = $1 })
        var output = [FloatVector](repeating: .zero, count: variant.outputTile)
        K.output({ x[$0] }, { output[$0] = $1 })
        for (matrix, result, name) in [(variant.inputMatrix, input, "Bᵀ"), (variant.outputMatrix, output, "Aᵀ")] {
            for (i, row) in matrix.enumerated() {
                for lane in 0..<8 {
                    let expected = zip(row, x).reduce(0.0) { $0 + $1.0 * Double($1.1[lane]) }
                    #expect(Double(result[i][lane]) == expected, "\(variant) \(name) row \(i) lane \(lane)")
                }
            }
        }
    }
}
