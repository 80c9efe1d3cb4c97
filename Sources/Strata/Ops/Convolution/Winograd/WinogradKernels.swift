import CStrataKernels

/// One Winograd variant's 1-D transforms as straight-line code on 8 lanes, each lane a
/// different tile: the matrices of ``WinogradVariant`` with their zeros and common
/// subexpressions taken out. A 2-D transform is two passes of the 1-D one (columns, then
/// rows), as in Lavin & Gray's nested form `Bᵀ·(Bᵀ·d)ᵀ`.
///
/// `load(i)` gives the i-th input vector and `store(i, y)` takes the i-th result; both are
/// inlined, so a pass reads straight from the caller's buffers into registers.
///
/// A variant may also name an AVX2/FMA C kernel of its output transform
/// (`strata_winograd.h`): the same 2-D transform over a whole run of tiles, 8 tiles per
/// register. Only F(4x4)'s has one: kernels are kept where they beat Swift by 1.3x.
protocol WinogradKernel {
    static var variant: WinogradVariant { get }
    /// `y[i] = Σ_r Bᵀ[i][r]·x[r]` for i < α.
    static func input(_ load: (Int) -> FloatVector, _ store: (Int, FloatVector) -> Void)
    /// `y[i] = Σ_r Aᵀ[i][r]·x[r]` for i < m.
    static func output(_ load: (Int) -> FloatVector, _ store: (Int, FloatVector) -> Void)
    /// `strata_winograd_*_output_avx2`, or nil.
    static var outputAVX2: (@convention(c) (UnsafePointer<Float>?, Int, Int, Int, Float, UnsafeMutablePointer<Float>?, Int) -> Void)? { get }
}

extension WinogradKernel {
    /// m
    @inline(__always) static var outputTile: Int { variant.outputTile }
    /// α
    @inline(__always) static var inputTile: Int { variant.inputTile }
}

/// F(2×2, 3×3): Bᵀ and Aᵀ of ``WinogradVariant/f2x2``.
enum WinogradF2x2: WinogradKernel {
    static let variant = WinogradVariant.f2x2
    static var outputAVX2: (@convention(c) (UnsafePointer<Float>?, Int, Int, Int, Float, UnsafeMutablePointer<Float>?, Int) -> Void)? {
        nil
    }

    @inline(__always)
    static func input(_ load: (Int) -> FloatVector, _ store: (Int, FloatVector) -> Void) {
        let (x0, x1, x2, x3) = (load(0), load(1), load(2), load(3))
        store(0, x0 - x2)
        store(1, x1 + x2)
        store(2, x2 - x1)
        store(3, x1 - x3)
    }

    @inline(__always)
    static func output(_ load: (Int) -> FloatVector, _ store: (Int, FloatVector) -> Void) {
        let (x0, x1, x2, x3) = (load(0), load(1), load(2), load(3))
        store(0, x0 + x1 + x2)
        store(1, x1 - x2 - x3)
    }
}

/// F(4×4, 3×3): Bᵀ and Aᵀ of ``WinogradVariant/f4x4``.
enum WinogradF4x4: WinogradKernel {
    static let variant = WinogradVariant.f4x4
    static var outputAVX2: (@convention(c) (UnsafePointer<Float>?, Int, Int, Int, Float, UnsafeMutablePointer<Float>?, Int) -> Void)? {
        strata_winograd_f4x4_output_avx2
    }

    @inline(__always)
    static func input(_ load: (Int) -> FloatVector, _ store: (Int, FloatVector) -> Void) {
        let (x0, x1, x2, x3, x4, x5) = (load(0), load(1), load(2), load(3), load(4), load(5))
        let four = FloatVector(repeating: 4), five = FloatVector(repeating: 5), two = FloatVector(repeating: 2)
        let x4MinusX2 = x4 - x2
        let twiceX3MinusX1 = two * (x3 - x1)
        store(0, four * x0 - five * x2 + x4)
        store(1, (x3 + x4) - four * (x1 + x2))
        store(2, (x4 - x3) + four * (x1 - x2))
        store(3, x4MinusX2 + twiceX3MinusX1)
        store(4, x4MinusX2 - twiceX3MinusX1)
        store(5, four * x1 - five * x3 + x5)
    }

    @inline(__always)
    static func output(_ load: (Int) -> FloatVector, _ store: (Int, FloatVector) -> Void) {
        let (x0, x1, x2, x3, x4, x5) = (load(0), load(1), load(2), load(3), load(4), load(5))
        let sum12 = x1 + x2, difference12 = x1 - x2
        let sum34 = x3 + x4, difference34 = x3 - x4
        store(0, x0 + sum12 + sum34)
        store(1, difference12 + FloatVector(repeating: 2) * difference34)
        store(2, sum12 + FloatVector(repeating: 4) * sum34)
        store(3, difference12 + FloatVector(repeating: 8) * difference34 + x5)
    }
}
