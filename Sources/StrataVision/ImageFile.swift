import Foundation
import Strata

/// Picture files by extension: `.png` through ``PNG``, `.jpg` and `.jpeg` through ``JPEG``.
public enum ImageFile {
    /// The extensions ``read(contentsOf:)`` knows, lower case, with the dot.
    public static let extensions = [".png", ".jpg", ".jpeg"]

    /// Whether `path` ends in one of ``extensions`` (any case).
    public static func isImage(_ path: String) -> Bool {
        let lowered = path.lowercased()
        return extensions.contains { lowered.hasSuffix($0) }
    }

    /// The picture at `url`, 8-bit gray or RGB as the file holds it.
    /// - Throws: `StrataError.invalidArgument(_:)` for another extension;
    ///   `StrataError.invalidFile(_:)` for a missing file ("no such file: PATH") or, from the
    ///   decoder, a damaged one.
    public static func read(contentsOf url: URL) throws -> Image {
        let path = url.path(percentEncoded: false)
        if path.lowercased().hasSuffix(".png") { return try PNG.read(contentsOf: url) }
        if isImage(path) { return try JPEG.read(contentsOf: url) }
        throw StrataError.invalidArgument("\(path) is not a picture Strata reads; expected \(extensions.joined(separator: ", "))")
    }
}
