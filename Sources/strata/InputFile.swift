import Foundation
import Strata
import StrataVision

/// Reading `--input` files and writing output files, with the path in every message.
enum InputFile {
    /// The tensor in `path`: a `.npy` array as it is (checked against `shape` when given),
    /// or a picture (`.png`, `.jpg`, `.jpeg`) made into a tensor of `shape` by
    /// `preprocessing` (``ImagePreprocessing``); `preprocessing` `nil` refuses pictures.
    static func tensor(_ path: String, shape: Shape?, preprocessing: ImagePreprocessing?) throws -> Tensor {
        let url = URL(filePath: path)
        if path.lowercased().hasSuffix(".npy") {
            let tensor = try Npy.read(contentsOf: url)
            if let shape, tensor.shape != shape {
                throw StrataError.shapeMismatch("\(path) holds an array of shape \(tensor.shape); the model's input is \(shape)")
            }
            return tensor
        }
        if let preprocessing, ImageFile.isImage(path) {
            guard let shape else {
                throw StrataError.invalidArgument("\(path) is a picture, but the model's input size is symbolic; give --input-shape")
            }
            try checkPresetChannels(preprocessing, shape: shape)
            return try preprocessing.tensor(from: ImageFile.read(contentsOf: url), shape: shape)
        }
        let known = preprocessing == nil ? ".npy" : ".npy, " + ImageFile.extensions.joined(separator: ", ")
        throw StrataError.invalidArgument("input '\(path)' has an unknown extension; expected \(known)")
    }

    /// The input of a one-input `model` (`maps`, `report`): a `.npy` array as it is (an
    /// NHWC-looking one refused with the transpose hint), or a picture made into the
    /// model's planned input shape (`--input-shape` for symbolic sizes) by `image`'s flags,
    /// which are refused for an array.
    static func singleInput(_ path: String, model: Model, shapes: InputShapeOptions, image: ImageOptions) throws -> Tensor {
        let input = model.inputs[0]
        try image.checkApplies(to: [path])
        guard ImageFile.isImage(path) else {
            let tensor = try tensor(path, shape: nil, preprocessing: nil)
            try checkLayout(tensor.shape, path: path, input: input)
            return tensor
        }
        return try tensor(path, shape: shapes.shapes(for: model)[input.name], preprocessing: image.preprocessing())
    }

    /// Throws when the `imagenet` preset's RGB mean or std (3 values) would meet a model
    /// input whose channel count (axis 1 of `shape`) is not 3, naming the preset and the flags
    /// to give instead of the library's bare count mismatch.
    static func checkPresetChannels(_ preprocessing: ImagePreprocessing, shape: Shape) throws {
        guard shape.rank == 4, shape[1] != 3 else { return }
        let preset = ImagePreprocessing.imagenet
        let fromPreset = [("mean", preprocessing.mean, preset.mean), ("std", preprocessing.std, preset.std)]
            .filter { $0.1 != nil && $0.1 == $0.2 }.map(\.0)
        guard !fromPreset.isEmpty else { return }
        let channels = shape[1]
        throw StrataError.invalidArgument(
            "the imagenet preset's \(fromPreset.joined(separator: " and ")) (\(preset.mean!), \(preset.std!)) are for RGB pictures; "
                + "the model's input \(shape) has \(channels) channel\(channels == 1 ? "" : "s"): give its own "
                + (channels == 1 ? "--mean M --std S (such as --mean 0.449 --std 0.226, the averages of the RGB ones)"
                                 : "--mean and --std with \(channels) values each"))
    }

    /// Throws a hint when `shape` (from `path`) looks like an NHWC array for an NCHW input:
    /// rank 4, channels last (1 or 3) where `input` fixes axis 1 to that count, and the
    /// transposed shape fits the input's fixed sizes. Other mismatches are left to the
    /// model's own check, which names the axis.
    static func checkLayout(_ shape: Shape, path: String, input: InputSignature) throws {
        guard shape.rank == 4, input.dimensions.count == 4, case .fixed(let channels) = input.dimensions[1],
              channels == 1 || channels == 3, shape[3] == channels, shape[1] != channels else { return }
        let transposed = [shape[0], shape[3], shape[1], shape[2]]
        for (axis, dimension) in input.dimensions.enumerated() {
            if case .fixed(let size) = dimension, size != transposed[axis] { return }
        }
        throw StrataError.shapeMismatch(
            "\(path) holds \(shape), which looks like NHWC (channels last); the model's input \(input) is NCHW: "
                + "save it as np.save(path, a.transpose(0, 3, 1, 2))")
    }

    /// `--input` values: `NAME=FILE` for a named model input, or a bare `FILE` for the only
    /// input. A value with an `=` whose text before it is not an input name is an error,
    /// unless a file has that whole name.
    static func named(_ values: [String], for model: Model) throws -> [(input: String, path: String)] {
        let names = model.inputs.map(\.name)
        var result: [(String, String)] = []
        for value in values {
            if let equals = value.firstIndex(of: "="), names.contains(String(value[..<equals])) {
                result.append((String(value[..<equals]), String(value[value.index(after: equals)...])))
            } else {
                // `y=in.npy` for a model whose one input is `x`: a wrong name, not a path
                // (unless a file by that whole name exists).
                if let equals = value.firstIndex(of: "="), !FileManager.default.fileExists(atPath: value) {
                    throw StrataError.invalidArgument(
                        "--input \(value) names no input '\(value[..<equals])'; the model has inputs \(names.map { "'\($0)'" }.joined(separator: ", ")): write NAME=FILE")
                }
                guard names.count == 1 else {
                    throw StrataError.invalidArgument(
                        "--input \(value) names no input; the model has inputs \(names.map { "'\($0)'" }.joined(separator: ", ")): write NAME=FILE")
                }
                result.append((names[0], value))
            }
        }
        let given = result.map(\.0)
        if let twice = given.first(where: { name in given.filter { $0 == name }.count > 1 }) {
            throw StrataError.invalidArgument("--input gives input '\(twice)' twice")
        }
        if let missing = names.first(where: { !given.contains($0) }) {
            throw StrataError.invalidArgument("no --input for the model's input '\(missing)'; give --input \(missing)=FILE.npy")
        }
        return result
    }

    /// Creates `path` (and its parents) if it does not exist; throws if it is a file.
    static func directory(_ path: String) throws -> URL {
        guard !path.isEmpty else { throw StrataError.invalidArgument("the output directory is empty; expected a directory path") }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StrataError.invalidFile("\(path) is a file; expected a directory") }
        } else {
            // A file among the parents ("afile/sub") is named, not left to Foundation's
            // "error 512".
            let components = path.split(separator: "/", omittingEmptySubsequences: true)
            for count in 1..<max(1, components.count) {
                let parentPath = (path.hasPrefix("/") ? "/" : "") + components.prefix(count).joined(separator: "/")
                var parentIsDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: parentPath, isDirectory: &parentIsDirectory),
                   !parentIsDirectory.boolValue {
                    throw StrataError.invalidFile(
                        "cannot create directory \(path): \(parentPath) is a file; expected a directory or a free name there")
                }
            }
            do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? error.localizedDescription
                throw StrataError.invalidFile("cannot create directory \(path): \(reason)")
            }
        }
        return URL(filePath: path, directoryHint: .isDirectory)
    }

    /// Throws unless `url` is free or `overwrite` is set, naming the command's flag (the
    /// library's own message names its Swift parameter instead).
    static func checkFree(_ url: URL, overwrite: Bool) throws {
        // A folder that exists but cannot be written to fails here, before any write.
        let folder = url.deletingLastPathComponent().path(percentEncoded: false)
        var folderIsDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &folderIsDirectory), folderIsDirectory.boolValue,
           access(folder, W_OK) != 0 {
            throw StrataError.invalidFile(
                "cannot write \(url.path(percentEncoded: false)): the folder \(folder) is not writable; expected a folder you can write to")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path(percentEncoded: false), isDirectory: &isDirectory),
           isDirectory.boolValue {
            throw StrataError.invalidFile(
                "\(url.path(percentEncoded: false)) is a directory; expected a free name or a file to replace "
                + "(--overwrite replaces files, never directories): remove or rename it, or choose another --out")
        }
        guard overwrite || !FileManager.default.fileExists(atPath: url.path(percentEncoded: false)) else {
            throw StrataError.invalidFile("\(url.path(percentEncoded: false)) already exists; pass --overwrite to replace it, or choose another path")
        }
    }

    /// Throws when `output` is one of the files the command reads (`sources`: inputs and
    /// the model), by path or by identity (device and inode, so links and `./x` count):
    /// `--overwrite` replaces earlier outputs, never what the user gave.
    static func checkNotASource(_ output: URL, sources: [String]) throws {
        let outputPath = output.standardizedFileURL.resolvingSymlinksInPath().path(percentEncoded: false)
        var outputStat = stat()
        let outputExists = stat(outputPath, &outputStat) == 0
        for source in sources {
            let sourcePath = URL(filePath: source).standardizedFileURL.resolvingSymlinksInPath().path(percentEncoded: false)
            var sourceStat = stat()
            let sameFile = outputExists && stat(sourcePath, &sourceStat) == 0
                && sourceStat.st_dev == outputStat.st_dev && sourceStat.st_ino == outputStat.st_ino
            if sameFile || sourcePath == outputPath {
                throw StrataError.invalidArgument(
                    "\(output.path(percentEncoded: false)) is also the command's input \(source); write the output elsewhere")
            }
        }
    }

    /// Throws when two outputs would be written to one file (names that differ only in
    /// characters a file name cannot hold, such as `a/b` and `a_b`).
    static func checkDistinct(_ outputs: [(name: String, file: URL)]) throws {
        var seen: [String: String] = [:]
        for (name, file) in outputs {
            let path = file.path(percentEncoded: false)
            if let other = seen[path] {
                throw StrataError.invalidArgument(
                    "outputs '\(other)' and '\(name)' would both be written to \(path); rename one of them in the model")
            }
            seen[path] = name
        }
    }

    /// A node name as a file name: path separators and other awkward characters become `_`,
    /// and so do leading dots, so no name makes a hidden file (`../../etc/passwd` gives
    /// `___.._etc_passwd`, `.x` gives `_x`).
    static func fileName(_ node: String) -> String {
        let safe = node.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "_" }
        let dots = safe.prefix { $0 == "." }.count
        return String(repeating: "_", count: dots) + String(safe.dropFirst(dots))
    }
}
