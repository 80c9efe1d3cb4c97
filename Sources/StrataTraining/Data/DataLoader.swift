import Strata

/// Random changes to training images as they are batched, torchvision's
/// `RandomCrop(size, padding:)` followed by `RandomHorizontalFlip(p: 0.5)`.
public struct Augmentation: Sendable, Equatable {
    /// Zeros added on every side before a random crop back to the image's own size
    /// (`RandomCrop(28, padding: 4)` is 4); 0 for no crop. The crop's top and left offsets
    /// are each uniform in `0...2 * cropPadding`, so the image moves by up to
    /// `cropPadding` pixels in each direction, the uncovered border filled with 0.
    public var cropPadding: Int
    /// Whether to mirror each image left to right with probability 0.5.
    public var horizontalFlip: Bool

    /// Crop padding (0: none) and flip (`false`: none).
    public init(cropPadding: Int = 0, horizontalFlip: Bool = false) {
        self.cropPadding = cropPadding
        self.horizontalFlip = horizontalFlip
    }

    /// No augmentation: images are batched as they are.
    public static let none = Augmentation()

    /// Whether the augmentation changes anything.
    public var isIdentity: Bool { cropPadding == 0 && !horizontalFlip }

    /// Writes one `[C, H, W]` image cropped from its zero-padded self at (`top`, `left`)
    /// (each in `0...2 * padding`), then mirrored when `flip`:
    /// `out[c][y][x] = in[c][y + top - padding][x' + left - padding]`, with
    /// `x' = W - 1 - x` when flipping and `x' = x` otherwise, 0 outside the image.
    static func cropAndFlip(
        _ source: UnsafeBufferPointer<Float>, into target: UnsafeMutableBufferPointer<Float>,
        channels: Int, height: Int, width: Int, padding: Int, top: Int, left: Int, flip: Bool
    ) {
        let dy = top - padding, dx = left - padding
        for c in 0..<channels {
            let plane = c * height * width
            for y in 0..<height {
                let sy = y + dy
                let row = plane + y * width
                guard sy >= 0 && sy < height else {
                    for x in 0..<width { target[row + x] = 0 }
                    continue
                }
                let sourceRow = plane + sy * width
                for x in 0..<width {
                    let sx = (flip ? width - 1 - x : x) + dx
                    target[row + x] = sx >= 0 && sx < width ? source[sourceRow + sx] : 0
                }
            }
        }
    }
}

/// One batch from a ``DataLoader``: images `[B, C, H, W]`, their labels and the indices
/// of the images in the dataset. B is the loader's batch size, or less for the last batch
/// of an epoch when `dropLast` is false.
public struct Batch: Sendable {
    /// The images, `[B, C, H, W]`, augmented when the loader augments.
    public internal(set) var images: Tensor
    /// The class index of each image.
    public internal(set) var labels: [Int]
    /// Where each image is in the dataset.
    public internal(set) var indices: [Int]

    /// The number of images, B.
    public var count: Int { labels.count }

    init(count: Int, imageShape: [Int]) throws {
        images = try Tensor(shape: [count] + imageShape)
        labels = [Int](repeating: 0, count: count)
        indices = [Int](repeating: 0, count: count)
    }
}

/// Batches of an ``ImageDataset`` epoch after epoch, like PyTorch's `DataLoader`
/// (`batch_size`, `shuffle`, `drop_last`), with optional ``Augmentation``.
///
/// Shuffling is seeded and reproducible: epoch `e`'s order and augmentation come from a
/// `SeededGenerator` seeded from (``seed``, `e`) alone, so the same seed gives the same
/// batches on every machine, and a resumed run can start at any epoch. The batch buffers
/// are allocated once, in `init`; a batch is filled into them in place.
///
/// ```swift
/// var loader = try DataLoader(train, batchSize: 64, shuffle: true, seed: 1,
///                             augmentation: Augmentation(cropPadding: 4, horizontalFlip: true))
/// for epoch in 0..<5 {
///     loader.startEpoch(epoch)
///     while let batch = loader.next() { /* batch.images [64, 1, 28, 28], batch.labels */ }
/// }
/// ```
///
/// Let go of a batch before asking for the next (a `while let` loop does): a batch shares
/// the loader's buffers, so filling the next one while the previous is still held copies
/// the buffers instead of reusing them (correct, but an allocation per batch).
public struct DataLoader: Sendable {
    /// The dataset batched.
    public let dataset: ImageDataset
    /// The images per batch (PyTorch's `batch_size`).
    public let batchSize: Int
    /// Whether each epoch visits the images in a new random order.
    public let shuffle: Bool
    /// Whether the last batch of an epoch is left out when it would have fewer than
    /// ``batchSize`` images (PyTorch's `drop_last`).
    public let dropLast: Bool
    /// The seed every epoch's order and augmentation derive from.
    public let seed: UInt64
    /// What is done to each image as it is batched.
    public let augmentation: Augmentation

    /// The epoch being batched (set by ``startEpoch(_:)``; 0 after `init`).
    public private(set) var epoch = 0
    /// The order of the current epoch: dataset indices.
    public private(set) var order: [Int]
    private var position = 0
    private var generator: SeededGenerator
    private var fullBatch: Batch
    private var lastBatch: Batch?

    /// A loader of `dataset` in batches of `batchSize`, ready for epoch 0.
    /// - Throws: `StrataError.invalidArgument(_:)` for a batch size below 1, a negative
    ///   crop padding, or a padding of at least the image's height or width;
    ///   `StrataError.memoryLimit(_:)` when a batch would not fit `MemoryLimit`.
    public init(
        _ dataset: ImageDataset, batchSize: Int, shuffle: Bool = false, dropLast: Bool = false,
        seed: UInt64 = 0, augmentation: Augmentation = .none
    ) throws {
        guard batchSize >= 1 else { throw StrataError.invalidArgument("batch size \(batchSize); expected at least 1") }
        let shape = dataset.imageShape
        guard augmentation.cropPadding >= 0 else {
            throw StrataError.invalidArgument("crop padding \(augmentation.cropPadding); expected 0 or more")
        }
        guard augmentation.cropPadding == 0 || augmentation.cropPadding < min(shape[1], shape[2]) else {
            throw StrataError.invalidArgument(
                "crop padding \(augmentation.cropPadding) for images of \(shape[1])x\(shape[2]); expected less than both")
        }
        let perImage = shape.reduce(1, *)
        // A batch size past the dataset's size allocates only what the one batch can hold.
        let fullCount = min(batchSize, dataset.count)
        let remainder = dataset.count % batchSize
        let lastCount = !dropLast && remainder > 0 && dataset.count > batchSize ? remainder : 0
        let (floats, overflow) = perImage.multipliedReportingOverflow(by: fullCount + lastCount)
        try MemoryLimit.check(floats: overflow ? .max : floats, "the batch buffers of \(fullCount) images \(shape)")
        self.dataset = dataset
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.dropLast = dropLast
        self.seed = seed
        self.augmentation = augmentation
        fullBatch = try Batch(count: fullCount, imageShape: shape)
        lastBatch = lastCount > 0 ? try Batch(count: lastCount, imageShape: shape) : nil
        order = Array(0..<dataset.count)
        generator = SeededGenerator(seed: seed)
        startEpoch(0)
    }

    /// The batches in an epoch (PyTorch's `len(loader)`).
    public var count: Int {
        dropLast ? dataset.count / batchSize : (dataset.count + batchSize - 1) / batchSize
    }

    /// Starts epoch `epoch` from its first batch: its order (shuffled when ``shuffle``) and
    /// its augmentation draws depend only on ``seed`` and `epoch`.
    public mutating func startEpoch(_ epoch: Int) {
        self.epoch = epoch
        position = 0
        generator = SeededGenerator(seed: Self.epochSeed(seed, epoch))
        for i in order.indices { order[i] = i }
        if shuffle {
            // Fisher-Yates, with our own unbiased bounded draws (the standard library's
            // shuffle does not promise the same order across versions).
            var i = order.count - 1
            while i > 0 {
                let j = Self.uniform(below: i + 1, &generator)
                order.swapAt(i, j)
                i -= 1
            }
        }
    }

    /// The next batch of the epoch, filled into the loader's buffers, or nil when the epoch
    /// is done (until ``startEpoch(_:)``).
    public mutating func next() -> Batch? {
        let remaining = order.count - position
        guard remaining > 0, remaining >= batchSize || !dropLast else { return nil }
        let size = min(batchSize, remaining)
        let start = position
        position += size
        if size == fullBatch.count {
            Self.fill(&fullBatch, dataset, order, start, augmentation, &generator)
            return fullBatch
        }
        Self.fill(&lastBatch!, dataset, order, start, augmentation, &generator)
        return lastBatch
    }

    /// Fills `batch` with the images at `order[start...]`, drawing augmentations from
    /// `generator`.
    private static func fill(
        _ batch: inout Batch, _ dataset: ImageDataset, _ order: [Int], _ start: Int,
        _ augmentation: Augmentation, _ generator: inout SeededGenerator
    ) {
        let shape = dataset.imageShape
        let perImage = shape[0] * shape[1] * shape[2]
        let padding = augmentation.cropPadding
        let labels = dataset.labels
        let count = batch.count
        for k in 0..<count {
            batch.indices[k] = order[start + k]
            batch.labels[k] = labels[order[start + k]]
        }
        dataset.images.withUnsafeBufferPointer { all in
            batch.images.withUnsafeMutableBufferPointer { out in
                for k in 0..<count {
                    let source = UnsafeBufferPointer(rebasing: all[(order[start + k] * perImage)...].prefix(perImage))
                    let target = UnsafeMutableBufferPointer(rebasing: out[(k * perImage)..<((k + 1) * perImage)])
                    if augmentation.isIdentity {
                        _ = target.initialize(from: source)
                        continue
                    }
                    // Per image: the crop's top, then its left, then the flip (torchvision's order).
                    let top = padding > 0 ? Self.uniform(below: 2 * padding + 1, &generator) : padding
                    let left = padding > 0 ? Self.uniform(below: 2 * padding + 1, &generator) : padding
                    let flip = augmentation.horizontalFlip && generator.nextUnitDouble() < 0.5
                    Augmentation.cropAndFlip(
                        source, into: target, channels: shape[0], height: shape[1], width: shape[2],
                        padding: padding, top: top, left: left, flip: flip)
                }
            }
        }
    }

    /// The seed of epoch `epoch`'s generator: `seed` for epoch 0.
    static func epochSeed(_ seed: UInt64, _ epoch: Int) -> UInt64 {
        seed ^ (UInt64(truncatingIfNeeded: epoch) &* 0x9E37_79B9_7F4A_7C15)
    }

    /// Uniform in `0..<bound` (bound >= 1), unbiased: draws below 2^64 mod bound are
    /// rejected, so the rest divide evenly.
    static func uniform(below bound: Int, _ generator: inout SeededGenerator) -> Int {
        let b = UInt64(bound)
        let threshold = (0 &- b) % b
        while true {
            let r = generator.next()
            if r >= threshold { return Int(r % b) }
        }
    }
}
