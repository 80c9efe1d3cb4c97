import Strata
import Testing

/// Shape validation, element access, reshape, copy-on-write and comparison of ``Tensor``.
@Suite struct TensorTests {
    /// 0, 1, ..., 23 in a [2, 3, 4] tensor: element [a, b, c] is 12a + 4b + c.
    static func iota() throws -> Tensor {
        try Tensor(shape: [2, 3, 4], values: (0..<24).map(Float.init))
    }

    static func bufferAddress(_ tensor: Tensor) -> UnsafePointer<Float>? {
        tensor.withUnsafeBufferPointer { $0.baseAddress }
    }

    // MARK: Shape validation

    @Test func rankZeroIsAScalar() throws {
        let scalar = try Tensor(shape: [], values: [2.5])
        #expect(scalar.rank == 0 && scalar.elementCount == 1 && scalar.scalars == [2.5])
        #expect(scalar[] == 2.5)
        expectStrataError(.invalidShape, mentioning: ["2 values", "shape []", "expected 1"]) {
            _ = try Tensor(shape: [], values: [1, 2])
        }
    }

    @Test func rankEightIsTheLimit() throws {
        let eight = try Tensor(shape: [1, 2, 1, 2, 1, 2, 1, 2], repeating: 1)
        #expect(eight.elementCount == 16 && eight.shape.strides == [16, 8, 8, 4, 4, 2, 2, 1])
        let dimensions = [1, 1, 1, 1, 1, 1, 1, 1, 2]
        expectStrataError(.invalidShape, mentioning: ["[1, 1, 1, 1, 1, 1, 1, 1, 2]", "rank 9", "rank 0 to 8"]) {
            _ = try Shape(dimensions)
        }
    }

    @Test func zeroDimensionIsAnEmptyTensor() throws {
        let empty = try Tensor(shape: [2, 0, 3], repeating: 7)
        #expect(empty.elementCount == 0 && empty.scalars.isEmpty && empty.shape.isEmpty)
        #expect(empty.shape.strides == [0, 3, 1])
        // A zero anywhere makes the count 0; the other sizes must still multiply within Int,
        // since the strides are their products (review of issue 13: `[2^32, 2^32, 2^32, 0]`
        // from a .npy header trapped in `elementCount`).
        #expect(try Shape([Int.max, 0]).elementCount == 0)
        #expect(try Shape([0, Int.max]).strides == [Int.max, 1])
        expectStrataError(.invalidShape, mentioning: ["[4294967296, 4294967296, 4294967296, 0]", "non-zero dimensions overflows Int"]) {
            _ = try Shape([1 << 32, 1 << 32, 1 << 32, 0])
        }
        #expect(try empty.reshaped([0, 5]).shape == [0, 5])
    }

    @Test func negativeDimensionIsRejected() {
        let dimensions = [4, 5, -3]
        expectStrataError(.invalidShape, mentioning: ["[4, 5, -3]", "dimension 2 = -3"]) { _ = try Shape(dimensions) }
    }

    @Test func valueCountMustMatchShape() throws {
        expectStrataError(.invalidShape, mentioning: ["5 values", "[2, 3]", "expected 6"]) {
            _ = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5])
        }
        let exact = try Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        #expect(exact.scalars == [1, 2, 3, 4, 5, 6])
        #expect(exact.shape.strides == [3, 1])
    }

    // MARK: Element access

    @Test func subscriptReadsAndWritesRowMajor() throws {
        var t = try Self.iota()
        #expect(t[0, 0, 0] == 0)
        #expect(t[0, 1, 2] == 6)    // 12·0 + 4·1 + 2
        #expect(t[1, 2, 3] == 23)   // 12·1 + 4·2 + 3
        t[1, 0, 2] = -5             // offset 12·1 + 4·0 + 2 = 14
        #expect(t.scalars[14] == -5)
        #expect(t[1, 0, 2] == -5)
        #expect(t.scalars.enumerated().filter { $0.offset != 14 }.allSatisfy { Float($0.offset) == $0.element })
    }

    @Test func elementAtThrowsOutOfRange() throws {
        let t = try Self.iota()
        #expect(try t.element(at: [1, 2, 3]) == 23)
        #expect(try t.element(at: [1, 1, 0]) == 16)
        for bad in [[2, 0, 0], [0, 3, 0], [0, 0, 4], [0, -1, 0], [0, 0], [0, 0, 0, 0]] {
            expectStrataError(.invalidArgument, mentioning: ["\(bad)", "[2, 3, 4]"]) { _ = try t.element(at: bad) }
        }
    }

    // MARK: Reshape and copy-on-write

    @Test func reshapeSharesStorage() throws {
        let t = try Self.iota()
        let flat = try t.reshaped([6, 4])
        #expect(flat.shape.dimensions == [6, 4])
        #expect(flat.sharesStorage(with: t))
        #expect(Self.bufferAddress(flat) == Self.bufferAddress(t))
        #expect(flat[5, 3] == 23)
        #expect(flat[2, 1] == 9)    // offset 4·2 + 1
        let other = try Self.iota()
        #expect(!other.sharesStorage(with: t))
    }

    @Test func reshapeRejectsWrongElementCount() throws {
        let t = try Self.iota()
        expectStrataError(.invalidShape, mentioning: ["[2, 3, 4]", "24 elements", "[5, 5]", "25 elements"]) {
            _ = try t.reshaped([5, 5])
        }
        expectStrataError(.invalidShape, mentioning: ["[24, 0] (0 elements)"]) { _ = try t.reshaped([24, 0]) }
    }

    @Test func copyOnWrite() throws {
        var a = try Self.iota()
        var b = a
        #expect(a.sharesStorage(with: b))
        b[0, 0, 1] = 100
        #expect(b[0, 0, 1] == 100)
        #expect(a[0, 0, 1] == 1)
        #expect(!a.sharesStorage(with: b))
        // A uniquely held tensor is written in place, without a copy.
        let before = Self.bufferAddress(a)
        a[1, 1, 1] = 7
        #expect(Self.bufferAddress(a) == before)
        #expect(b[1, 1, 1] == 17)
    }

    // MARK: Comparison

    @Test func comparedReportsWorstElementAndRelativeError() throws {
        // expected [3, 0, 4, 0, 0, 0], actual [3, 1, 4, -2, 0, 0], shape [3, 2]:
        // differences [0, 1, 0, -2, 0, 0]; ‖diff‖ = sqrt(1 + 4) = sqrt(5); ‖expected‖ = sqrt(9 + 16) = 5;
        // relative error sqrt(5)/5 = 0.4472135954999579; worst |diff| = 2 at offset 3 = index [1, 1]
        // (3 = 2·1 + 1), actual -2, expected 0.
        let expected = try Tensor(shape: [3, 2], values: [3, 0, 4, 0, 0, 0])
        let actual = try Tensor(shape: [3, 2], values: [3, 1, 4, -2, 0, 0])
        let comparison = try actual.compared(with: expected)
        #expect(abs(comparison.relativeError - 0.4472135954999579) < 1e-15)
        #expect(comparison.maxAbsoluteError == 2)
        #expect(comparison.worstIndex == [1, 1])
        #expect(comparison.worstActual == -2)
        #expect(comparison.worstExpected == 0)

        let same = try expected.compared(with: expected)
        #expect(same.relativeError == 0 && same.maxAbsoluteError == 0)
        expectStrataError(.shapeMismatch, mentioning: ["[3, 2]", "[6]"]) {
            _ = try actual.compared(with: try expected.reshaped([6]))
        }
    }

    @Test func comparedReportsNaNAsWorstElement() throws {
        // The NaN at offset 0 must stay the worst element, per the comment in compared(with:).
        let expected = try Tensor(shape: [3], values: [0, 1, 2])
        let actual = try Tensor(shape: [3], values: [.nan, 1, 2])
        let comparison = try actual.compared(with: expected)
        #expect(comparison.relativeError.isNaN)
        #expect(comparison.worstIndex == [0])
        #expect(comparison.maxAbsoluteError.isNaN)
    }

    @Test func isCloseFollowsNumpyRule() throws {
        // |a − b| <= atol + rtol·|b| with rtol 1e-5, atol 1e-6.
        let big = try Tensor(shape: [2], values: [1000, -1000])
        // 0.005 <= 1e-6 + 1e-5·1000 = 0.010001
        #expect(try Tensor(shape: [2], values: [1000.005, -1000.005]).isClose(to: big))
        // 0.02 > 0.010001
        #expect(!(try Tensor(shape: [2], values: [1000, -1000.02]).isClose(to: big)))
        let zero = try Tensor(shape: [1], values: [0])
        #expect(try Tensor(shape: [1], values: [5e-7]).isClose(to: zero))     // 5e-7 <= atol 1e-6
        #expect(!(try Tensor(shape: [1], values: [2e-6]).isClose(to: zero)))  // 2e-6 > 1e-6
        #expect(try Tensor(shape: [1], values: [0.5]).isClose(to: zero, rtol: 0, atol: 0.5))
    }

    @Test func nanIsNeverCloseAndShapesMustMatch() throws {
        let nan = try Tensor(shape: [2], values: [.nan, 1])
        #expect(!nan.isClose(to: nan))
        #expect(!nan.isClose(to: try Tensor(shape: [2], values: [0, 1]), rtol: 1, atol: .infinity))
        let square = try Tensor(shape: [2, 2], values: [1, 2, 3, 4])
        #expect(square.isClose(to: square))
        #expect(!square.isClose(to: try square.reshaped([4])))
        #expect(!square.isClose(to: try square.reshaped([4, 1])))
    }
}
