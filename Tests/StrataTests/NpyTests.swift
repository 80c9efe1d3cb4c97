import Foundation
import Strata
import Testing

/// `.npy` reading and writing. Expected bytes come from NumPy 2.4 (the Python that made
/// each is in the comment above it), never from the encoder under test.
@Suite struct NpyTests {
    static func bytes(_ hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return result
    }

    /// Every case below: `f = io.BytesIO(); np.lib.format.write_array(f, a); f.getvalue().hex()`.
    // a = np.array([[-1, -0.5, 0], [0.5, 1, 1.5]], dtype='<f4')
    static let matrix = bytes("934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000080bf000000bf000000000000003f0000803f0000c03f")
    // a = np.array([1.5, -2, 3.25], dtype='<f4')
    static let vector = bytes("934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000c03f000000c000005040")
    // a = np.array([0.25, 1e-3, -7, 100], dtype='<f4').reshape(1, 2, 1, 2)
    static let rank4 = bytes("934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028312c20322c20312c2032292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000803e6f12833a0000e0c00000c842")
    // the vector above, np.lib.format.write_array(f, a, version=(2, 0))
    static let vectorVersion2 = bytes("934e554d50590200740000007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028332c292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000c03f000000c000005040")
    // np.array([1.0, 2.0])  (float64)
    static let float64 = bytes("934e554d5059010076007b276465736372273a20273c6638272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000000000000f03f0000000000000040")
    // np.array([1.0, 2.0], dtype='>f4')
    static let bigEndian = bytes("934e554d5059010076007b276465736372273a20273e6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a3f80000040000000")
    // np.asfortranarray(matrix)
    static let fortran = bytes("934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a20547275652c20277368617065273a2028322c2033292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a000080bf0000003f000000bf0000803f000000000000c03f")
    // np.array(1.0, dtype='<f4')  (rank 0)
    static let rank0 = bytes("934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028292c207d20202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000803f")
    // np.ones((1, 1, 1, 1, 2), dtype='<f4')
    /// np.save(f, np.ones((1,) * 9, dtype="<f4"))
    static let rank9 = bytes("934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028312c20312c20312c20312c20312c20312c20312c20312c2031292c207d202020202020202020202020202020202020202020202020202020202020202020202020200a0000803f")
    static let rank5 = bytes("934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028312c20312c20312c20312c2032292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0000803f0000803f")
    // np.array([1, 2], dtype='<i4')
    static let int32 = bytes("934e554d5059010076007b276465736372273a20273c6934272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028322c292c207d2020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a0100000002000000")
    // np.zeros((0, 3), dtype='<f4')
    static let empty = bytes("934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73652c20277368617065273a2028302c2033292c207d202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020200a")

    @Test func readsNumPyFiles() throws {
        let m = try Npy.decode(Self.matrix)
        #expect(m.shape == [2, 3])
        #expect(m.scalars == [-1, -0.5, 0, 0.5, 1, 1.5])
        let v = try Npy.decode(Self.vector)
        #expect(v.shape == [3])
        #expect(v.scalars == [1.5, -2, 3.25])
        let r = try Npy.decode(Self.rank4)
        #expect(r.shape == [1, 2, 1, 2])
        #expect(r.scalars == [0.25, 1e-3, -7, 100])
        #expect(try Npy.decode(Self.vectorVersion2).scalars == [1.5, -2, 3.25])
    }

    @Test func writesWhatNumPyWrites() throws {
        for file in [Self.matrix, Self.vector, Self.rank4] {
            #expect(Npy.encode(try Npy.decode(file)) == file)
        }
    }

    @Test func roundTripsThroughFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "npy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var rng = SeededGenerator(seed: 3)
        let tensor = try Tensor.uniform([2, 3, 5, 7], low: -10, high: 10, using: &rng)
        let url = directory.appending(path: "x.npy")
        try Npy.write(tensor, to: url)
        let back = try Npy.read(contentsOf: url)
        #expect(back.shape == tensor.shape && back.scalars == tensor.scalars)

        expectStrataError(.invalidFile, mentioning: ["already exists"]) { try Npy.write(tensor, to: url) }
        let other = try Tensor(shape: [4], values: [1, 2, 3, 4])
        try Npy.write(other, to: url, overwrite: true)
        #expect(try Npy.read(contentsOf: url).scalars == [1, 2, 3, 4])
        expectStrataError(.invalidFile, mentioning: ["missing.npy", "no such file"]) {
            _ = try Npy.read(contentsOf: directory.appending(path: "missing.npy"))
        }
    }

    @Test func refusesOtherTypesAndLayouts() {
        expectStrataError(.invalidFile, mentioning: ["'<f8'", "float 64-bit", "expected '<f4'", "np.save(path, a.astype('<f4'))"]) { _ = try Npy.decode(Self.float64) }
        expectStrataError(.invalidFile, mentioning: ["'>f4'", "big-endian", "expected '<f4'"]) { _ = try Npy.decode(Self.bigEndian) }
        expectStrataError(.invalidFile, mentioning: ["'<i4'", "int 32-bit"]) { _ = try Npy.decode(Self.int32) }
        expectStrataError(.invalidFile, mentioning: ["fortran_order is True", "expected False"]) { _ = try Npy.decode(Self.fortran) }
        expectStrataError(.invalidFile, mentioning: ["shape (1, 1, 1, 1, 1, 1, 1, 1, 1)", "rank 9", "expected rank 0 to 8"]) {
            _ = try Npy.decode(Self.rank9)
        }
    }

    /// A hostile header's item size: '<f2000000000000000000' trapped (size x 8 overflowed)
    /// while the error message was being built.
    @Test func aHugeItemSizeIsAnErrorNotATrap() {
        var header = Array("{'descr': '<f2000000000000000000', 'fortran_order': False, 'shape': (1, 4), }".utf8)
        header += [UInt8](repeating: 0x20, count: 118 - header.count) + [0x0a]
        let file = Array("\u{93}NUMPY".unicodeScalars.map { UInt8($0.value) }) + [1, 0, UInt8(header.count), 0] + header
            + [UInt8](repeating: 0, count: 16)
        expectStrataError(.invalidFile, mentioning: ["'<f2000000000000000000'", "float of 2000000000000000000 bytes", "expected '<f4'"]) {
            _ = try Npy.decode(file)
        }
    }

    /// numpy's scalars, 5-D arrays and empty arrays are tensors too.
    @Test func readsScalarsHighRanksAndEmptyArrays() throws {
        let scalar = try Npy.decode(Self.rank0)
        #expect(scalar.shape == [] && scalar.scalars == [1])
        let five = try Npy.decode(Self.rank5)
        #expect(five.shape == [1, 1, 1, 1, 2] && five.scalars == [1, 1])
        let empty = try Npy.decode(Self.empty)
        #expect(empty.shape == [0, 3] && empty.scalars.isEmpty)
        for tensor in [scalar, five, empty] {
            #expect(try Npy.decode(Npy.encode(tensor)).shape == tensor.shape)
        }
    }

    @Test func everyTruncationIsAnError() {
        for file in [Self.matrix, Self.vectorVersion2] {
            for length in 0..<file.count {
                expectStrataError(.invalidFile, mentioning: ["npy data"]) { _ = try Npy.decode(Array(file[..<length])) }
            }
        }
        expectStrataError(.invalidFile, mentioning: ["needs 12 data bytes", "has 16", "4 trailing bytes"]) {
            _ = try Npy.decode(Self.vector + [0, 0, 0, 0])
        }
    }

    @Test func damagedPreambles() {
        var notNpy = Self.vector
        notNpy[1] = UInt8(ascii: "X")
        expectStrataError(.invalidFile, mentioning: ["magic"]) { _ = try Npy.decode(notNpy) }
        var version3 = Self.vector
        version3[6] = 3
        expectStrataError(.invalidFile, mentioning: ["version 3.0", "expected 1.0 or 2.0"]) { _ = try Npy.decode(version3) }
        var hugeLength = Self.vectorVersion2
        hugeLength[8...11] = [0xff, 0xff, 0xff, 0xff]
        expectStrataError(.invalidFile, mentioning: ["header of 4294967295 bytes", "truncated"]) { _ = try Npy.decode(hugeLength) }
        for (header, fragment) in [("{'descr': '<f4', 'shape': (3,), }", "keys"),
                                   ("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1}", "does not parse"),
                                   ("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "too large"),
                                   ("{'descr': '<f4', 'fortran_order': False, 'shape': (4611686018427387904, 4)}", "more elements than fit in Int"),
                                   ("{'descr': '<f4', 'fortran_order': False, 'shape': (2305843009213693952,)}", "more than Int.max"),
                                   ("[1, 2]", "does not parse")] {
            let text = Array(header.utf8) + [UInt8(ascii: "\n")]
            let file = NpyHeaderFixture.magicV1 + [UInt8(text.count & 0xff), UInt8(text.count >> 8)] + text
            expectStrataError(.invalidFile, mentioning: [fragment]) { _ = try Npy.decode(file) }
        }
    }
}

enum NpyHeaderFixture {
    static let magicV1: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
}
