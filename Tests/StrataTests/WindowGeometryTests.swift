import Strata
import Testing

/// Output-size and padding arithmetic of ``WindowGeometry`` on hand-computed examples.
/// Floor mode: O = floor((I + P0 + P1 − E) / S) + 1 with E = D·(K − 1) + 1.
@Suite struct WindowGeometryTests {
    /// Square geometry helper: the same numbers on both axes.
    static func square(
        _ input: Int, kernel: Int, stride: Int = 1, dilation: Int = 1, padding: Padding = .valid, ceil: Bool = false
    ) throws -> WindowGeometry {
        try WindowGeometry(input: Size2D(input, input), kernel: Size2D(kernel, kernel), stride: Size2D(stride, stride),
                           dilation: Size2D(dilation, dilation), padding: padding, ceilMode: ceil)
    }

    @Test func validPadding() throws {
        let g = try Self.square(7, kernel: 3)            // (7 − 3)/1 + 1 = 5
        #expect(g.output == Size2D(5, 5))
        #expect(g.padding == .zero)
        #expect(try Self.square(7, kernel: 3, stride: 2).output == Size2D(3, 3))   // floor(4/2) + 1 = 3
        #expect(try Self.square(3, kernel: 3).output == Size2D(1, 1))              // (3 − 3)/1 + 1 = 1
    }

    @Test func symmetricPadding() throws {
        #expect(try Self.square(7, kernel: 3, padding: .symmetric(1)).output == Size2D(7, 7))            // (7+2−3)/1+1 = 7
        #expect(try Self.square(224, kernel: 7, stride: 2, padding: .symmetric(3)).output == Size2D(112, 112))
        // ResNet stem: (224 + 6 − 7)/2 + 1 = floor(111.5) + 1 = 112
    }

    @Test func asymmetricPerSidePadding() throws {
        // Height: (7 + 0 + 2 − 3)/2 + 1 = 3 + 1 = 4.  Width: (10 + 1 + 0 − 3)/2 + 1 = 4 + 1 = 5.
        let padding = Padding2D(top: 0, left: 1, bottom: 2, right: 0)
        let g = try WindowGeometry(input: Size2D(7, 10), kernel: 3, stride: 2, padding: .explicit(padding))
        #expect(g.output == Size2D(4, 5))
        #expect(g.padding == padding)
    }

    @Test func dilation() throws {
        // E = 3·(3 − 1) + 1 = 7; (10 − 7)/1 + 1 = 4
        let g = try Self.square(10, kernel: 3, dilation: 3)
        #expect(g.extent == Size2D(7, 7))
        #expect(g.output == Size2D(4, 4))
        // E = 2·2 + 1 = 5 with padding 2: (9 + 4 − 5)/2 + 1 = 5
        #expect(try Self.square(9, kernel: 3, stride: 2, dilation: 2, padding: .symmetric(2)).output == Size2D(5, 5))
    }

    @Test func strideLargerThanKernel() throws {
        // Windows start at 0, 3, 6, 9: 9 + 2 = 11 fits in 11, not in 10.
        #expect(try Self.square(11, kernel: 2, stride: 3).output == Size2D(4, 4))   // (11 − 2)/3 + 1 = 3 + 1
        #expect(try Self.square(10, kernel: 2, stride: 3).output == Size2D(3, 3))   // floor(8/3) + 1 = 2 + 1
    }

    @Test func sameUpperPutsOddPaddingAtTheEnd() throws {
        // I 5, K 2, S 1: O = ceil(5/1) = 5, total = (5 − 1)·1 + 2 − 5 = 1 → start 0, end 1.
        let upper = try Self.square(5, kernel: 2, padding: .same)
        #expect(upper.output == Size2D(5, 5))
        #expect(upper.padding == Padding2D(top: 0, left: 0, bottom: 1, right: 1))
        let lower = try Self.square(5, kernel: 2, padding: .sameLower)
        #expect(lower.output == Size2D(5, 5))
        #expect(lower.padding == Padding2D(top: 1, left: 1, bottom: 0, right: 0))
        // Even total: I 5, K 3 dilation 2 (E 5): total = 4 + 5 − 5 = 4 → 2 and 2 for both.
        #expect(try Self.square(5, kernel: 3, dilation: 2, padding: .sameLower).padding == .all(2))
    }

    @Test func sameWithStrideTwoGivesCeilOfInputOverStride() throws {
        // I 7: O = ceil(7/2) = 4, total = 3·2 + 3 − 7 = 2 → 1 and 1.
        let odd = try Self.square(7, kernel: 3, stride: 2, padding: .same)
        #expect(odd.output == Size2D(4, 4))
        #expect(odd.padding == .all(1))
        // I 8: O = 4, total = 3·2 + 3 − 8 = 1 → (0, 1) upper, (1, 0) lower.
        let even = try Self.square(8, kernel: 3, stride: 2, padding: .same)
        #expect(even.output == Size2D(4, 4))
        #expect(even.padding == Padding2D(top: 0, left: 0, bottom: 1, right: 1))
        #expect(try Self.square(8, kernel: 3, stride: 2, padding: .sameLower).padding == Padding2D(top: 1, left: 1, bottom: 0, right: 0))
        // I 5, K 1, S 2: O = 3, total = max(0, 2·2 + 1 − 5) = 0.
        let pointwise = try Self.square(5, kernel: 1, stride: 2, padding: .same)
        #expect(pointwise.output == Size2D(3, 3) && pointwise.padding == .zero)
        // Height 9 → ceil(9/2) = 5, width 16 → 8.
        #expect(try WindowGeometry(input: Size2D(9, 16), kernel: 3, stride: 2, padding: .same).output == Size2D(5, 8))
    }

    /// PyTorch's pooling_output_shape: O = ceil((I + 2P − K)/S) + 1, then O −= 1 when
    /// (O − 1)·S >= I + P (the last window would start inside the end padding).
    @Test func ceilMode() throws {
        // I 6, K 3, S 2, P 0: ceil(3/2) + 1 = 3; 2·2 = 4 < 6 keeps it (floor mode gives 2).
        #expect(try Self.square(6, kernel: 3, stride: 2, ceil: true).output == Size2D(3, 3))
        #expect(try Self.square(6, kernel: 3, stride: 2).output == Size2D(2, 2))
        // MaxPool2d(2, 2, padding 1, ceil_mode) on 4: ceil(4/2) + 1 = 3; 2·2 = 4 < 5 keeps it.
        #expect(try Self.square(4, kernel: 2, stride: 2, padding: .symmetric(1), ceil: true).output == Size2D(3, 3))
        // I 5, K 3, S 2, P 0: ceil(2/2) + 1 = 2, same as floor.
        #expect(try Self.square(5, kernel: 3, stride: 2, ceil: true).output == Size2D(2, 2))
    }

    @Test func ceilModeDropsWindowStartingInEndPadding() throws {
        // I 5, K 2, S 2, P 1: ceil(5/2) + 1 = 4; (4 − 1)·2 = 6 >= 5 + 1 → 3.
        #expect(try Self.square(5, kernel: 2, stride: 2, padding: .symmetric(1), ceil: true).output == Size2D(3, 3))
        // I 5, K 1, S 3, P 0: ceil(4/3) + 1 = 3; 2·3 = 6 >= 5 → 2 (windows at 0 and 3 only).
        #expect(try Self.square(5, kernel: 1, stride: 3, ceil: true).output == Size2D(2, 2))
    }

    /// Ceil mode lets a window overhang the padded end by less than one stride, even the
    /// only window: O = ceil((I + P0 + P1 − E)/S) + 1 with the ceiling of a negative quotient
    /// 0 (PyTorch's pooling_output_shape, onnxruntime's ComputeOutputSize).
    @Test func ceilModeWindowLongerThanInput() throws {
        // I 4, K 3, D 2 (E 5), S 2: ceil(−1/2) + 1 = 1 (floor mode: the window does not fit).
        #expect(try Self.square(4, kernel: 3, stride: 2, dilation: 2, ceil: true).output == Size2D(1, 1))
        // I 6 (width) with the same window: ceil(1/2) + 1 = 2; rows I 4 as above: 1.
        #expect(try WindowGeometry(input: Size2D(4, 6), kernel: 3, stride: 2, dilation: 2, ceilMode: true).output == Size2D(1, 2))
        // I 2, K 3, S 2: ceil(−1/2) + 1 = 1.
        #expect(try Self.square(2, kernel: 3, stride: 2, ceil: true).output == Size2D(1, 1))
        // I 2, K 4, P 1 + 0 (padded 3), S 2: ceil(−1/2) + 1 = 1.
        let padded = Padding.explicit(Padding2D(top: 1, left: 1, bottom: 0, right: 0))
        #expect(try WindowGeometry(input: 2, kernel: 4, stride: 2, padding: padded, ceilMode: true).output == Size2D(1, 1))
        // I 1, K 3, S 2: ceil(−2/2) + 1 = 0: longer by a whole stride, refused.
        expectStrataError(.invalidArgument, mentioning: ["3 pixels", "height 1 + 0 + 0 = 1", "by 2", "stride 2", "<= 0"]) {
            _ = try Self.square(1, kernel: 3, stride: 2, ceil: true)
        }
        // I 1, K 3, S 3: ceil(−2/3) + 1 = 1.
        #expect(try Self.square(1, kernel: 3, stride: 3, ceil: true).output == Size2D(1, 1))
        expectStrataError(.invalidArgument, mentioning: ["5 pixels", "does not fit", "4 + 0 + 0 = 4"]) {
            _ = try Self.square(4, kernel: 3, stride: 2, dilation: 2)
        }
    }

    @Test func nonPositiveParametersThrow() {
        expectStrataError(.invalidArgument, mentioning: ["kernel", "0x3"]) {
            _ = try WindowGeometry(input: 8, kernel: Size2D(0, 3))
        }
        expectStrataError(.invalidArgument, mentioning: ["stride", "2x-1"]) {
            _ = try WindowGeometry(input: 8, kernel: 3, stride: Size2D(2, -1))
        }
        expectStrataError(.invalidArgument, mentioning: ["dilation", "0x0"]) {
            _ = try WindowGeometry(input: 8, kernel: 3, dilation: 0)
        }
        expectStrataError(.invalidArgument, mentioning: ["input", "0x5"]) {
            _ = try WindowGeometry(input: Size2D(0, 5), kernel: 1)
        }
    }

    @Test func negativePaddingThrows() {
        let padding = Padding2D(top: 1, left: -2, bottom: 1, right: 0)
        expectStrataError(.invalidArgument, mentioning: [">= 0", "l-2"]) {
            _ = try WindowGeometry(input: 8, kernel: 3, padding: .explicit(padding))
        }
    }

    @Test func windowLargerThanPaddedInputThrows() {
        // Width: E = 5 > 3 + 0 + 0 = 3.
        expectStrataError(.invalidArgument, mentioning: ["5 pixels", "width", "3 + 0 + 0 = 3"]) {
            _ = try WindowGeometry(input: Size2D(9, 3), kernel: 5)
        }
        // Height: E = 2·(3 − 1) + 1 = 5 > 2 + 1 + 1 = 4.
        expectStrataError(.invalidArgument, mentioning: ["5 pixels", "height", "2 + 1 + 1 = 4"]) {
            _ = try WindowGeometry(input: Size2D(2, 9), kernel: 3, dilation: 2, padding: .symmetric(1))
        }
    }
}
