import Foundation
import Strata
import StrataTraining
import Testing

/// The real Fashion-MNIST files of the Debian package dataset-fashion-mnist (Scripts/setup
/// installs it). The facts asserted were checked with Python (gzip + numpy) on these files:
/// 60000 and 10000 images, `np.bincount(labels)` 6000 (train) and 1000 (test) per class,
/// first labels 9 and 9, the first training image's row 10, columns 10..<20, is
/// 0 0 0 193 228 218 213 198 180 212 and its bytes sum to 76247.
@Suite(.serialized) struct FashionMNISTTests {
    @Test func classNamesAreTorchvisions() {
        #expect(FashionMNIST.classes == ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                         "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"])
    }

    @Test(arguments: [true, false])
    func loadsTheDebianPackage(train: Bool) throws {
        let set = try FashionMNIST.load(train: train)
        let count = train ? 60000 : 10000
        #expect(set.images.shape.dimensions == [count, 1, 28, 28])
        #expect(set.count == count)
        #expect(set.classes == FashionMNIST.classes)
        var histogram = [Int](repeating: 0, count: 10)
        for label in set.labels { histogram[label] += 1 }
        #expect(histogram == [Int](repeating: count / 10, count: 10))
        #expect(set.labels[0] == 9)
        #expect(FashionMNIST.classes[set.labels[0]] == "Ankle boot")
        let (low, high) = set.images.withUnsafeBufferPointer { ($0.min()!, $0.max()!) }
        #expect(low == 0 && high == 1)
        if train {
            let row = (10..<20).map { set.images[0, 0, 10, $0] }
            #expect(row == [0, 0, 0, 193, 228, 218, 213, 198, 180, 212].map { Float($0) / 255 })
            let sum = set.images.withUnsafeBufferPointer { pixels in
                (0..<784).reduce(0) { $0 + Int((pixels[$1] * 255).rounded()) }
            }
            #expect(sum == 76247)
        }
    }

    @Test func aMissingFolderNamesThePackage() throws {
        let folder = URL(fileURLWithPath: "/nonexistent-strata-test")
        let error = #expect(throws: StrataError.self) { _ = try FashionMNIST.load(train: false, directory: folder) }
        #expect(error?.description == "invalid file: no such file: /nonexistent-strata-test/t10k-labels-idx1-ubyte.gz "
                    + "(Fashion-MNIST comes from the Debian package dataset-fashion-mnist: "
                    + "apt-get install dataset-fashion-mnist, or Scripts/setup)")
    }
}
