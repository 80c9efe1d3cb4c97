/// The Winograd minimal-filtering algorithms F(m×m, 3×3) the engine runs (Lavin & Gray
/// 2015, "Fast Algorithms for Convolutional Neural Networks", sections 4-5): an m×m tile of
/// a 3×3 correlation (stride 1, dilation 1) from an α×α input tile, α = m + 2,
///
///     Y = Aᵀ · [ (G·g·Gᵀ) ⊙ (Bᵀ·d·B) ] · A        g: 3×3 kernel, d: α×α tile, Y: m×m
///
/// with α² multiplications instead of 9·m². Summed over input channels, the element-wise
/// product becomes α² independent GEMMs, one per transform point (ξ, ν):
/// `M[ξν] = U[ξν] · V[ξν]` with `U: [OC, IC]` (transformed kernels, made once per layer)
/// and `V: [IC, tiles]` (transformed input tiles).
///
/// The matrices interpolate at the points named on each case (∞ is the leading
/// coefficient); larger points make the transforms' entries grow and with them the
/// float rounding error (Docs/PERFORMANCE.md, "Winograd", has the measured errors).
/// The same matrices are in wincnn's generator and in every F(4x4,3x3) implementation
/// (NNPACK, ncnn, MegEngine); `WinogradMatrixTests` checks that they compute the
/// correlation exactly in Double.
enum WinogradVariant: Sendable, CaseIterable {
    /// F(2×2, 3×3), points 0, 1, −1, ∞: 16 multiplications for 36 (2.25x fewer).
    case f2x2
    /// F(4×4, 3×3), points 0, ±1, ±2, ∞: 36 multiplications for 144 (4x fewer).
    case f4x4

    /// m: output pixels per tile side.
    var outputTile: Int {
        switch self {
        case .f2x2: 2
        case .f4x4: 4
        }
    }

    /// α = m + 2: input pixels per tile side; α² transform points.
    var inputTile: Int { outputTile + 2 }

    /// Bᵀ `[α, α]`: `V = Bᵀ·d·B`.
    var inputMatrix: [[Double]] {
        switch self {
        case .f2x2:
            [[1, 0, -1, 0],
             [0, 1, 1, 0],
             [0, -1, 1, 0],
             [0, 1, 0, -1]]
        case .f4x4:
            [[4, 0, -5, 0, 1, 0],
             [0, -4, -4, 1, 1, 0],
             [0, 4, -4, -1, 1, 0],
             [0, -2, -1, 2, 1, 0],
             [0, 2, -1, -2, 1, 0],
             [0, 4, 0, -5, 0, 1]]
        }
    }

    /// G `[α, 3]`: `U = G·g·Gᵀ`.
    var kernelMatrix: [[Double]] {
        switch self {
        case .f2x2:
            [[1, 0, 0],
             [0.5, 0.5, 0.5],
             [0.5, -0.5, 0.5],
             [0, 0, 1]]
        case .f4x4:
            [[1.0 / 4, 0, 0],
             [-1.0 / 6, -1.0 / 6, -1.0 / 6],
             [-1.0 / 6, 1.0 / 6, -1.0 / 6],
             [1.0 / 24, 1.0 / 12, 1.0 / 6],
             [1.0 / 24, -1.0 / 12, 1.0 / 6],
             [0, 0, 1]]
        }
    }

    /// Aᵀ `[m, α]`: `Y = Aᵀ·M·A`.
    var outputMatrix: [[Double]] {
        switch self {
        case .f2x2:
            [[1, 1, 1, 0],
             [0, 1, -1, -1]]
        case .f4x4:
            [[1, 1, 1, 1, 1, 0],
             [0, 1, -1, 2, -2, 0],
             [0, 1, 1, 4, 4, 0],
             [0, 1, -1, 8, -8, 1]]
        }
    }
}
