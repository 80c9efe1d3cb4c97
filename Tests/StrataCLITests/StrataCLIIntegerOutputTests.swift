import Foundation
import Strata
import Testing

/// `strata run` writes a run-time integer output (ArgMax's indices) as int64 `.npy`, and a
/// float output next to it as float32.
extension StrataCLITests {
    /// The values of an int64 `.npy` file holding `count` elements (little-endian, at the end).
    static func int64Values(_ file: [UInt8], count: Int) -> [Int64] {
        stride(from: file.count - 8 * count, to: file.count, by: 8).map { offset in
            file[offset..<offset + 8].reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) }
        }
    }

    /// `mv_argmax_gather_runtime_indices`: ArgMax (an int64 output) feeding a Gather.
    @Test func argMaxOutputIsWrittenAsInt64() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Self.onnxFixtures.appending(path: "mv_argmax_gather_runtime_indices.onnx").path(percentEncoded: false)
        let data = try Safetensors.read(contentsOf: Self.onnxFixtures.appending(path: "mv_argmax_gather_runtime_indices.safetensors"))
        try Npy.write(try #require(data["input:x"]), to: directory.appending(path: "x.npy"))
        let result = try Self.strata(["run", model, "--input", "x=x.npy", "--output-dir", "outs"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let indices = try BinaryFile.read(directory.appending(path: "outs/argmax1.npy"), expecting: "an npy file")
        #expect(String(decoding: indices.prefix(80), as: UTF8.self).contains("'descr': '<i8'"))
        let expected = try #require(data["expected:argmax1"])
        #expect(Self.int64Values(indices, count: 4).map(Float.init) == expected.scalars)
        let gathered = try Npy.read(contentsOf: directory.appending(path: "outs/gather2.npy"))
        let expectedGather = try #require(data["expected:gather2"])
        #expect(gathered.shape == [4, 4] && gathered.scalars == expectedGather.scalars)
    }
}
