import Foundation

/// A node's attributes, read by name. Every attribute a converter reads is marked; the
/// importer reports any attribute left unread as unsupported, so an attribute Strata does
/// not know can never be silently ignored.
struct ONNXAttributes {
    private let byName: [String: Onnx_AttributeProto]
    private(set) var read: Set<String> = []

    init(_ attributes: [Onnx_AttributeProto]) {
        byName = Dictionary(attributes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    var unread: [String] { byName.keys.filter { !read.contains($0) }.sorted() }

    private mutating func take(_ name: String, _ type: Onnx_AttributeProto.AttributeType) throws -> Onnx_AttributeProto? {
        read.insert(name)
        guard let attribute = byName[name] else { return nil }
        // Old exporters leave `type` unset; trust the field then.
        guard attribute.type == type || attribute.type == .undefined else {
            throw NodeIssue("attribute '\(name)' has type \(attribute.type); expected \(type)")
        }
        return attribute
    }

    mutating func int(_ name: String) throws -> Int? { try take(name, .int).map { Int($0.i) } }
    mutating func int(_ name: String, default value: Int) throws -> Int { try int(name) ?? value }
    mutating func float(_ name: String, default value: Float) throws -> Float { try take(name, .float)?.f ?? value }
    mutating func floatIfPresent(_ name: String) throws -> Float? { try take(name, .float)?.f }
    mutating func ints(_ name: String) throws -> [Int]? { try take(name, .ints).map { $0.ints.map { Int($0) } } }
    mutating func string(_ name: String, default value: String) throws -> String {
        try take(name, .string).map { String(decoding: $0.s, as: UTF8.self) } ?? value
    }
    mutating func tensor(_ name: String) throws -> Onnx_TensorProto? { try take(name, .tensor)?.t }
    mutating func floats(_ name: String) throws -> [Float]? { try take(name, .floats)?.floats }
    mutating func strings(_ name: String) throws -> [String]? {
        try take(name, .strings).map { $0.strings.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// Marks attributes that do not change inference results (Dropout's seed, BatchNorm's
    /// momentum) as read.
    mutating func ignore(_ names: String...) { read.formUnion(names) }

    /// Fails unless the attribute is absent or has the given value.
    mutating func require(_ name: String, equals expected: Int, because why: String) throws {
        if let value = try int(name), value != expected {
            throw NodeIssue("attribute \(name)=\(value) is not supported (\(why)); only \(expected)")
        }
    }
}
