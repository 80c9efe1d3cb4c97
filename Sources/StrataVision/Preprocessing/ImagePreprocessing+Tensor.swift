import Strata

extension ImagePreprocessing {
    /// `image` as a model input of `shape` `[N, C, H, W]` (C 1 or 3), each step as the
    /// type describes, the one picture repeated over the batch.
    /// - Throws: `StrataError.invalidShape(_:)` for a shape that is not `[N, 1 or 3, H, W]`
    ///   with sizes >= 1; `StrataError.invalidArgument(_:)` when ``mean`` or ``std`` do not
    ///   have C values, a std is 0, or the resized picture would exceed 65536 a side;
    ///   `StrataError.memoryLimit(_:)` when the tensor, or the resized picture, is past
    ///   `MemoryLimit.bytes` (checked before either is allocated).
    public func tensor(from image: Image, shape: Shape) throws -> Tensor {
        guard shape.rank == 4, shape[1] == 1 || shape[1] == 3, shape[0] >= 1, shape[2] >= 1, shape[3] >= 1 else {
            throw StrataError.invalidShape("model input of shape \(shape); an image can only become [N, 1 or 3, H, W] with N, H, W >= 1")
        }
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        for (name, values) in [("mean", mean), ("std", std)] {
            if let values, values.count != c {
                throw StrataError.invalidArgument(
                    "\(name) has \(values.count) values \(values); the model's input \(shape) has \(c) channel\(c == 1 ? "" : "s"): give \(c)")
            }
        }
        if let std, let zero = std.firstIndex(of: 0) {
            throw StrataError.invalidArgument("std \(std) is 0 for channel \(zero); expected non-zero values")
        }
        let pixels = try (grayscale ? image.converted(toChannels: 1) : image).converted(toChannels: c)
        // The output can be far larger than the picture (a symbolic size set huge).
        try MemoryLimit.check(floats: shape.elementCount, "the input \(shape) made from the picture")
        let place = try Self.placement(of: fit, height: image.height, width: image.width, outputHeight: h, outputWidth: w)
        try MemoryLimit.check(floats: place.height * place.width, "the picture resized to \(place.width)x\(place.height)")
        let divisor: Float = scale == .unit ? 255 : 1
        var values = [Float](repeating: 0, count: n * c * h * w)
        for channel in 0..<c {
            // BGR: output channel 0 takes the picture's blue.
            let source = channelOrder == .bgr && c == 3 ? 2 - channel : channel
            let plane = (0..<(image.width * image.height)).map { Float(pixels.pixels[$0 * c + source]) }
            let resized = BilinearResize.resize(plane, height: image.height, width: image.width,
                                                outputHeight: place.height, outputWidth: place.width)
            let m = mean?[channel] ?? 0, s = std?[channel] ?? 1
            for y in 0..<h {
                let sy = y - place.top
                for x in 0..<w {
                    let sx = x - place.left
                    let inside = sy >= 0 && sy < place.height && sx >= 0 && sx < place.width
                    let level = inside ? resized[sy * place.width + sx] : place.fill
                    values[(channel * h + y) * w + x] = (level / divisor - m) / s
                }
            }
        }
        let one = c * h * w
        for batch in 1..<n { values.replaceSubrange((batch * one)..<((batch + 1) * one), with: values[0..<one]) }
        return try Tensor(shape: shape.dimensions, values: values)
    }
}
