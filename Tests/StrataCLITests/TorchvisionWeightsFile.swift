import Foundation
import Strata

/// A safetensors file shaped like `safetensors.torch.save_file(resnet18.state_dict())`:
/// torchvision's names, shapes and dtypes (F32, I64 `num_batches_tracked` scalars), with
/// values from the formula of Scripts/make-torchvision-golden (the 45 MB of weights are
/// regenerated here instead of committed). The bytes are written by hand, not by
/// ``Safetensors``, so the reader is tested against an independent writer.
enum TorchvisionWeightsFile {
    /// One state_dict entry: name, safetensors dtype, shape.
    struct Key: Sendable {
        let name: String
        let dtype: String
        let shape: [Int]
    }

    static let fixture = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Fixtures/weights/resnet18-torchvision.safetensors")

    /// The key list the script recorded in the fixture's metadata (`keys`).
    static func keys(_ metadata: [String: String]) throws -> [Key] {
        let list = try JSONSerialization.jsonObject(with: Data(metadata["keys"]!.utf8)) as! [[Any]]
        return list.map { Key(name: $0[0] as! String, dtype: $0[1] as! String, shape: $0[2] as! [Int]) }
    }

    /// The script's 32-bit integer finalizer.
    static func hash32(_ value: UInt32) -> UInt32 {
        var x = value
        x ^= x >> 16
        x = x &* 0x45d9f3b
        x ^= x >> 16
        x = x &* 0x45d9f3b
        x ^= x >> 16
        return x
    }

    /// The float32 values of tensor `k` (index in state_dict order), as the script makes them.
    static func values(_ k: Int, _ key: Key) -> [Float] {
        let count = key.shape.reduce(1, *)
        let offset = UInt32(truncatingIfNeeded: UInt64(0x9E37_79B9) &* UInt64(k + 1))
        let suffix = key.name.split(separator: ".").last!
        return (0..<count).map { i in
            let u = Double(hash32(UInt32(truncatingIfNeeded: i) &+ offset)) / 4_294_967_296 - 0.5
            let value: Double
            if key.name.hasPrefix("fc.") {
                value = (u * 2) * (1.0 / 512.0).squareRoot()
            } else if suffix == "running_var" || (suffix == "weight" && key.shape.count == 1) {
                value = u + 1
            } else if suffix == "running_mean" || suffix == "bias" {
                value = u * 0.2
            } else {
                value = (u * 2) * (6.0 / Double(key.shape[1] * key.shape[2] * key.shape[3])).squareRoot()
            }
            return Float(value)
        }
    }

    /// Writes `keys` to `url`: F32 tensors from ``values(_:_:)``, I64 scalars 1000 + k.
    /// `omitting` leaves entries out (the others keep their values: k is the index in
    /// `keys`); `override` replaces an entry's (dtype, shape, little-endian bytes) by name
    /// or adds one.
    static func write(
        _ keys: [Key], to url: URL, omitting: Set<String> = [],
        override: [String: (dtype: String, shape: [Int], bytes: [UInt8])] = [:]
    ) throws {
        var header: [String] = [], data: [UInt8] = []
        for (k, key) in keys.enumerated() where !omitting.contains(key.name) {
            var entry: (dtype: String, shape: [Int], bytes: [UInt8])
            if key.dtype == "I64" {
                entry = (key.dtype, key.shape, withUnsafeBytes(of: Int64(1000 + k).littleEndian, Array.init))
            } else {
                entry = (key.dtype, key.shape, values(k, key).flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) })
            }
            if let replacement = override[key.name] { entry = replacement }
            header.append("\"\(key.name)\":{\"dtype\":\"\(entry.dtype)\",\"shape\":[\(entry.shape.map(String.init).joined(separator: ","))],"
                          + "\"data_offsets\":[\(data.count),\(data.count + entry.bytes.count)]}")
            data += entry.bytes
        }
        for (name, extra) in override where !keys.contains(where: { $0.name == name }) {
            header.append("\"\(name)\":{\"dtype\":\"\(extra.dtype)\",\"shape\":[\(extra.shape.map(String.init).joined(separator: ","))],"
                          + "\"data_offsets\":[\(data.count),\(data.count + extra.bytes.count)]}")
            data += extra.bytes
        }
        let json = Array(("{" + header.joined(separator: ",") + "}").utf8)
        let length = withUnsafeBytes(of: UInt64(json.count).littleEndian, Array.init)
        try Data(length + json + data).write(to: url)
    }
}
