import Foundation
import Strata
import Testing

private typealias Fixtures = SafetensorsTests

/// The dtypes PyTorch checkpoints come in: F16, BF16 and F64 become float32 (values worked
/// out by hand from the IEEE 754 and bfloat16 bit layouts), I64 stays integer, and the
/// BatchNorm counter PyTorch saves (`num_batches_tracked`) is accepted and ignored.
@Suite struct SafetensorsDTypeTests {
    static func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        values.flatMap { value in withUnsafeBytes(of: value.littleEndian, Array.init) }
    }

    @Test func halfPrecisionBecomesFloat32() throws {
        // F16: 0x3C00 = 1, 0xC000 = -2, 0x3555 = 1365/4096 = 0.333251953125, 0x7BFF = 65504 (largest),
        // 0x0001 = 2^-24 (smallest subnormal).
        let f16 = Fixtures.file(header: #"{"h":{"dtype":"F16","shape":[5],"data_offsets":[0,10]}}"#,
                                data: Self.littleEndian([UInt16(0x3C00), 0xC000, 0x3555, 0x7BFF, 0x0001]))
        #expect(try Safetensors.decode(f16)["h"]!.scalars == [1, -2, 0.333251953125, 65504, 0x1p-24])
        // BF16 is the top half of a float32: 0x3F80 = 1, 0xC0A0 = -5, 0x3EAB = 0x3EAB0000 = 0.333984375.
        let bf16 = Fixtures.file(header: #"{"b":{"dtype":"BF16","shape":[3],"data_offsets":[0,6]}}"#,
                                 data: Self.littleEndian([UInt16(0x3F80), 0xC0A0, 0x3EAB]))
        #expect(try Safetensors.decode(bf16)["b"]!.scalars == [1, -5, 0.333984375])
    }

    @Test func doublePrecisionIsRoundedToNearestFloat32() throws {
        // 0.1 (0x3FB999999999999A) rounds to float32 0x3DCCCCCD; 0.5 is exact; 1e300 overflows to +inf.
        let f64 = Fixtures.file(header: #"{"d":{"dtype":"F64","shape":[3],"data_offsets":[0,24]}}"#,
                                data: Self.littleEndian([UInt64(0x3FB9_9999_9999_999A), 0x3FE0_0000_0000_0000, 0x7E37_E43C_8800_759C]))
        let values = try Safetensors.decode(f64)["d"]!.scalars
        #expect(values.map(\.bitPattern) == [0x3DCC_CCCD, 0x3F00_0000, 0x7F80_0000])
    }

    /// I64 tensors come back as integers from decodeContents; decode, which returns float
    /// tensors only, names them instead of dropping them.
    @Test func integersAreKeptApartAndNamed() throws {
        let file = Fixtures.file(header: #"{"n":{"dtype":"I64","shape":[],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#,
                                 data: Self.littleEndian([Int64(-7)]) + Fixtures.bytes([2.5]))
        let contents = try Safetensors.decodeContents(file)
        #expect(contents.integers["n"] == SafetensorsContents.IntegerTensor(shape: try Shape([]), values: [-7]))
        #expect(contents.tensors["w"]?.scalars == [2.5] && contents.tensors["n"] == nil)
        Fixtures.expectInvalidFile(mentioning: ["integer (I64) tensor \"n\"", "readContents"]) {
            _ = try Safetensors.decode(file)
        }
    }

    /// A BatchNorm's num_batches_tracked (I64 scalar) is ignored; one on a node that is no
    /// BatchNorm is an unexpected name like any other.
    @Test func batchCountersAreIgnoredOnlyOnBatchNorms() throws {
        let b = try GraphBuilder(inputShape: [1, 2, 4, 4], seed: 1)
        let graph = try b.build(outputs: [b.batchNorm(b.conv(b.input, 2, kernel: 1, bias: false, name: "c"), name: "bn")])
        var tensors = Dictionary(uniqueKeysWithValues: graph.namedParameters.map { ($0.name, $0.value) })
        tensors["bn.running_mean"] = try Tensor(shape: [2], values: [0.25, -1])
        let counter = SafetensorsContents.IntegerTensor(shape: try Shape([]), values: [12345])
        let loaded = try graph.loadingParameters(SafetensorsContents(tensors: tensors, integers: ["bn.num_batches_tracked": counter]))
        let mean = loaded.namedParameters.first { $0.name == "bn.running_mean" }!.value
        #expect(mean.scalars == [0.25, -1])
        Fixtures.expectInvalidFile(mentioning: ["unexpected \"c.num_batches_tracked\""]) {
            _ = try graph.loadingParameters(SafetensorsContents(tensors: tensors, integers: ["c.num_batches_tracked": counter]))
        }
    }
}
