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

    @Test func imagenetResizeFollowsTheCropAt0875() throws {
        // 224 / 0.875 = 256 exactly; 64 / 0.875 = 73.14 → 73.
        #expect(ImagePreprocessing.resizeSide(crop: 224, ratio: 0.875) == 256)
        #expect(ImagePreprocessing.resizeSide(crop: 64, ratio: 0.875) == 73)
        #expect(ImagePreprocessing.imagenet.fit == .centerCropRatio(0.875))
        // Red = x, green = y, blue = 0 on a picture whose shorter side already is S, so the
        // resize is the identity and the crop starts at round((S - crop) / 2) (half to even).
        func ramp(_ width: Int, _ height: Int) throws -> Image {
            var pixels: [UInt8] = []
            for y in 0..<height { for x in 0..<width { pixels += [UInt8(x), UInt8(y), 0] } }
            return try Image(width: width, height: height, channels: 3, pixels: pixels)
        }
        let mean: [Float] = [0.485, 0.456, 0.406], std: [Float] = [0.229, 0.224, 0.225]
        // 64x64 model, 73x73 picture: offset round(4.5) = 4, so output (y, x) is pixel (y + 4, x + 4).
        let small = try ImagePreprocessing.imagenet.tensor(from: ramp(73, 73), shape: [1, 3, 64, 64])
        for (y, x) in [(0, 0), (10, 63), (63, 5)] {
            #expect(abs(small.scalars[y * 64 + x] - (Float(x + 4) / 255 - mean[0]) / std[0]) < 1e-5)
            #expect(abs(small.scalars[64 * 64 + y * 64 + x] - (Float(y + 4) / 255 - mean[1]) / std[1]) < 1e-5)
            #expect(abs(small.scalars[2 * 64 * 64 + y * 64 + x] - (0 - mean[2]) / std[2]) < 1e-5)
        }
        // 224x224 model, 256x256 picture: Resize(256) as before, offset 16.
        let large = try ImagePreprocessing.imagenet.tensor(from: ramp(256, 256), shape: [1, 3, 224, 224])
        for (y, x) in [(0, 0), (100, 223), (223, 7)] {
            #expect(abs(large.scalars[y * 224 + x] - (Float(x + 16) / 255 - mean[0]) / std[0]) < 1e-5)
            #expect(abs(large.scalars[224 * 224 + y * 224 + x] - (Float(y + 16) / 255 - mean[1]) / std[1]) < 1e-5)
        }
        let image = try Image(width: 2, height: 2, channels: 3, repeating: 9)
        expectError(mentioning: ["centre crop ratio 1.5", "(0, 1]"]) {
            _ = try ImagePreprocessing(fit: .centerCropRatio(1.5)).tensor(from: image, shape: [1, 3, 4, 4])
        }
    }

    @Test func picturesAreReadByTheirFirstBytes() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "strata-format-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let pngAsJPEG = directory.appending(path: "photo.jpg")
        try FileManager.default.copyItem(at: ImageFixtures.url("photo.png"), to: pngAsJPEG)
        let read = try ImageFile.read(contentsOf: pngAsJPEG)
        let photo = try Self.photo()
        #expect(read.width == 13 && read.height == 9 && read.pixels == photo.pixels)
        let jpegAsPNG = directory.appending(path: "solid.PNG")
        try FileManager.default.copyItem(at: ImageFixtures.url("solid.jpg"), to: jpegAsPNG)
        // solid.jpg decodes to (200, 100, 50) everywhere.
        let solid = try ImageFile.read(contentsOf: jpegAsPNG)
        #expect(solid.channels == 3 && solid.pixels.count > 0 && Array(solid.pixels.prefix(3)) == [200, 100, 50])
        #expect(ImageFile.format(of: [0x89, 0x50, 0x4E, 0x47, 0x0D]) == .png)
        #expect(ImageFile.format(of: [0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFile.format(of: [0xFF, 0xD8]) == nil)
        // Neither: the extension's decoder says what it expected.
        let text = directory.appending(path: "notes.jpg")
        try Data("hello".utf8).write(to: text)
        expectError(mentioning: ["notes.jpg", "JPEG"]) { _ = try ImageFile.read(contentsOf: text) }
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
