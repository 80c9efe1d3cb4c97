import ArgumentParser
import Foundation
import Strata
import StrataVision

/// `strata convert IMAGE [MODEL] --out IN.npy [preprocessing flags] [--input-shape SHAPE]`:
/// writes the tensor `run` and `maps` would feed the model for this picture (the same
/// ``InputFile/tensor(_:shape:preprocessing:)`` call), to check or reuse it.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert", abstract: "Write the input tensor a picture becomes (.npy), exactly as run and maps feed it.",
        discussion: "The size comes from MODEL's input (one-input models; --input-shape for symbolic sizes), or from --input-shape alone, such as 1x3x224x224.")

    @Argument(help: "The picture: .png, .jpg or .jpeg.")
    var image: String

    @Argument(help: "Built-in model name or .onnx file whose input the picture is made for (optional with --input-shape).")
    var model: String?

    @Option(help: "Where to write the tensor (.npy).")
    var out: String

    @Flag(help: "Replace the output file if it exists.")
    var overwrite = false

    @OptionGroup var shapes: InputShapeOptions

    @OptionGroup var options: ImageOptions

    func validate() throws {
        guard model != nil || !shapes.inputShapes.isEmpty else {
            throw ValidationError("give a MODEL or --input-shape NxCxHxW, so the picture's target size is known")
        }
        guard out.lowercased().hasSuffix(".npy") else { throw ValidationError("--out \(out): expected a .npy file") }
    }

    func run() throws {
        let shape = try targetShape()
        let url = URL(filePath: out)
        try InputFile.checkNotASource(url, sources: [image] + (model.map { [$0] } ?? []))
        try InputFile.checkFree(url, overwrite: overwrite)
        let tensor = try InputFile.tensor(image, shape: shape, preprocessing: options.preprocessing())
        try Npy.write(tensor, to: url, overwrite: overwrite)
    }

    /// The model's one input shape (fixed sizes, `--input-shape` for symbolic ones), or the
    /// bare `--input-shape` without a model.
    private func targetShape() throws -> Shape {
        guard ImageFile.isImage(image) else {
            throw StrataError.invalidArgument("\(image) is not a picture; expected \(ImageFile.extensions.joined(separator: ", "))")
        }
        if let model {
            let loaded = try ModelSource.loadModel(model)
            guard loaded.inputs.count == 1 else {
                throw StrataError.invalidArgument("convert makes the input of one-input models; \(model) has \(loaded.inputs.count)")
            }
            return try shapes.shapes(for: loaded)[loaded.inputs[0].name]!
        }
        guard shapes.inputShapes.count == 1, !shapes.inputShapes[0].contains("=") else {
            throw StrataError.invalidArgument("without a MODEL, give one --input-shape NxCxHxW (no NAME=)")
        }
        let text = shapes.inputShapes[0]
        let dims = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard dims.count == 4, dims.allSatisfy({ $0 != nil && $0! >= 1 }) else {
            throw StrataError.invalidArgument("--input-shape \(text): expected NxCxHxW with sizes >= 1, such as 1x3x224x224")
        }
        return try Shape(dims.map { $0! })
    }
}
