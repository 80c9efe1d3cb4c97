import Foundation
import Strata
import StrataDiagnostics
@testable import StrataTraining
import Testing

@Suite struct DataLoaderTests {
    /// `count` images of `shape` whose values are `index * 100 + position`, labels index % 10.
    static func numbered(_ count: Int, shape: [Int] = [1, 2, 2]) throws -> ImageDataset {
        let per = shape.reduce(1, *)
        let values = (0..<count).flatMap { i in (0..<per).map { Float(i * 100 + $0) } }
        return try ImageDataset(images: Tensor(shape: [count] + shape, values: values),
                                labels: (0..<count).map { $0 % 10 }, classes: (0..<10).map(String.init))
    }

    static func epoch(_ loader: inout DataLoader) -> [Batch] {
        var batches: [Batch] = []
        while let batch = loader.next() {
            // Copy out: the loader reuses its buffers.
            batches.append(Batch(copying: batch))
        }
        return batches
    }

    @Test func batchesInOrderWithoutShuffling() throws {
        let data = try Self.numbered(7)
        var loader = try DataLoader(data, batchSize: 3)
        #expect(loader.count == 3)
        let batches = Self.epoch(&loader)
        #expect(batches.map(\.indices) == [[0, 1, 2], [3, 4, 5], [6]])
        #expect(batches.map(\.labels) == [[0, 1, 2], [3, 4, 5], [6]])
        #expect(batches.map { $0.images.shape.dimensions } == [[3, 1, 2, 2], [3, 1, 2, 2], [1, 1, 2, 2]])
        #expect(batches[1].images.scalars == [300, 301, 302, 303, 400, 401, 402, 403, 500, 501, 502, 503])
        #expect(batches[2].images.scalars == [600, 601, 602, 603])
        #expect(loader.next() == nil)   // until the next epoch
        loader.startEpoch(1)
        #expect(Self.epoch(&loader).map(\.indices) == [[0, 1, 2], [3, 4, 5], [6]])
    }

    @Test func dropLastLeavesOutTheShortBatch() throws {
        var loader = try DataLoader(Self.numbered(7), batchSize: 3, dropLast: true)
        #expect(loader.count == 2)
        #expect(Self.epoch(&loader).map(\.indices) == [[0, 1, 2], [3, 4, 5]])
        var exact = try DataLoader(Self.numbered(6), batchSize: 3, dropLast: false)
        #expect(exact.count == 2)
        #expect(Self.epoch(&exact).map(\.indices) == [[0, 1, 2], [3, 4, 5]])
        // Fewer images than a batch: one short batch, or none with dropLast.
        var small = try DataLoader(Self.numbered(2), batchSize: 5)
        #expect(small.count == 1)
        #expect(Self.epoch(&small).map(\.indices) == [[0, 1]])
        var none = try DataLoader(Self.numbered(2), batchSize: 5, dropLast: true)
        #expect(none.count == 0)
        #expect(none.next() == nil)
        // A batch size far past the dataset allocates only the images there are.
        var huge = try DataLoader(Self.numbered(3), batchSize: 1 << 40)
        #expect(Self.epoch(&huge).map(\.indices) == [[0, 1, 2]])
        // An empty dataset: no batch.
        var empty = try DataLoader(ImageDataset(images: Tensor(shape: [0, 1, 2, 2]), labels: [], classes: ["a"]), batchSize: 4)
        #expect(empty.count == 0)
        #expect(empty.next() == nil)
    }

    /// The orders were computed by Tests/Fixtures/idx/shuffle-reference.py, which shares no
    /// code with Strata: the same seed gives the same order on every machine.
    @Test func shufflingMatchesTheReferenceOrders() throws {
        var loader = try DataLoader(Self.numbered(10), batchSize: 10, shuffle: true, seed: 42)
        #expect(loader.next()?.indices == [7, 3, 8, 9, 5, 6, 4, 1, 0, 2])
        loader.startEpoch(1)
        #expect(loader.next()?.indices == [3, 2, 5, 9, 1, 8, 4, 7, 0, 6])
        var other = try DataLoader(Self.numbered(10), batchSize: 4, shuffle: true, seed: 7)
        #expect(Self.epoch(&other).map(\.indices) == [[8, 3, 9, 0], [7, 2, 1, 6], [5, 4]])
    }

    @Test func shufflingIsReproducibleAndAPermutation() throws {
        let data = try Self.numbered(1000, shape: [1, 1, 1])
        var a = try DataLoader(data, batchSize: 64, shuffle: true, seed: 3)
        var b = try DataLoader(data, batchSize: 64, shuffle: true, seed: 3)
        var orders: [[Int]] = []
        for epoch in 0..<3 {
            a.startEpoch(epoch)
            b.startEpoch(epoch)
            let batchesA = Self.epoch(&a), batchesB = Self.epoch(&b)
            let order = batchesA.flatMap(\.indices)
            #expect(order == batchesB.flatMap(\.indices))
            #expect(order.sorted() == Array(0..<1000))
            // Labels and images travel with their index.
            #expect(batchesA.flatMap(\.labels) == order.map { $0 % 10 })
            #expect(batchesA.flatMap { $0.images.scalars } == order.map { Float($0 * 100) })
            orders.append(order)
        }
        #expect(orders[0] != orders[1] && orders[1] != orders[2])
        #expect(orders[0] != Array(0..<1000))
        // Epoch 1 again, out of sequence: the same order.
        a.startEpoch(1)
        #expect(Self.epoch(&a).flatMap(\.indices) == orders[1])
        var otherSeed = try DataLoader(data, batchSize: 64, shuffle: true, seed: 4)
        #expect(Self.epoch(&otherSeed).flatMap(\.indices) != orders[0])
    }

    /// After the first batch of each size, a batch allocates no tensor buffer.
    @Test func steadyStateAllocatesNoTensors() throws {
        var loader = try DataLoader(Self.numbered(50, shape: [1, 4, 4]), batchSize: 8, shuffle: true, seed: 1,
                                    augmentation: Augmentation(cropPadding: 1, horizontalFlip: true))
        var checksum: Float = 0
        let allocations = AllocationCounter.tensorAllocations {
            for epoch in 0..<3 {
                loader.startEpoch(epoch)
                while let batch = loader.next() { checksum += batch.images[0, 0, 1, 1] }
            }
        }
        #expect(allocations == 0)
        withExtendedLifetime(checksum) {}   // the reads above stay in the loop
    }

    /// Hand-computed: the 3x3 image 1...9, padding 1.
    @Test func cropAndFlipByHand() {
        let image: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        func crop(top: Int, left: Int, flip: Bool, channels: Int = 1, _ source: [Float] = image) -> [Float] {
            var out = [Float](repeating: -1, count: source.count)
            source.withUnsafeBufferPointer { input in
                out.withUnsafeMutableBufferPointer { output in
                    Augmentation.cropAndFlip(input, into: output, channels: channels, height: 3, width: 3,
                                             padding: 1, top: top, left: left, flip: flip)
                }
            }
            return out
        }
        #expect(crop(top: 1, left: 1, flip: false) == image)                          // the centre: unchanged
        #expect(crop(top: 0, left: 0, flip: false) == [0, 0, 0, 0, 1, 2, 0, 4, 5])    // moved down and right
        #expect(crop(top: 2, left: 1, flip: false) == [4, 5, 6, 7, 8, 9, 0, 0, 0])    // moved up
        #expect(crop(top: 1, left: 2, flip: false) == [2, 3, 0, 5, 6, 0, 8, 9, 0])    // moved left
        #expect(crop(top: 1, left: 1, flip: true) == [3, 2, 1, 6, 5, 4, 9, 8, 7])     // mirrored
        // Cropped first (moved right: 0 1 2 / 0 4 5 / 0 7 8), then mirrored, as torchvision's
        // RandomCrop then RandomHorizontalFlip.
        #expect(crop(top: 1, left: 0, flip: true) == [2, 1, 0, 5, 4, 0, 8, 7, 0])
        // Moved up and left (5 6 0 / 8 9 0 / 0 0 0), then mirrored.
        #expect(crop(top: 2, left: 2, flip: true) == [0, 6, 5, 0, 9, 8, 0, 0, 0])
        // Two channels move together.
        #expect(crop(top: 0, left: 1, flip: true, channels: 2, image + image.map { -$0 })
                    == [0, 0, 0, 3, 2, 1, 6, 5, 4, 0, 0, 0, -3, -2, -1, -6, -5, -4])
    }

    /// Through the loader: every augmented image is one of the 9 crops × 2 flips of its
    /// source, all 18 occur, about half are mirrored, and a seed repeats them exactly.
    @Test func augmentationDrawsEveryCropAndFlip() throws {
        let image: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9]
        let count = 600
        let data = try ImageDataset(images: Tensor(shape: [count, 1, 3, 3], values: Array((0..<count).map { _ in image }.joined())),
                                    labels: [Int](repeating: 0, count: count), classes: ["x"])
        var candidates: [[Float]: (top: Int, left: Int, flip: Bool)] = [:]
        for top in 0...2 {
            for left in 0...2 {
                for flip in [false, true] {
                    var out = [Float](repeating: 0, count: 9)
                    image.withUnsafeBufferPointer { input in
                        out.withUnsafeMutableBufferPointer {
                            Augmentation.cropAndFlip(input, into: $0, channels: 1, height: 3, width: 3,
                                                     padding: 1, top: top, left: left, flip: flip)
                        }
                    }
                    candidates[out] = (top, left, flip)
                }
            }
        }
        #expect(candidates.count == 18)
        let augmentation = Augmentation(cropPadding: 1, horizontalFlip: true)
        var loader = try DataLoader(data, batchSize: 32, shuffle: true, seed: 11, augmentation: augmentation)
        let outputs = Self.epoch(&loader).flatMap { batch in
            (0..<batch.count).map { Array(batch.images.scalars[(9 * $0)..<(9 * $0 + 9)]) }
        }
        #expect(outputs.count == count)
        #expect(outputs.allSatisfy { candidates[$0] != nil })
        #expect(Set(outputs).count == 18)
        let flips = outputs.filter { candidates[$0]?.flip == true }.count
        #expect(flips > 240 && flips < 360, "\(flips) of \(count) mirrored")   // 0.5 ± 5 sigma
        var again = try DataLoader(data, batchSize: 32, shuffle: true, seed: 11, augmentation: augmentation)
        #expect(Self.epoch(&again).flatMap { $0.images.scalars } == outputs.flatMap { $0 })
        // Flip only: never moved.
        var flipOnly = try DataLoader(data, batchSize: 600, seed: 11, augmentation: Augmentation(horizontalFlip: true))
        guard let flipped = flipOnly.next() else {
            Issue.record("no batch")
            return
        }
        #expect((0..<count).allSatisfy { k in
            let out = Array(flipped.images.scalars[(9 * k)..<(9 * k + 9)])
            return out == image || out == [3, 2, 1, 6, 5, 4, 9, 8, 7]
        })
    }

    @Test func invalidSettingsAreErrors() throws {
        let data = try Self.numbered(4)
        #expect(errorMessage { _ = try DataLoader(data, batchSize: 0) } == "invalid argument: batch size 0; expected at least 1")
        #expect(errorMessage { _ = try DataLoader(data, batchSize: 2, augmentation: Augmentation(cropPadding: -1)) }
                    == "invalid argument: crop padding -1; expected 0 or more")
        #expect(errorMessage { _ = try DataLoader(data, batchSize: 2, augmentation: Augmentation(cropPadding: 2)) }
                    == "invalid argument: crop padding 2 for images of 2x2; expected less than both")
    }
}

extension Batch {
    /// A batch that owns its buffers (a deep copy).
    init(copying batch: Batch) {
        self = batch
        images = try! Tensor(shape: batch.images.shape.dimensions, values: batch.images.scalars)
    }
}

extension Batch: Equatable {
    public static func == (a: Batch, b: Batch) -> Bool {
        a.indices == b.indices && a.labels == b.labels && a.images.scalars == b.images.scalars
    }
}
