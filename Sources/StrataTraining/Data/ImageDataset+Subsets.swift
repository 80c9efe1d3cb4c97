import Strata

extension ImageDataset {
    /// The first `count` images and labels (all of them when `count` is larger).
    /// - Throws: `StrataError.invalidArgument` for a negative count.
    public func prefix(_ count: Int) throws -> ImageDataset {
        guard count >= 0 else { throw StrataError.invalidArgument("a dataset prefix of \(count) images; expected 0 or more") }
        let kept = min(count, self.count)
        let perImage = imageShape.reduce(1, *)
        var tensor = try Tensor(shape: [kept] + imageShape)
        images.withUnsafeBufferPointer { source in
            tensor.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source.baseAddress!, count: kept * perImage) }
        }
        return try ImageDataset(images: tensor, labels: Array(labels.prefix(kept)), classes: classes)
    }

    /// The dataset with its single channel repeated `channels` times, as torchvision's
    /// `Grayscale(num_output_channels=3)` does for models that take RGB.
    /// - Throws: `StrataError.invalidArgument` unless the images have one channel;
    ///   `StrataError.memoryLimit` when the copy would not fit `MemoryLimit`.
    public func repeatingChannels(_ channels: Int) throws -> ImageDataset {
        guard imageShape[0] == 1, channels >= 1 else {
            throw StrataError.invalidArgument("repeating channels needs 1-channel images and a count >= 1; images are \(imageShape), count \(channels)")
        }
        let plane = imageShape[1] * imageShape[2]
        try MemoryLimit.check(floats: count * channels * plane, "\(count) images repeated on \(channels) channels")
        var tensor = try Tensor(shape: [count, channels, imageShape[1], imageShape[2]])
        images.withUnsafeBufferPointer { source in
            tensor.withUnsafeMutableBufferPointer { target in
                for n in 0..<count {
                    for c in 0..<channels {
                        (target.baseAddress! + (n * channels + c) * plane).update(from: source.baseAddress! + n * plane, count: plane)
                    }
                }
            }
        }
        return try ImageDataset(images: tensor, labels: labels, classes: classes)
    }
}
