import Foundation
import Strata

/// Tests/Fixtures/images (written by Scripts/make-image-cases), found from this file's path.
enum ImageFixtures {
    static let directory = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/images")

    static func url(_ name: String) -> URL { directory.appending(path: name) }

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: url(name))) }

    static func npy(_ name: String) throws -> Tensor { try Npy.read(contentsOf: url(name)) }
}
