import Strata
import Testing

private typealias Fixtures = SafetensorsTests

/// Hostile safetensors input, one test per kind of damage: each must be a `StrataError`
/// naming the tensor and the numbers, never a trap. Files are built from literal headers
/// (`Fixtures.file`), not by the encoder under test.
@Suite struct SafetensorsHostileInputTests {
    @Test func fileShorterThanTheLengthField() {
        for count in 0..<8 {
            Fixtures.expectInvalidFile(mentioning: ["\(count) bytes long", "at least 8", "truncated"]) {
                _ = try Safetensors.decode([UInt8](repeating: 0x7b, count: count))
            }
        }
    }

    @Test func headerLengthLargerThanTheFile() {
        let bytes = Fixtures.file(header: "{}      ", declaredLength: 1000)
        Fixtures.expectInvalidFile(mentioning: ["header of 1000 bytes", "needs 1008 bytes", "only 16", "truncated"]) {
            _ = try Safetensors.decode(bytes)
        }
    }

    @Test func headerOver100MegabytesIsRefusedBeforeReading() {
        for declared: UInt64 in [100_000_001, UInt64(Int.max), UInt64.max] {
            Fixtures.expectInvalidFile(mentioning: ["header of \(declared) bytes", "at most 100000000"]) {
                _ = try Safetensors.decode(Fixtures.file(header: "{}      ", declaredLength: declared))
            }
        }
    }

    @Test func headerThatIsNotJSON() {
        Fixtures.expectInvalidFile(mentioning: ["9-byte header", "not valid JSON", "{not json"]) {
            _ = try Safetensors.decode(Fixtures.file(header: "{not json"))
        }
        let invalidUTF8 = [8, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d, 0x20, 0x20] as [UInt8]
        Fixtures.expectInvalidFile(mentioning: ["8-byte header", "not valid UTF-8"]) { _ = try Safetensors.decode(invalidUTF8) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        Fixtures.expectInvalidFile(mentioning: ["not valid JSON"]) { _ = try Safetensors.decode(Fixtures.file(header: deep)) }
    }

    @Test func headerThatIsNotAnObject() {
        for (header, kind) in [("[1, 2]", "array"), ("\"w\"", "string"), ("42", "number"), ("null", "null")] {
            Fixtures.expectInvalidFile(mentioning: ["header is a JSON \(kind)", "expected an object"]) {
                _ = try Safetensors.decode(Fixtures.file(header: header))
            }
        }
    }

    @Test func entryMissingFields() {
        Fixtures.expectInvalidFile(mentioning: ["tensor \"w\"", "has no \"data_offsets\""]) {
            _ = try Safetensors.decode(Fixtures.file(entry: #"{"dtype":"F32","shape":[1]}"#, dataBytes: 4))
        }
        Fixtures.expectInvalidFile(mentioning: ["tensor \"w\"", "has no \"dtype\", \"shape\", \"data_offsets\""]) {
            _ = try Safetensors.decode(Fixtures.file(entry: "{}", dataBytes: 0))
        }
        Fixtures.expectInvalidFile(mentioning: ["tensor \"w\" is a JSON array", "expected an object"]) {
            _ = try Safetensors.decode(Fixtures.file(entry: "[0, 4]", dataBytes: 4))
        }
    }

    @Test func unsupportedDtypeIsNamed() {
        Fixtures.expectInvalidFile(mentioning: ["tensor \"w\"", "dtype \"I32\"", #"Strata reads "F32", "F16", "BF16", "F64", "I64""#]) {
            _ = try Safetensors.decode(Fixtures.file(entry: #"{"dtype":"I32","shape":[1],"data_offsets":[0,4]}"#, dataBytes: 4))
        }
        Fixtures.expectInvalidFile(mentioning: ["tensor \"w\"", "dtype that is a JSON number"]) {
            _ = try Safetensors.decode(Fixtures.file(entry: #"{"dtype":32,"shape":[1],"data_offsets":[0,4]}"#, dataBytes: 4))
        }
    }

    @Test func shapeThatDoesNotMatchTheByteRange() {
        Fixtures.expectInvalidFile(mentioning: ["tensor \"w\"", "[2, 2]", "4 float32 values = 16 bytes", "[0, 12]", "12 bytes"]) {
            _ = try Safetensors.decode(Fixtures.file(entry: #"{"dtype":"F32","shape":[2,2],"data_offsets":[0,12]}"#, dataBytes: 12))
        }
        let huge = Int.max / 2
        Fixtures.expectInvalidFile(mentioning: ["tensor \"w\"", "[\(huge), 2]", "overflows"]) {
            _ = try Safetensors.decode(Fixtures.file(entry: #"{"dtype":"F32","shape":[\#(huge),2],"data_offsets":[0,4]}"#, dataBytes: 4))
        }
        Fixtures.expectInvalidFile(mentioning: ["tensor \"w\"", "shape [1.5]", "whole numbers"]) {
            _ = try Safetensors.decode(Fixtures.file(entry: #"{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}"#, dataBytes: 4))
        }
    }

    @Test func offsetsOutOfRange() {
        Fixtures.expectInvalidFile(mentioning: ["tensor \"w\"", "[0, 1000]", "16-byte data section"]) {
            _ = try Safetensors.decode(Fixtures.file(entry: #"{"dtype":"F32","shape":[250],"data_offsets":[0,1000]}"#, dataBytes: 16))
        }
        for offsets in ["[8,4]", "[-4,0]", "[0]", "[0,4,8]", "\"0-4\"", "[0,18446744073709551616]"] {
            Fixtures.expectInvalidFile(mentioning: ["tensor \"w\"", "data_offsets", "0 <= begin <= end"]) {
                _ = try Safetensors.decode(Fixtures.file(entry: #"{"dtype":"F32","shape":[1],"data_offsets":\#(offsets)}"#, dataBytes: 4))
            }
        }
    }

    @Test func offsetsThatOverlap() {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        Fixtures.expectInvalidFile(mentioning: ["\"a\" [0, 8]", "\"b\" [4, 12]", "overlap"]) {
            _ = try Safetensors.decode(Fixtures.file(header: header, data: Fixtures.bytes([1, 2, 3])))
        }
    }

    @Test func offsetsThatDoNotCoverTheData() {
        let gap = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
            + #""b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        Fixtures.expectInvalidFile(mentioning: ["bytes [4, 8)", "no tensor", "after tensor \"a\"", "\"b\" to begin at 4"]) {
            _ = try Safetensors.decode(Fixtures.file(header: gap, data: Fixtures.bytes([1, 2, 3])))
        }
        Fixtures.expectInvalidFile(mentioning: ["bytes [0, 4)", "at the start"]) {
            _ = try Safetensors.decode(Fixtures.file(entry: #"{"dtype":"F32","shape":[1],"data_offsets":[4,8]}"#, dataBytes: 8))
        }
        Fixtures.expectInvalidFile(mentioning: ["end at byte 4", "data section has 10 bytes", "end at 10"]) {
            _ = try Safetensors.decode(Fixtures.file(entry: #"{"dtype":"F32","shape":[1],"data_offsets":[0,4]}"#, dataBytes: 10))
        }
        // A name given twice: JSON decoding keeps one entry, so the other's bytes are a gap.
        let twice = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"#
            + #""a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        Fixtures.expectInvalidFile(mentioning: ["data section has 8 bytes"]) {
            _ = try Safetensors.decode(Fixtures.file(header: twice, data: Fixtures.bytes([1, 2])))
        }
    }

    @Test func rankAboveEightOrNegativeSizeNamesTheTensor() {
        Fixtures.expectInvalidFile(mentioning: ["tensor \"deep\"", "[1, 1, 1, 1, 1, 1, 1, 1, 1] of rank 9", "rank 0 to 8"]) {
            _ = try Safetensors.decode(Fixtures.file(
                name: "deep", entry: #"{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1],"data_offsets":[0,4]}"#, dataBytes: 4))
        }
        Fixtures.expectInvalidFile(mentioning: ["tensor \"negative\"", "[3, -1]", "dimension 1 = -1", ">= 0"]) {
            _ = try Safetensors.decode(Fixtures.file(name: "negative", entry: #"{"dtype":"F32","shape":[3,-1],"data_offsets":[0,0]}"#, dataBytes: 0))
        }
    }

    @Test func scalarsFiveDimensionalAndEmptyTensorsLoad() throws {
        let scalar = try Safetensors.decode(Fixtures.file(name: "scalar", entry: #"{"dtype":"F32","shape":[],"data_offsets":[0,4]}"#, dataBytes: 4))
        #expect(scalar["scalar"]?.shape == (try Shape([])))
        let video = try Safetensors.decode(Fixtures.file(
            name: "video", entry: #"{"dtype":"F32","shape":[1,1,1,1,1],"data_offsets":[0,4]}"#, dataBytes: 4))
        #expect(video["video"]?.shape == [1, 1, 1, 1, 1])
        let empty = try Safetensors.decode(Fixtures.file(name: "empty", entry: #"{"dtype":"F32","shape":[3,0],"data_offsets":[0,0]}"#, dataBytes: 0))
        #expect(empty["empty"]?.shape == [3, 0])
    }

    @Test func metadataThatIsNotStrings() {
        let header = #"{"__metadata__":{"epoch":3},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        Fixtures.expectInvalidFile(mentioning: ["\"__metadata__\"", "\"epoch\"", "JSON number", "expected a string"]) {
            _ = try Safetensors.decode(Fixtures.file(header: header, data: Fixtures.bytes([1])))
        }
    }

    @Test func everyBadEntryIsListedInOneError() {
        let header = #"{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,2]},"#
            + #""b":{"dtype":"F32","shape":[3],"data_offsets":[2,6]},"#
            + #""c":{"dtype":"F32","shape":[1,1,1,1,1,1,1,1,1],"data_offsets":[6,10]}}"#
        Fixtures.expectInvalidFile(mentioning: ["3 problems", "\"a\" has dtype \"U8\"", "\"b\" has shape [3]", "\"c\" has shape [1, 1, 1, 1, 1, 1, 1, 1, 1]"]) {
            _ = try Safetensors.decode(Fixtures.file(header: header, data: [UInt8](repeating: 0, count: 10)))
        }
    }

    @Test func everyTruncationThrows() throws {
        let whole = try Safetensors.encode(Fixtures.tinyTensors(), metadata: ["format": "strata"])
        for length in 0..<whole.count {
            #expect(throws: StrataError.self, "truncated to \(length) of \(whole.count) bytes") {
                _ = try Safetensors.decode(Array(whole.prefix(length)))
            }
        }
        #expect(try Safetensors.decode(whole).count == 2)
    }

    static let jsonBytes = Array("{}[]\",:0123456789-.eE ".utf8)

    /// Seeded random damage to a valid file: every result is a decoded file or a
    /// `StrataError`, never a trap or another error.
    @Test func randomCorruptionNeverTraps() throws {
        var rng = SeededGenerator(seed: 99)
        let whole = try Safetensors.encode(
            ["a": try Tensor.uniform([2, 3], using: &rng), "b.c": try Tensor.uniform([4], using: &rng)],
            metadata: ["k": "v"])
        var decoded = 0, refused = 0
        for _ in 0..<2000 {
            var bytes = whole
            for _ in 0...Int(rng.next() % 3) {
                let position = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes[position] = Self.jsonBytes[Int(rng.next() % UInt64(Self.jsonBytes.count))]
                default: bytes.remove(at: position)
                }
            }
            do { _ = try Safetensors.decode(bytes); decoded += 1 } catch is StrataError { refused += 1 }
        }
        #expect(decoded + refused == 2000)
        #expect(refused > 1000)
    }
}
