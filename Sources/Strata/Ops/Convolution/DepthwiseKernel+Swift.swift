import CStrataKernels

/// The Swift depthwise kernel, the contract of `strata_depthwise.h` (whose argument block
/// it shares with the AVX2 kernel):
///
///     out[oh, ow] = clamp(bias + Σ_r Σ_c taps[r·KW + c] · input[(oh·SH + r·DH)·stride + ow·SW + c·DW], low, high)
///
/// on a plane whose padding is already in it, so every row is whole vector blocks: 8
/// outputs (two SSE registers on the baseline x86-64 target), 4 for rows narrower than 8,
/// one at a time below 4; the last block overlaps the one before it. Each block sums every
/// tap in registers and is stored once, bias and clamp applied on the way out (the fused
/// epilogue of conv + ReLU/ReLU6). The 3x3 and 5x5 shapes at stride 1 and 2 call the
/// generic loop with constant sizes, so it is unrolled.
extension strata_depthwise_plane {
    func runSwift() {
        if out_width >= 8 {
            runShape(Lanes8.self)
        } else if out_width >= 4 {
            runShape(Lanes4.self)
        } else {
            rowsOneByOne()
        }
    }

    @inline(__always)
    private func runShape<L: DepthwiseLanes>(_ lanes: L.Type) {
        let (k, s) = (Int(kernel_width), Int(stride_width))
        switch (k, s) {
        case (3, 1) where dilation_width == 1 && kernel_height == 3: rows(L.self, height: 3, width: 3, stride: 1, dilation: 1)
        case (3, 2) where dilation_width == 1 && kernel_height == 3: rows(L.self, height: 3, width: 3, stride: 2, dilation: 1)
        case (5, 1) where dilation_width == 1 && kernel_height == 5: rows(L.self, height: 5, width: 5, stride: 1, dilation: 1)
        case (5, 2) where dilation_width == 1 && kernel_height == 5: rows(L.self, height: 5, width: 5, stride: 2, dilation: 1)
        default: rows(L.self, height: Int(kernel_height), width: k, stride: s, dilation: Int(dilation_width))
        }
    }

    @inline(__always)
    private func rows<L: DepthwiseLanes>(_ lanes: L.Type, height: Int, width: Int, stride: Int, dilation: Int) {
        let (input, taps, output) = (self.input!, self.taps!, self.output!)
        let step = Int(dilation_height) * row_stride
        let last = out_width - L.Vector.scalarCount
        for oh in row_begin..<row_end {
            let row = input + oh * Int(stride_height) * row_stride
            let out = output + oh * out_width
            var o = 0
            while true {
                let x = row + o * stride
                var sum = L.Vector(repeating: bias)
                for r in 0..<height {
                    for c in 0..<width {
                        sum += L.load(x + r * step + c * dilation, stride: stride) * taps[r * width + c]
                    }
                }
                L.store(L.clamp(sum, low, high), out + o)
                if o == last { break }
                o = min(o + L.Vector.scalarCount, last)
            }
        }
    }

    /// Rows of 1 to 3 outputs.
    private func rowsOneByOne() {
        let (input, taps, output) = (self.input!, self.taps!, self.output!)
        let (height, width) = (Int(kernel_height), Int(kernel_width))
        let step = Int(dilation_height) * row_stride
        for oh in row_begin..<row_end {
            for o in 0..<out_width {
                let x = input + oh * Int(stride_height) * row_stride + o * Int(stride_width)
                var sum = bias
                for r in 0..<height {
                    for c in 0..<width { sum += taps[r * width + c] * x[r * step + c * Int(dilation_width)] }
                }
                if sum < low { sum = low }
                output[oh * out_width + o] = sum > high ? high : sum
            }
        }
    }
}

/// A block width of the Swift depthwise kernel: its vector and the loads it needs,
/// written per concrete type (generic SIMD code is not vectorized).
protocol DepthwiseLanes {
    associatedtype Vector: SIMD where Vector.Scalar == Float
    /// `p[0], p[s], ..., p[(lanes − 1)·s]`, reading nothing past the last.
    static func load(_ p: UnsafePointer<Float>, stride s: Int) -> Vector
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>)
    /// min(max(v, low), high) per lane, as ``clamp(_:_:_:)``.
    static func clamp(_ v: Vector, _ low: Float, _ high: Float) -> Vector
}

/// 8 outputs per block.
enum Lanes8: DepthwiseLanes {
    @inline(__always) static func load(_ p: UnsafePointer<Float>, stride s: Int) -> SIMD8<Float> {
        switch s {
        case 1: return loadVector(p)
        case 2:
            // p[0...7] and p[7...14]: the even lanes of one, the odd lanes of the other.
            let (a, b) = (loadVector(p), loadVector(p + 7))
            return SIMD8(a[0], a[2], a[4], a[6], b[1], b[3], b[5], b[7])
        default: return SIMD8(p[0], p[s], p[2 * s], p[3 * s], p[4 * s], p[5 * s], p[6 * s], p[7 * s])
        }
    }
    @inline(__always) static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) { storeVector(v, to: p) }
    @inline(__always) static func clamp(_ v: SIMD8<Float>, _ low: Float, _ high: Float) -> SIMD8<Float> {
        Strata.clamp(v, low, high)
    }
}

/// 4 outputs per block, for rows of 4 to 7 outputs (7x7 planes).
enum Lanes4: DepthwiseLanes {
    @inline(__always) static func load(_ p: UnsafePointer<Float>, stride s: Int) -> SIMD4<Float> {
        switch s {
        case 1: return UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
        case 2:
            let a = UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
            let b = UnsafeRawPointer(p + 3).loadUnaligned(as: SIMD4<Float>.self)
            return SIMD4(a[0], a[2], b[1], b[3])
        default: return SIMD4(p[0], p[s], p[2 * s], p[3 * s])
        }
    }
    @inline(__always) static func store(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
    }
    @inline(__always) static func clamp(_ v: SIMD4<Float>, _ low: Float, _ high: Float) -> SIMD4<Float> {
        let raised = v.replacing(with: low, where: v .< low)
        return raised.replacing(with: high, where: raised .> high)
    }
}
