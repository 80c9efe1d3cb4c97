import Strata
@testable import StrataVision
import Testing

/// Feature-map figures, checked pixel by pixel on maps whose colours are worked out by
/// hand: positions from the layout formula in FeatureMapLayout's documentation (margin 12,
/// title 72, label 14, gap 6, colour bar band 52), colours as entries of matplotlib's
/// viridis table (index round(255 t) for the normalized value t).
@Suite struct FeatureMapFigureTests {
    static let caption = FeatureMapCaption(model: "hand", layer: "block.relu", op: "Relu", outputShape: [1, 4, 2, 2],
                                           receptiveField: "3x3 px, jump 1x1")

    /// Channels of a [1, 4, 2, 2] map, row by row: 0 varying 0...8, 1 all zero, 2 constant 1,
    /// 3 varying 2...8. Means 3.5, 0, 1, 5; the layer's range is 0...8.
    static func map() throws -> Tensor {
        try Tensor(shape: [1, 4, 2, 2], values: [0, 2, 4, 8, 0, 0, 0, 0, 1, 1, 1, 1, 2, 4, 6, 8])
    }

    static func pixel(_ image: Image, _ x: Int, _ y: Int) -> [UInt8] {
        Array(image.pixels[((y * image.width + x) * 3)..<((y * image.width + x) * 3 + 3)])
    }

    static func viridis(_ index: Int) -> [UInt8] { Array(Viridis.rgb[(3 * index)..<(3 * index + 3)]) }

    /// The centre of the 24x24 block showing map pixel (row, column) of a tile at `origin`.
    static func block(_ image: Image, _ origin: (x: Int, y: Int), row: Int, column: Int) -> [UInt8] {
        pixel(image, origin.x + column * 24 + 12, origin.y + row * 24 + 12)
    }

    @Test func layerScalingColoursEveryChannelByTheLayersRange() throws {
        let image = try FeatureMapFigure.render(Self.map(), caption: Self.caption)
        // 4 tiles of 2x2 enlarged 24 times → 48 px; 2 columns, 2 rows.
        #expect(image.width == 640 && image.height == 72 + 2 * (14 + 48 + 6) - 6 + 52)
        let tile0 = (x: 12, y: 72 + 14), tile3 = (x: 12 + 54, y: 72 + 68 + 14)
        // Channel 0: 0, 2, 4, 8 of 0...8 → t = 0, 0.25, 0.5, 1 → entries 0, 64, 128, 255.
        #expect(Self.block(image, tile0, row: 0, column: 0) == Self.viridis(0))
        #expect(Self.block(image, tile0, row: 0, column: 1) == Self.viridis(64))
        #expect(Self.block(image, tile0, row: 1, column: 0) == Self.viridis(128))
        #expect(Self.block(image, tile0, row: 1, column: 1) == Self.viridis(255))
        // Channel 3: 2, 4, 6, 8 of 0...8 → 0.25, 0.5, 0.75, 1 → 64, 128, 191, 255.
        #expect(Self.block(image, tile3, row: 0, column: 0) == Self.viridis(64))
        #expect(Self.block(image, tile3, row: 1, column: 0) == Self.viridis(191))
        // Nearest-neighbour: a whole 24x24 block has one colour.
        #expect(Self.pixel(image, tile0.x, tile0.y) == Self.viridis(0) && Self.pixel(image, tile0.x + 23, tile0.y + 23) == Self.viridis(0))
        #expect(Self.pixel(image, tile0.x + 24, tile0.y) == Self.viridis(64))
    }

    @Test func channelScalingUsesEachChannelsOwnRange() throws {
        let image = try FeatureMapFigure.render(Self.map(), caption: Self.caption, options: .init(scaling: .channel))
        let tile3 = (x: 12 + 54, y: 72 + 68 + 14)
        // Channel 3: 2, 4, 6, 8 of its own 2...8 → 0, 1/3, 2/3, 1 → 0, 85, 170, 255.
        #expect(Self.block(image, tile3, row: 0, column: 0) == Self.viridis(0))
        #expect(Self.block(image, tile3, row: 0, column: 1) == Self.viridis(85))
        #expect(Self.block(image, tile3, row: 1, column: 0) == Self.viridis(170))
        #expect(Self.block(image, tile3, row: 1, column: 1) == Self.viridis(255))
    }

    @Test func zeroAndConstantChannelsAreGreyHatchedNotViridis() throws {
        for scaling in FeatureMapScaling.allCases {
            let image = try FeatureMapFigure.render(Self.map(), caption: Self.caption, options: .init(scaling: scaling))
            // Tiles 1 (all zero) and 2 (constant 1): every pixel gray (viridis has none),
            // with both lighter hatch/fill and darker text pixels.
            var ink: [Int] = []
            for origin in [(x: 12 + 54, y: 72 + 14), (x: 12, y: 72 + 68 + 14)] {
                // Hatching: the 214 fill with darker "/" stripes every 7 px; in the top 8
                // rows (clear of the centred text) each row repeats with period 7, and
                // has both fill and stripe pixels (a white tile has neither).
                for row in 1..<8 {
                    let y = origin.y + row
                    let stripe = (0..<48).map { Self.pixel(image, origin.x + $0, y)[0] < 200 }
                    #expect(stripe.contains(true) && stripe.contains(false), "\(scaling) row \(row)")
                    #expect((0..<41).allSatisfy { stripe[$0] == stripe[$0 + 7] }, "\(scaling) row \(row): \(stripe)")
                    #expect((0..<48).contains { Self.pixel(image, origin.x + $0, y) == [214, 214, 214] })
                }
                ink.append((origin.y..<(origin.y + 48)).reduce(0) { sum, y in
                    sum + (origin.x..<(origin.x + 48)).filter { Self.pixel(image, $0, y)[0] < 100 }.count
                })
                var levels = Set<UInt8>()
                for y in origin.y..<(origin.y + 48) {
                    for x in origin.x..<(origin.x + 48) {
                        let p = Self.pixel(image, x, y)
                        #expect(p[0] == p[1] && p[1] == p[2], "\(scaling) (\(x), \(y)) is \(p)")
                        levels.insert(p[0])
                    }
                }
                #expect(levels.contains { $0 > 200 } && levels.contains { $0 < 100 }, "\(scaling) \(origin): \(levels.sorted())")
            }
            // Zero and constant are told apart by their text: "0" has less ink than "const" and "1".
            #expect(ink[0] > 0 && ink[1] > 2 * ink[0], "\(scaling): \(ink)")
        }
        let zero = try ChannelStatistics.of(Self.map())
        #expect(zero.map(\.kind) == [.varying, .allZero, .constant(1), .varying])
        #expect(zero.map(\.mean) == [3.5, 0, 1, 5])
    }

    @Test func topKDrawsTheHighestMeansFirst() throws {
        let image = try FeatureMapFigure.render(Self.map(), caption: Self.caption, options: .init(top: 2))
        // Means 3.5, 0, 1, 5 → channels 3 then 0, in one row of two tiles.
        #expect(image.height == 72 + (14 + 48 + 6) - 6 + 52)
        #expect(Self.block(image, (12, 86), row: 0, column: 0) == Self.viridis(64))      // channel 3's 2 of 0...8
        #expect(Self.block(image, (12 + 54, 86), row: 0, column: 0) == Self.viridis(0))  // channel 0's 0
        #expect(ChannelStatistics.chosen(try ChannelStatistics.of(Self.map()), top: 3).map(\.channel) == [3, 0, 2])
        expectError(mentioning: ["top 0", "at least 1"]) {
            _ = try FeatureMapFigure.render(Self.map(), caption: Self.caption, options: .init(top: 0))
        }
    }

    @Test func colourBarRunsThroughViridisAndTextIsDrawn() throws {
        let image = try FeatureMapFigure.render(Self.map(), caption: Self.caption)
        let barTop = image.height - 52 + 10
        // 256 columns from x = 12, one per table entry.
        #expect(Self.pixel(image, 12, barTop + 7) == Self.viridis(0))
        #expect(Self.pixel(image, 12 + 128, barTop + 7) == Self.viridis(128))
        #expect(Self.pixel(image, 12 + 255, barTop + 7) == Self.viridis(255))
        #expect(Self.pixel(image, 12 + 256, barTop + 7) == [255, 255, 255])
        // Text: dark pixels in the title band, in the tile labels' band and under the bar
        // (the range's numbers), where nothing else is drawn.
        func darkPixels(_ rows: Range<Int>, _ columns: Range<Int> = 0..<640) -> Int {
            rows.reduce(0) { sum, y in sum + columns.filter { Self.pixel(image, $0, y).allSatisfy { $0 < 128 } }.count }
        }
        #expect(darkPixels(0..<72) > 200)
        #expect(darkPixels(72..<86, 12..<60) > 5)
        #expect(darkPixels((barTop + 14)..<image.height, 0..<300) > 20)
    }

    @Test func theInputIsTheFirstTileAtTheTilesScale() throws {
        let input = try Image(width: 2, height: 2, channels: 3, pixels: [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30])
        let image = try FeatureMapFigure.render(Self.map(), caption: Self.caption, input: input)
        // 5 tiles → 3 columns, 2 rows; the input is tile 0, channel 0 moves to tile 1.
        #expect(image.height == 72 + 2 * 68 - 6 + 52)
        #expect(Self.block(image, (12, 86), row: 0, column: 0) == [255, 0, 0])
        #expect(Self.block(image, (12, 86), row: 1, column: 1) == [10, 20, 30])
        #expect(Self.block(image, (12 + 54, 86), row: 1, column: 1) == Self.viridis(255))
    }

    @Test func layoutSizesFollowTheFormula() throws {
        // ResNet-18 layer4: 512 channels of 7x7 and the input: 513 tiles of 49 px, 23 x 23.
        let layer4 = try FeatureMapLayout(tiles: 513, mapHeight: 7, mapWidth: 7)
        #expect(layer4.tileWidth == 49 && layer4.tileHeight == 49 && layer4.columns == 23 && layer4.rows == 23)
        #expect(layer4.width == 24 + 23 * 55 - 6 && layer4.height == 72 + 23 * (14 + 49 + 6) - 6 + 52)
        #expect(layer4.tileOrigin(24).x == 12 + 55 && layer4.tileOrigin(24).y == 72 + 69 + 14)
        // 56x56 stays 56 (already >= 48); 3x2 is enlarged 24 times (shorter side 48).
        #expect(try FeatureMapLayout(tiles: 1, mapHeight: 56, mapWidth: 56).tileWidth == 56)
        let small = try FeatureMapLayout(tiles: 1, mapHeight: 3, mapWidth: 2)
        #expect(small.tileHeight == 72 && small.tileWidth == 48 && small.width == 640)
        // A 4000x2000 map is shrunk to 512 on its longer side: no 4000-px tiles.
        let large = try FeatureMapLayout(tiles: 4, mapHeight: 4000, mapWidth: 2000)
        #expect(large.tileHeight == 512 && large.tileWidth == 256 && large.height == 72 + 2 * (14 + 512 + 6) - 6 + 52)
        // 100001 tiles of 48 px would be ~17000 px square: refused before allocating.
        expectError(mentioning: ["pixels", "--top K"]) { _ = try FeatureMapLayout(tiles: 100_001, mapHeight: 2, mapWidth: 2) }
    }

    @Test func oneValuePerChannelIsABarChart() throws {
        // [1, 4] = 0, 1, 2, 4: bars 24 px wide (23 drawn) from x = 72; the axis runs 0...4
        // over rows 80...300 (220 px), so value v reaches row 80 + 220 (4 - v) / 4.
        let map = try Tensor(shape: [1, 4], values: [0, 1, 2, 4])
        let caption = FeatureMapCaption(model: "hand", layer: "fc", op: "Linear", outputShape: [1, 4])
        let image = try FeatureMapFigure.render(map, caption: caption)
        #expect(image.width == 640 && image.height == 80 + 220 + 30 + 52)
        let x3 = 72 + 3 * 24 + 11, x2 = 72 + 2 * 24 + 11, x1 = 72 + 24 + 11
        #expect(Self.pixel(image, x3, 80) == Self.viridis(255) && Self.pixel(image, x3, 299) == Self.viridis(255))
        #expect(Self.pixel(image, x2, 189) == [255, 255, 255] && Self.pixel(image, x2, 190) == Self.viridis(128))
        #expect(Self.pixel(image, x1, 244) == [255, 255, 255] && Self.pixel(image, x1, 245) == Self.viridis(64))
        // The same for [1, 4, 1, 1] (after a global pooling).
        let pooled = try FeatureMapFigure.render(map.reshaped([1, 4, 1, 1]), caption: caption)
        #expect(pooled == image)
        // 100000 channels are binned into at most 1200 columns (84 per column, 1191 of them).
        let wide = try FeatureMapFigure.render(Tensor(shape: [1, 100_000]), caption: caption)
        #expect(wide.width == 72 + 1191 + 12)
    }

    @Test func pcaIsBlendedOverTheInputAtItsSize() throws {
        // Channels = (1, 2, -1) · s(p), s a ramp over a 4x4 map: component 1 is s, so red
        // rises from 0 (first pixel) to 255 (last). (The other two components are rounding
        // noise stretched to 0...255, so only red is checked.)
        var values = [Float](repeating: 0, count: 3 * 16)
        for (channel, weight) in [Float(1), 2, -1].enumerated() {
            for i in 0..<16 { values[channel * 16 + i] = weight * Float(i) }
        }
        let input = try Image(width: 8, height: 8, channels: 1, repeating: 100)
        let caption = FeatureMapCaption(model: "hand", layer: "conv", op: "Conv", outputShape: [1, 3, 4, 4])
        let image = try FeatureMapFigure.pca(Tensor(shape: [1, 3, 4, 4], values: values), caption: caption, input: input)
        // 8 px input → panels enlarged 28 times to 224; three panels 224 px apart by 12.
        #expect(image.width == 24 + 3 * 236 - 12 && image.height == 72 + 14 + 224 + 12)
        let top = 72 + 14
        #expect(Self.pixel(image, 12 + 5, top + 5) == [100, 100, 100])                  // the input
        #expect(Self.pixel(image, 12 + 236 + 5, top + 5)[0] == 0)                        // components: red 0 at pixel 0
        #expect(Self.pixel(image, 12 + 236 + 223, top + 223)[0] == 255)                  // 255 at pixel 15
        // Blend: 0.6 · components + 0.4 · input: red 0.6 · 255 + 0.4 · 100 = 193, and 40 at pixel 0.
        #expect(Self.pixel(image, 12 + 472 + 223, top + 223)[0] == 193 && Self.pixel(image, 12 + 472 + 5, top + 5)[0] == 40)
        expectError(mentioning: ["one value per channel"]) {
            _ = try FeatureMapFigure.pca(Tensor(shape: [1, 5, 1, 1]), caption: caption)
        }
    }

    @Test func nonFiniteValuesAreRedAndCounted() throws {
        // Channel 0: 0, NaN, 4, 8 (varying over its finite values); channel 1: all NaN.
        let map = try Tensor(shape: [1, 2, 2, 2], values: [0, .nan, 4, 8, .nan, .nan, .nan, .nan])
        let statistics = try ChannelStatistics.of(map)
        #expect(statistics[0].kind == .varying && statistics[0].nonFiniteCount == 1 && statistics[0].mean == 4)
        #expect(statistics[1].kind == .nonFinite && statistics[1].nonFiniteCount == 4)
        let image = try FeatureMapFigure.render(map, caption: Self.caption)
        // 2 tiles in one row; channel 0's NaN block is red, its 4 of 0...8 is entry 128.
        #expect(Self.block(image, (12, 86), row: 0, column: 1) == [255, 0, 0])
        #expect(Self.block(image, (12, 86), row: 1, column: 0) == Self.viridis(128))
        // Channel 1 (no finite value) is a hatched grey tile: fill 214 and darker stripes
        // in its top rows, grey everywhere (a blank white tile fails both).
        let tile1 = (x: 12 + 54, y: 86)
        let topRow = (0..<48).map { Self.pixel(image, tile1.x + $0, tile1.y + 2) }
        #expect(topRow.contains([214, 214, 214]) && topRow.contains { $0[0] < 200 && $0[0] == $0[1] && $0[1] == $0[2] })
        #expect(!topRow.contains([255, 255, 255]))
        #expect(ChannelStatistics.census(statistics).hasSuffix("1 without a finite value, 5 NaN or infinite values (red)"))
    }
}
