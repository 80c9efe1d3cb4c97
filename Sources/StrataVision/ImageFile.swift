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

    /// The picture at `url`, 8-bit gray or RGB as the file holds it. The format comes from
    /// the file's first bytes (PNG `89 50 4E 47`, JPEG `FF D8 FF`), as browsers and Pillow
    /// do, so a PNG named `.jpg` is read as the PNG it is; other bytes go to the decoder the
    /// extension names, whose error says what it expected.
    /// - Throws: `StrataError.invalidArgument(_:)` for another extension;
    ///   `StrataError.invalidFile(_:)` for a missing file ("no such file: PATH") or, from the
    ///   decoder, a damaged one.
    public static func read(contentsOf url: URL) throws -> Image {
        let path = url.path(percentEncoded: false)
        guard isImage(path) else {
            throw StrataError.invalidArgument("\(path) is not a picture Strata reads; expected \(extensions.joined(separator: ", "))")
        }
        let bytes = try BinaryFile.read(url, expecting: "a picture file (PNG or JPEG)")
        let named = BinaryFile.path(url)
        switch format(of: bytes) ?? (path.lowercased().hasSuffix(".png") ? .png : .jpeg) {
        case .png: return try PNG.decode(bytes, channels: nil, origin: "PNG file \(named)")
        case .jpeg: return try JPEG.decode(bytes, channels: nil, origin: "JPEG file \(named)")
        }
    }

    /// A picture format ``format(of:)`` recognizes.
    public enum Format: String, Sendable {
        /// PNG: the file starts with `89 50 4E 47`.
        case png = "PNG"
        /// JPEG: the file starts with `FF D8 FF`.
        case jpeg = "JPEG"
    }

    /// The format of a picture file's `bytes` by its first bytes, `nil` when neither matches.
    public static func format(of bytes: [UInt8]) -> Format? {
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        return nil
    }
}
