/// Bilinear resampling of one float plane, as PyTorch's `upsample_bilinear2d` with
/// `align_corners=False` and no antialiasing (aten/src/ATen/native/UpSample.h,
/// `area_pixel_compute_source_index`): output index `i` samples the input at
/// `(i + 0.5) * in / out - 0.5`, negative positions clamped to 0, the right/bottom
/// neighbour clamped to the last pixel, weights `1 - λ` and `λ`.
enum BilinearResize {
    /// One axis: for each output index, the two input indices and the weight of the second.
    struct Taps {
        var low: [Int]
        var high: [Int]
        var lambda: [Float]

        init(input: Int, output: Int) {
            let scale = Float(input) / Float(output)
            low = []; high = []; lambda = []
            for i in 0..<output {
                let source = max(0, (Float(i) + 0.5) * scale - 0.5)
                let index = min(Int(source), input - 1)
                low.append(index)
                high.append(index < input - 1 ? index + 1 : index)
                lambda.append(source - Float(index))
            }
        }
    }

    /// `plane` (`height × width`, row-major) resized to `outputHeight × outputWidth`.
    static func resize(_ plane: [Float], height: Int, width: Int, outputHeight: Int, outputWidth: Int) -> [Float] {
        if height == outputHeight && width == outputWidth { return plane }
        let ys = Taps(input: height, output: outputHeight), xs = Taps(input: width, output: outputWidth)
        var result = [Float](repeating: 0, count: outputHeight * outputWidth)
        for y in 0..<outputHeight {
            let top = ys.low[y] * width, bottom = ys.high[y] * width
            let wy = ys.lambda[y]
            for x in 0..<outputWidth {
                let (x0, x1, wx) = (xs.low[x], xs.high[x], xs.lambda[x])
                let upper = (1 - wx) * plane[top + x0] + wx * plane[top + x1]
                let lower = (1 - wx) * plane[bottom + x0] + wx * plane[bottom + x1]
                result[y * outputWidth + x] = (1 - wy) * upper + wy * lower
            }
        }
        return result
    }
}
