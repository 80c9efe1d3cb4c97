import Foundation

extension Reference {
    /// Lp pooling: `out = (Σ |x|^p)^(1/p)` over the window's taps inside the input (padding
    /// adds nothing), in Double: ONNX LpPool (onnxruntime's LpPool sums `pow(|x|, p)` over
    /// the clipped window). Windows, strides, dilations, padding and ceil mode as
    /// ``maxPool2d(input:_:)`` (``ReferencePool2dParameters``); `countIncludePad` is unused.
    public static func lpPool2d(input: [Float], p: Float, _ q: ReferencePool2dParameters) -> [Float] {
        let outHeight = q.outHeight, outWidth = q.outWidth
        var output = [Float](repeating: 0, count: q.batch * q.channels * outHeight * outWidth)
        for plane in 0..<q.batch * q.channels {
            for oy in 0..<outHeight {
                for ox in 0..<outWidth {
                    var sum = 0.0
                    for ky in 0..<q.kernelHeight {
                        for kx in 0..<q.kernelWidth {
                            let y = oy * q.strideHeight - q.padTop + ky * q.dilationHeight
                            let x = ox * q.strideWidth - q.padLeft + kx * q.dilationWidth
                            if y < 0 || y >= q.inHeight || x < 0 || x >= q.inWidth { continue }
                            sum += pow(abs(Double(input[(plane * q.inHeight + y) * q.inWidth + x])), Double(p))
                        }
                    }
                    output[(plane * outHeight + oy) * outWidth + ox] = Float(pow(sum, 1 / Double(p)))
                }
            }
        }
        return output
    }

    /// ONNX GlobalLpPool: `(Σ |x|^p)^(1/p)` over each `[H, W]` plane of `[N, C, H, W]`, in Double.
    public static func globalLpPool(input: [Float], p: Float, planes: Int, planeSize: Int) -> [Float] {
        (0..<planes).map { plane in
            var sum = 0.0
            for i in 0..<planeSize { sum += pow(abs(Double(input[plane * planeSize + i])), Double(p)) }
            return Float(pow(sum, 1 / Double(p)))
        }
    }

    /// ONNX MaxPool's Indices: for each window (as ``maxPool2d(input:_:)``) the flat index
    /// `((n·C + c)·H + y)·W + x` of its largest value (`columnMajor`: `(n·C + c)·H·W + y + x·H`,
    /// onnxruntime's `storage_order = 1`), the first in row-major tap order on ties, the
    /// first NaN if the window holds one. As Float.
    public static func maxPoolIndices(input: [Float], columnMajor: Bool, _ q: ReferencePool2dParameters) -> [Float] {
        let outHeight = q.outHeight, outWidth = q.outWidth
        var output = [Float](repeating: 0, count: q.batch * q.channels * outHeight * outWidth)
        for plane in 0..<q.batch * q.channels {
            for oy in 0..<outHeight {
                for ox in 0..<outWidth {
                    var best: (value: Float, y: Int, x: Int)? = nil
                    for ky in 0..<q.kernelHeight {
                        for kx in 0..<q.kernelWidth {
                            let y = oy * q.strideHeight - q.padTop + ky * q.dilationHeight
                            let x = ox * q.strideWidth - q.padLeft + kx * q.dilationWidth
                            if y < 0 || y >= q.inHeight || x < 0 || x >= q.inWidth { continue }
                            let v = input[(plane * q.inHeight + y) * q.inWidth + x]
                            if let current = best, current.value.isNaN || !(v.isNaN || v > current.value) { continue }
                            best = (v, y, x)
                        }
                    }
                    let (y, x) = (best?.y ?? 0, best?.x ?? 0)
                    let index = plane * q.inHeight * q.inWidth + (columnMajor ? y + x * q.inHeight : y * q.inWidth + x)
                    output[(plane * outHeight + oy) * outWidth + ox] = Float(index)
                }
            }
        }
        return output
    }
}
