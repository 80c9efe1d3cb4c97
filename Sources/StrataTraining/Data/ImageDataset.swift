import Foundation
import Strata

/// Labeled images in memory: float32 images `[N, C, H, W]` and one class index per image,
/// what torchvision's datasets give after `ToTensor()`.
public struct ImageDataset: Sendable {
    /// The images, `[N, C, H, W]`.
    public let images: Tensor
    /// The class index of each image, in `0..<classes.count`.
    public let labels: [Int]
    /// The names of the classes, indexed by label.
    public let classes: [String]

    /// The number of images, N.
    public var count: Int { labels.count }
    /// The shape of one image, `[C, H, W]`.
    public var imageShape: [Int] { Array(images.shape.dimensions.dropFirst()) }

    /// A dataset of `images` (`[N, C, H, W]`) and their `labels`.
    /// - Throws: `StrataError.invalidShape(_:)` when `images` is not of rank 4 or the counts
    ///   differ; `StrataError.invalidArgument(_:)` for a label outside `0..<classes.count`.
    public init(images: Tensor, labels: [Int], classes: [String]) throws {
        guard images.rank == 4 else {
            throw StrataError.invalidShape("images of shape \(images.shape); expected [N, C, H, W]")
        }
        guard images.shape.dimensions[0] == labels.count else {
            throw StrataError.invalidShape("\(images.shape.dimensions[0]) images but \(labels.count) labels")
        }
        if let bad = labels.firstIndex(where: { !classes.indices.contains($0) }) {
            throw StrataError.invalidArgument(
                "label \(labels[bad]) of image \(bad) is out of range 0..<\(classes.count)")
        }
        self.images = images
        self.labels = labels
        self.classes = classes
    }

    /// Reads an IDX images file (magic `0x00000803`, `[N, H, W]` bytes) and an IDX labels
    /// file (magic `0x00000801`, `[N]`), plain or gzip, as `[N, 1, H, W]` float32 images in
    /// 0...1 (each byte / 255, torchvision's `ToTensor()`) and integer labels.
    ///
    /// - Throws: as `IDXArray.init(contentsOf:magic:)`; and `StrataError.invalidFile(_:)`
    ///   naming both files when their counts differ, or naming the labels file when a
    ///   label is outside `0..<classes.count`.
    public init(imagesFile: URL, labelsFile: URL, classes: [String]) throws {
        let labelArray = try IDXArray(contentsOf: labelsFile, magic: IDXArray.labelsMagic)
        let labels = labelArray.bytes.map { Int($0) }
        if let bad = labels.firstIndex(where: { !classes.indices.contains($0) }) {
            throw StrataError.invalidFile(
                "\(labelsFile.path): label \(labels[bad]) at index \(bad) is out of range 0..<\(classes.count)")
        }
        let imageArray = try IDXArray(contentsOf: imagesFile, magic: IDXArray.imagesMagic)
        let dims = imageArray.dimensions
        guard dims[0] == labels.count else {
            throw StrataError.invalidFile(
                "\(imagesFile.path) has \(dims[0]) images but \(labelsFile.path) has \(labels.count) labels")
        }
        var images = try Tensor(shape: [dims[0], 1, dims[1], dims[2]])
        images.withUnsafeMutableBufferPointer { out in
            imageArray.bytes.withUnsafeBufferPointer { bytes in
                for i in 0..<bytes.count { out[i] = Float(bytes[i]) / 255 }
            }
        }
        self.images = images
        self.labels = labels
        self.classes = classes
    }
}

/// Fashion-MNIST (Zalando): 28x28 grayscale pictures of clothing in 10 classes, 60,000 for
/// training and 10,000 for testing, 6,000 and 1,000 per class. Names follow
/// torchvision's `datasets.FashionMNIST`.
///
/// Read from the Debian package `dataset-fashion-mnist` (Scripts/setup installs it), whose
/// files are `{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz` in ``defaultDirectory``.
///
/// ```swift
/// let train = try FashionMNIST.load(train: true)
/// train.images.shape   // [60000, 1, 28, 28], values in 0...1
/// FashionMNIST.classes[train.labels[0]]   // "Ankle boot"
/// ```
public enum FashionMNIST {
    /// The class names, indexed by label (torchvision's `FashionMNIST.classes`).
    public static let classes = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// Where the Debian package `dataset-fashion-mnist` puts the files.
    public static let defaultDirectory = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist", isDirectory: true)

    /// The training set (`train`: 60,000 images) or the test set (10,000), as
    /// `[N, 1, 28, 28]` float32 images in 0...1 and labels in 0...9.
    /// - Throws: as `ImageDataset.init(imagesFile:labelsFile:classes:)`; a missing file's
    ///   "no such file" message says which package provides it.
    public static func load(train: Bool, directory: URL = defaultDirectory) throws -> ImageDataset {
        let prefix = train ? "train" : "t10k"
        do {
            return try ImageDataset(
                imagesFile: directory.appendingPathComponent("\(prefix)-images-idx3-ubyte.gz"),
                labelsFile: directory.appendingPathComponent("\(prefix)-labels-idx1-ubyte.gz"),
                classes: classes)
        } catch StrataError.invalidFile(let message) where message.hasPrefix("no such file") {
            throw StrataError.invalidFile(
                "\(message) (Fashion-MNIST comes from the Debian package dataset-fashion-mnist: "
                    + "apt-get install dataset-fashion-mnist, or Scripts/setup)")
        }
    }
}
