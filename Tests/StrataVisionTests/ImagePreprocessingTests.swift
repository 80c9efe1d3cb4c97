import Foundation
import Strata
import StrataVision
import Testing

/// Preprocessing of Tests/Fixtures/images/photo.png (13x9 RGB) against the tensors numpy
/// computed from torchvision's, Ultralytics' and PyTorch's formulas (Scripts/make-image-cases,
/// whose bilinear resize is itself checked against onnxruntime's Resize).
@Suite struct ImagePreprocessingTests {
    static func expectClose(_ actual: Tensor, _ expectedFile: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try ImageFixtures.npy(expectedFile)
        #expect(actual.shape == expected.shape, sourceLocation: sourceLocation)
        // Float32 against float64 arithmetic, a dozen roundings of values up to `largest`.
        let largest = expected.scalars.map(abs).max() ?? 1
        let tolerance = 4e-6 * max(1, largest)
        let worst = zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst <= tolerance, "largest difference \(worst) against \(expectedFile)", sourceLocation: sourceLocation)
    }

    static func photo() throws -> Image { try PNG.read(contentsOf: ImageFixtures.url("photo.png")) }

    @Test func imagenetResizeAndCenterCrop() throws {
        var preprocessing = ImagePreprocessing.imagenet
        preprocessing.fit = .centerCrop(resize: 8)
        try Self.expectClose(preprocessing.tensor(from: Self.photo(), shape: [1, 3, 6, 6]), "case_imagenet_resize8_1x3x6x6.npy")
    }

    @Test func letterboxBGRInBytes() throws {
        let preprocessing = ImagePreprocessing(fit: .letterbox(fill: 114), channelOrder: .bgr, scale: .byte)
        try Self.expectClose(preprocessing.tensor(from: Self.photo(), shape: [1, 3, 8, 8]), "case_letterbox_bgr_0-255_1x3x8x8.npy")
    }

    @Test func unitStretchesAsBefore() throws {
        try Self.expectClose(ImagePreprocessing.unit.tensor(from: Self.photo(), shape: [1, 1, 4, 5]), "case_unit_gray_1x1x4x5.npy")
        try Self.expectClose(ImageInput.tensor(from: Self.photo(), shape: [2, 3, 20, 30]), "case_unit_upsample_2x3x20x30.npy")
    }

    @Test func cropLargerThanThePicturePadsWithZero() throws {
        let preprocessing = ImagePreprocessing(fit: .centerCrop(resize: 4), grayscale: true)
        let x = try preprocessing.tensor(from: Self.photo(), shape: [1, 3, 7, 7])
        try Self.expectClose(x, "case_pad_grayscale_1x3x7x7.npy")
        // 13x9 → 5x4 in a 7x7 crop: one padded row above, two below (torchvision's split).
        #expect(x.scalars[0..<7].allSatisfy { $0 == 0 } && x.scalars[(5 * 7)..<(7 * 7)].allSatisfy { $0 == 0 })
    }

    @Test func presetsAndMistakes() throws {
        #expect(try ImagePreprocessing.preset(named: "ImageNet") == .imagenet)
        #expect(try ImagePreprocessing.preset(named: "none") == .unit)
        expectError(mentioning: ["unknown preprocessing preset 'coco'", "imagenet"]) { _ = try ImagePreprocessing.preset(named: "coco") }
        let image = try Image(width: 2, height: 2, channels: 3, repeating: 9)
        expectError(mentioning: ["mean has 3 values", "1 channel"]) { _ = try ImagePreprocessing.imagenet.tensor(from: image, shape: [1, 1, 4, 4]) }
        expectError(mentioning: ["std [1.0, 0.0, 1.0] is 0 for channel 1"]) {
            _ = try ImagePreprocessing(std: [1, 0, 1]).tensor(from: image, shape: [1, 3, 4, 4])
        }
        expectError(mentioning: ["[1, 3, 0, 4]", "N, H, W >= 1"]) { _ = try ImagePreprocessing.unit.tensor(from: image, shape: [1, 3, 0, 4]) }
        expectError(mentioning: ["2x2 to a shorter side of 100000", "65536"]) {
            _ = try ImagePreprocessing(fit: .centerCrop(resize: 100_000)).tensor(from: image, shape: [1, 3, 4, 4])
        }
    }
}
