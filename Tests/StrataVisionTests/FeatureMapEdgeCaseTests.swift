import Strata
@testable import StrataVision
import Testing

/// The cases a review broke: huge values, thin maps, long paths, per-channel labels,
/// PCA components without variance, NaN census; expected values worked out by hand from
/// the layout formula (margin 12, title 72, label 14, gap 6, plot from row 80, 220 high)
/// and viridis entries.
@Suite struct FeatureMapEdgeCaseTests {
    static func pixel(_ image: Image, _ x: Int, _ y: Int) -> [UInt8] {
        Array(image.pixels[((y * image.width + x) * 3)..<((y * image.width + x) * 3 + 3)])
    }

    static func viridis(_ index: Int) -> [UInt8] { Array(Viridis.rgb[(3 * index)..<(3 * index + 3)]) }

    @Test func hugeFiniteValuesAreDrawnNotACrash() throws {
        // Bars of 3e38, -3e38, 1: 24 px wide from x = 72; the axis runs -3e38...3e38, so 0
        // is row 80 + 110 = 190. 3e38 is the top colour, -3e38 the bottom one.
        let caption = FeatureMapCaption(model: "hand", layer: "big", op: "Add", outputShape: [1, 3])
        let bars = try FeatureMapFigure.render(Tensor(shape: [1, 3], values: [3e38, -3e38, 1]), caption: caption)
        #expect(Self.pixel(bars, 72 + 11, 81) == Self.viridis(255) && Self.pixel(bars, 72 + 11, 189) == Self.viridis(255))
        #expect(Self.pixel(bars, 72 + 24 + 11, 191) == Self.viridis(0) && Self.pixel(bars, 72 + 24 + 11, 298) == Self.viridis(0))
        #expect(Self.pixel(bars, 72 + 24 + 11, 185) == [255, 255, 255])
        // As a 2x2 tile (enlarged 24 times): 1 and 2 are the middle of -3e38...3e38 (entry
        // 128), not the lowest colour as when 1 / (high - low) overflowed to 0.
        let map = try Tensor(shape: [1, 1, 2, 2], values: [3e38, -3e38, 1, 2])
        let grid = try FeatureMapFigure.render(map, caption: caption)
        let (x, y) = (12, 72 + 14)
        #expect(Self.pixel(grid, x + 12, y + 12) == Self.viridis(255) && Self.pixel(grid, x + 36, y + 12) == Self.viridis(0))
        #expect(Self.pixel(grid, x + 12, y + 36) == Self.viridis(128) && Self.pixel(grid, x + 36, y + 36) == Self.viridis(128))
        #expect(ChannelBarChart.colorFraction(1, low: -3e38, high: 3e38) == 0.5)
        #expect(ChannelBarChart.colorFraction(3e38, low: -3e38, high: 3e38) == 1)
        // Principal components of the same values: finite, so drawn (no "NaN" error).
        let spread = try Tensor(shape: [1, 2, 2, 2], values: [3e38, -3e38, 1, 2, -3e38, 3e38, 2, 1])
        _ = try FeatureMapFigure.pca(spread, caption: caption)
    }

    @Test func nonNegativeBarsAreColouredFromZero() throws {
        // [1, 2] = 2, 4: colours from 0...4, so 2 is entry 128 (not the darkest, as it was
        // when colours ran from the minimum 2), 4 entry 255; bar 0 spans rows 190...299.
        let caption = FeatureMapCaption(model: "hand", layer: "fc", op: "Gemm", outputShape: [1, 2])
        let image = try FeatureMapFigure.render(Tensor(shape: [1, 2], values: [2, 4]), caption: caption)
        #expect(Self.pixel(image, 72 + 11, 299) == Self.viridis(128) && Self.pixel(image, 72 + 11, 189) == [255, 255, 255])
        #expect(Self.pixel(image, 72 + 24 + 11, 81) == Self.viridis(255))
    }

    @Test func thinMapsGetTilesAtLeast48PixelsEachWay() throws {
        // 256x1: enlarged twice (512, the maximum, on the longer side), then the 2-px side stretched to 48.
        let tall = try FeatureMapLayout(tiles: 9, mapHeight: 256, mapWidth: 1)
        #expect(tall.tileHeight == 512 && tall.tileWidth == 48)
        let wide = try FeatureMapLayout(tiles: 9, mapHeight: 1, mapWidth: 256)
        #expect(wide.tileHeight == 48 && wide.tileWidth == 512)
        // 20x10: shorter side 10 → factor 5 → 100x50.
        let oblong = try FeatureMapLayout(tiles: 1, mapHeight: 20, mapWidth: 10)
        #expect(oblong.tileHeight == 100 && oblong.tileWidth == 50)
        // Shrunk, then stretched: 2000x4 → 512 x 1 → 512 x 48.
        let shrunk = try FeatureMapLayout(tiles: 1, mapHeight: 2000, mapWidth: 4)
        #expect(shrunk.tileHeight == 512 && shrunk.tileWidth == 48)
        // A square map keeps its whole-factor enlargement: 7 → 49.
        #expect(try FeatureMapLayout(tiles: 1, mapHeight: 7, mapWidth: 7).tileWidth == 49)
        // A huge minimum tile side is the pixel-cap error, not an overflow trap.
        expectError(mentioning: ["pixels"]) {
            _ = try FeatureMapLayout(tiles: 1, mapHeight: 7, mapWidth: 7, minimumTileSide: Int.max, maximumTileSide: Int.max)
        }
        // Drawn: a [1, 1, 4, 1] ramp 0, 1, 2, 3 → factor 48 (shorter side 1); 4 x 48 = 192 <= 512,
        // so 192 high and 48 wide: each value a 48x48 block, rows 0, 48, 96, 144.
        let map = try Tensor(shape: [1, 1, 4, 1], values: [0, 1, 2, 3])
        let image = try FeatureMapFigure.render(map, caption: .init(model: "m", layer: "t", op: "Reshape", outputShape: [1, 1, 4, 1]))
        let top = 72 + 14
        #expect(Self.pixel(image, 12, top) == Self.viridis(0) && Self.pixel(image, 12 + 47, top + 47) == Self.viridis(0))
        #expect(Self.pixel(image, 12 + 47, top + 191) == Self.viridis(255) && Self.pixel(image, 12 + 48, top + 20) == [255, 255, 255])
        #expect(Self.pixel(image, 12 + 20, top + 48) == Self.viridis(85) && Self.pixel(image, 12 + 20, top + 143) == Self.viridis(170))
    }

    @Test func headlinePutsTheLayerFirstAndShortensAModelPath() {
        let caption = FeatureMapCaption(model: "/tmp/a_rather_long_directory_name/another_level/model.onnx",
                                        layer: "block.relu", op: "Relu", outputShape: [3, 4, 40, 60])
        #expect(caption.headline == "block.relu (Relu) · model.onnx")
        #expect(FeatureMapCaption(model: "resnet18", layer: "fc", op: "Gemm", outputShape: [1, 10]).headline == "fc (Gemm) · resnet18")
        #expect(caption.shapeLine == "output [3, 4, 40, 60] (item 0 of 3 drawn)")
    }

    @Test func perChannelScalingLabelsEachTileWithItsRange() throws {
        // The [1, 4, 2, 2] map of FeatureMapFigureTests: channel 3 runs 2...8, channel 1 is all zero.
        let statistics = try ChannelStatistics.of(FeatureMapFigureTests.map())
        #expect(FeatureMapFigure.tileLabel(statistics[3], scaling: .channel) == "3: 2…8")
        #expect(FeatureMapFigure.tileLabel(statistics[0], scaling: .channel) == "0: 0…8")
        #expect(FeatureMapFigure.tileLabel(statistics[1], scaling: .channel) == "1")
        #expect(FeatureMapFigure.tileLabel(statistics[3], scaling: .layer) == "3")
        // The label band above tile 3 (x 66...113, rows 140...153) holds more ink with
        // per-channel scaling ("3: 2…8") than with one scale ("3").
        func ink(_ image: Image) -> Int {
            (140..<154).reduce(0) { sum, y in sum + (60..<120).filter { Self.pixel(image, $0, y).allSatisfy { $0 < 128 } }.count }
        }
        let caption = FeatureMapFigureTests.caption
        let channel = try FeatureMapFigure.render(FeatureMapFigureTests.map(), caption: caption, options: .init(scaling: .channel))
        let layer = try FeatureMapFigure.render(FeatureMapFigureTests.map(), caption: caption)
        #expect(ink(channel) > 2 * ink(layer) && ink(layer) > 0)
    }

    @Test func censusCountsZeroConstantAndNonFiniteChannels() throws {
        let hand = try ChannelStatistics.of(FeatureMapFigureTests.map())
        #expect(ChannelStatistics.census(hand) == "1 of 4 channels all zero, 1 constant")
        #expect(ChannelStatistics.census(hand, countingConstants: false) == "1 of 4 channels all zero")
        // Channel 0: 0, NaN, 4, 8; channel 1: all NaN → 5 non-finite values, 1 channel without any finite one.
        let nan = try ChannelStatistics.of(Tensor(shape: [1, 2, 2, 2], values: [0, .nan, 4, 8, .nan, .nan, .nan, .infinity]))
        #expect(ChannelStatistics.census(nan)
            == "0 of 2 channels all zero, 0 constant, 1 without a finite value, 5 NaN or infinite values (red)")
        // Ranked by mean, a channel without a finite value comes last, not first (its mean 0 is no value).
        let ranked = try ChannelStatistics.of(Tensor(shape: [1, 3], values: [.nan, -1, -2]))
        #expect(ChannelStatistics.chosen(ranked, top: 3).map(\.channel) == [1, 2, 0])
        #expect(ColorBar.labels(low: 0, high: 0, anyFinite: false) == ("", "no finite value", ""))
        #expect(ColorBar.labels(low: -3e38, high: 3e38, anyFinite: true) == ("-3e+38", "0", "3e+38"))
    }

    @Test func pcaComponentsWithoutVarianceAreNamedNotStretched() throws {
        // Six channels, scaled copies of one ramp: only component 1 has variance.
        var values = [Float](repeating: 0, count: 6 * 16)
        for (channel, weight) in [Float(1), 2, -1, 0.5, 3, -2].enumerated() {
            for i in 0..<16 { values[channel * 16 + i] = weight * Float(i) }
        }
        let map = try Tensor(shape: [1, 6, 4, 4], values: values)
        #expect(FeatureMapFigure.weakComponents(try ChannelPCA.project(map).scalars, plane: 16) == [2, 3])
        let caption = FeatureMapCaption(model: "hand", layer: "conv", op: "Conv", outputShape: [1, 6, 4, 4])
        let image = try FeatureMapFigure.pca(map, caption: caption)
        // 4 px → enlarged 56 times to 224; green and blue (components 2, 3) are 0 everywhere
        // in the panel, red runs 0...255.
        let top = 72 + 14
        for (x, y) in [(12 + 5, top + 5), (12 + 100, top + 150), (12 + 223, top + 223)] {
            let p = Self.pixel(image, x, y)
            #expect(p[1] == 0 && p[2] == 0, "(\(x), \(y)) is \(p)")
        }
        #expect(Self.pixel(image, 12 + 223, top + 223)[0] == 255)
        // An all-zero layer: no component has variance.
        let zero = try Tensor(shape: [1, 4, 4, 4])
        #expect(FeatureMapFigure.weakComponents(try ChannelPCA.project(zero).scalars, plane: 16) == [1, 2, 3])
        // A NaN is refused with a count, not drawn.
        var nan = values
        nan[3] = .nan
        expectError(mentioning: ["1 NaN or infinite values"]) { _ = try FeatureMapFigure.pca(Tensor(shape: [1, 6, 4, 4], values: nan), caption: caption) }
    }

    @Test func tooManyChannelsAreRefusedBeforeTheirStatistics() throws {
        let map = try Tensor(shape: [1, ChannelStatistics.maximumChannels + 1])
        expectError(mentioning: ["\(ChannelStatistics.maximumChannels + 1) channels", "at most \(ChannelStatistics.maximumChannels)"]) {
            _ = try ChannelStatistics.of(map)
        }
    }
}
