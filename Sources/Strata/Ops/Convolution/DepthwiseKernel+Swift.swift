import CStrataKernels

/// The Swift depthwise kernel, the contract of `strata_depthwise.h` (whose argument block
/// it shares with the AVX2 kernel):
///
///     out[oh, ow] = clamp(bias + Σ_r Σ_c taps[r·KW + c] · input[(oh·SH + r·DH)·stride + offsets[c] + ow], low, high)
///
/// on a prepared plane (``DepthwisePaddedPlane``: padding in it, rows split into stride
/// phases), so every row is whole vector blocks of unit-stride loads: 8 outputs (two SSE
/// registers on the baseline x86-64 target), 4 for rows narrower than 8, one at a time
/// below 4; the last block overlaps the one before it. Each block sums every tap in
/// registers and is stored once, bias and clamp applied on the way out (the fused epilogue
/// of conv + ReLU/ReLU6). 3x3 and 5x5 kernels call the generic loop with constant sizes,
/// so it is unrolled.
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
        switch (kernel_height, kernel_width) {
        case (3, 3): rows(L.self, height: 3, width: 3)
        case (5, 5): rows(L.self, height: 5, width: 5)
        default: rows(L.self, height: Int(kernel_height), width: Int(kernel_width))
        }
    }

    @inline(__always)
    private func rows<L: DepthwiseLanes>(_ lanes: L.Type, height: Int, width: Int) {
        let taps = self.taps!
        guard height * width <= 25 else { return rows(L.self, height: height, width: width) { L.Vector(repeating: taps[$0]) } }
        // The weights broadcast once, on the stack: the compiler cannot tell `taps` from the
        // output it stores to, so it would broadcast them again for every block.
        withUnsafeTemporaryAllocation(of: L.Vector.self, capacity: 25) { weights in
            for i in 0..<height * width { weights[i] = L.Vector(repeating: taps[i]) }
            rows(L.self, height: height, width: width) { weights[$0] }
        }
    }

    @inline(__always)
    private func rows<L: DepthwiseLanes>(_ lanes: L.Type, height: Int, width: Int, weight: (Int) -> L.Vector) {
        let (input, offsets, output) = (self.input!, column_offsets!, self.output!)
        let step = Int(dilation_height) * row_stride
        let last = out_width - L.Vector.scalarCount
        for oh in row_begin..<row_end {
            let row = input + oh * Int(stride_height) * row_stride
            let out = output + oh * out_width
            var o = 0
            while true {
                var sum = L.Vector(repeating: bias)
                for r in 0..<height {
                    for c in 0..<width {
                        sum += L.load(row + r * step + offsets[c] + o) * weight(r * width + c)
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
        let (input, offsets, taps, output) = (self.input!, column_offsets!, self.taps!, self.output!)
        let (height, width) = (Int(kernel_height), Int(kernel_width))
        let step = Int(dilation_height) * row_stride
        for oh in row_begin..<row_end {
            for o in 0..<out_width {
                let x = input + oh * Int(stride_height) * row_stride + o
                var sum = bias
                for r in 0..<height {
                    for c in 0..<width { sum += taps[r * width + c] * x[r * step + offsets[c]] }
                }
                if sum < low { sum = low }
                output[oh * out_width + o] = sum > high ? high : sum
            }
        }
    }
}

/// A block width of the Swift depthwise kernel, written per concrete type (generic SIMD
/// code is not vectorized).
protocol DepthwiseLanes {
    associatedtype Vector: SIMD where Vector.Scalar == Float
    static func load(_ p: UnsafePointer<Float>) -> Vector
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>)
    /// min(max(v, low), high) per lane, as ``clamp(_:_:_:)``.
    static func clamp(_ v: Vector, _ low: Float, _ high: Float) -> Vector
}

/// 8 outputs per block.
enum Lanes8: DepthwiseLanes {
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> { loadVector(p) }
    @inline(__always) static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) { storeVector(v, to: p) }
    @inline(__always) static func clamp(_ v: SIMD8<Float>, _ low: Float, _ high: Float) -> SIMD8<Float> {
        Strata.clamp(v, low, high)
    }
}

/// 4 outputs per block, for rows of 4 to 7 outputs (7x7 planes).
enum Lanes4: DepthwiseLanes {
    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD4<Float>.self)
    }
    @inline(__always) static func store(_ v: SIMD4<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD4<Float>.self)
    }
    @inline(__always) static func clamp(_ v: SIMD4<Float>, _ low: Float, _ high: Float) -> SIMD4<Float> {
        let raised = v.replacing(with: low, where: v .< low)
        return raised.replacing(with: high, where: raised .> high)
    }
}
