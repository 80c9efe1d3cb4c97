import Strata
@testable import StrataVision
import Testing

/// The training pictures: filter grids (colours worked out by hand from the viridis table
/// and the per-filter RGB normalization; positions from FeatureMapLayout's formula:
/// margin 12, title 72, label 14, gap 6, colour bar band 52) and the loss/accuracy curves.
@Suite struct TrainingFiguresTests {
    static func pixel(_ image: Image, _ x: Int, _ y: Int) -> [UInt8] {
        Array(image.pixels[((y * image.width + x) * 3)..<((y * image.width + x) * 3 + 3)])
    }

    static func viridis(_ index: Int) -> [UInt8] { Array(Viridis.rgb[(3 * index)..<(3 * index + 3)]) }

    /// Two 2x2 grayscale filters, largest |weight| 2, so the scale is −2…2 and a weight w is
    /// entry round(255·(w/2 + 1)/2): −2 → 0, −1 → 64, 0 → 128, 0.5 → 159, 1 → 191, 2 → 255.
    @Test func grayscaleFiltersShareAScaleCentredOnZero() throws {
        let weight = try Tensor(shape: [2, 1, 2, 2], values: [-2, 0, 1, 2, /* */ 0.5, -1, 2, -2])
        let image = try FilterFigure.render(weight, title: "conv1 filters")
        // 2 tiles of 2x2 enlarged 24 times → 48 px, 2 columns, 1 row.
        #expect(image.width == 640 && image.height == 72 + (14 + 48 + 6) - 6 + 52)
        let tiles = [(x: 12, y: 86), (x: 66, y: 86)]
        let expected = [[0, 128, 191, 255], [159, 64, 255, 0]]
        for (tile, origin) in tiles.enumerated() {
            for row in 0..<2 {
                for column in 0..<2 {
                    let want = Self.viridis(expected[tile][row * 2 + column])
                    // Nearest-neighbour: both corners of the 24x24 block have the colour.
                    #expect(Self.pixel(image, origin.x + column * 24, origin.y + row * 24) == want, "tile \(tile) (\(row), \(column))")
                    #expect(Self.pixel(image, origin.x + column * 24 + 23, origin.y + row * 24 + 23) == want)
                }
            }
        }
        // The colour bar: viridis 0 at its left end, 255 at its right (x 12...267, 10 px below the band's top).
        let barY = image.height - 52 + 10 + 7
        #expect(Self.pixel(image, 12, barY) == Self.viridis(0) && Self.pixel(image, 12 + 255, barY) == Self.viridis(255))
    }

    /// One RGB filter `[1, 3, 1, 2]`, values −4…4: pixel 0 is (0, 2, 4) → fractions
    /// (0.5, 0.75, 1) → (128, 191, 255); pixel 1 is (4, 4, −4) → (255, 255, 0).
    @Test func rgbFiltersAreScaledByTheirOwnRange() throws {
        let weight = try Tensor(shape: [1, 3, 1, 2], values: [0, 4, /* G */ 2, 4, /* B */ 4, -4])
        let image = try FilterFigure.render(weight, title: "rgb")
        // A 1x2 filter: factor 48 → a 48-high, 96-wide tile at (12, 86).
        #expect(image.width == 640 && image.height == 186)
        #expect(Self.pixel(image, 12, 86) == [128, 191, 255] && Self.pixel(image, 12 + 47, 86 + 47) == [128, 191, 255])
        #expect(Self.pixel(image, 12 + 48, 86) == [255, 255, 0] && Self.pixel(image, 12 + 95, 86 + 47) == [255, 255, 0])
        // A constant filter is mid-grey (0.5 → 128); a NaN weight is red.
        let flat = try FilterFigure.render(Tensor(shape: [1, 3, 1, 1], values: [3, 3, 3]), title: "flat")
        #expect(Self.pixel(flat, 12 + 20, 86 + 20) == [128, 128, 128])
        let nan = try FilterFigure.render(Tensor(shape: [1, 3, 1, 2], values: [0, .nan, 1, 1, 2, 2]), title: "nan")
        #expect(Self.pixel(nan, 12 + 60, 86 + 20) == [255, 0, 0])
        #expect(Self.pixel(nan, 12 + 10, 86 + 20) == [0, 128, 255])
    }

    @Test func filterShapesOtherThanGrayscaleOrRGBAreRefused() throws {
        #expect(throws: StrataError.self) { try FilterFigure.render(Tensor(shape: [4, 2, 3, 3]), title: "two inputs") }
        #expect(throws: StrataError.self) { try FilterFigure.render(Tensor(shape: [4, 1, 3]), title: "rank 3") }
        #expect(throws: StrataError.self) { try FilterFigure.render(Tensor(shape: [0, 1, 3, 3]), title: "empty") }
    }

    @Test func niceAxisSteps() {
        #expect(PlotAxis.niceStep(0.23) == 0.5 && PlotAxis.niceStep(1) == 1 && PlotAxis.niceStep(3) == 5)
        #expect(abs(PlotAxis.niceStep(0.07) - 0.1) < 1e-15)
        // Span 1.9: step nice(1.9 / 4) = 0.5; 2% room (0.038) puts 2.0 past the tick at 2,
        // so the axis ends at 2.5 and the top point stays off the frame.
        let loss = PlotAxis.values([0.1, 2.0])
        #expect(loss.low == 0 && loss.high == 2.5 && loss.ticks == [0, 0.5, 1, 1.5, 2, 2.5])
        #expect(loss.ticks.map { loss.label($0) } == ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5"])
        // One loss of 0.75 and one of 0.9 (a single epoch): step 0.05, ends 0.70 and 0.95.
        let one = PlotAxis.values([0.75, 0.9])
        #expect(abs(one.low - 0.70) < 1e-12 && abs(one.high - 0.95) < 1e-12, "\(one)")
        let accuracy = PlotAxis.values([0.5, 0.98], bounds: 0...1)
        #expect(accuracy.high == 1 && accuracy.ticks.map { accuracy.label($0, percent: true) } == ["40%", "60%", "80%", "100%"])
        #expect(PlotAxis.epochs(first: 1, last: 20).ticks == [2, 4, 6, 8, 10, 12, 14, 16, 18, 20])
        #expect(PlotAxis.epochs(first: 1, last: 1).ticks == [1])
    }

    /// Blue-ish: the train colour #1f77b4 alone or blended with white (blue well above red).
    static func bluish(_ p: [UInt8]) -> Bool { Int(p[2]) - Int(p[0]) >= 60 }
    /// Orange-ish: #ff7f0e alone or blended with white.
    static func orangish(_ p: [UInt8]) -> Bool { Int(p[0]) - Int(p[2]) >= 60 }

    /// Panel geometry for the default 960x440 figure: panels 456 wide from x 12 and 492;
    /// plot areas x 70...460 and 550...940, y 94...388.
    static let lossPlot = (left: 70, right: 460), accuracyPlot = (left: 550, right: 940), plotRows = 94..<388

    @Test func oneEpochIsADotInEachSeries() throws {
        let image = try TrainingCurveFigure.render(
            [.init(epoch: 1, trainLoss: 0.6, trainAccuracy: 0.8, testAccuracy: 0.7)], title: "seednet · one epoch")
        #expect(image.width == 960 && image.height == 440)
        // One epoch sits in the middle of the epoch axis: x 265 and 745.
        let lossColumn = Self.plotRows.map { Self.pixel(image, 265, $0) }
        #expect(lossColumn.contains([31, 119, 180]), "the train loss dot")
        let accuracyColumn = Self.plotRows.map { Self.pixel(image, 745, $0) }
        #expect(accuracyColumn.contains([31, 119, 180]) && accuracyColumn.contains([255, 127, 14]), "both accuracy dots")
        // The y axes are 1-px frame lines.
        #expect(Self.pixel(image, 70, 200) == [90, 90, 90] && Self.pixel(image, 550, 200) == [90, 90, 90])
        // Nothing else plotted: a column a quarter of the way across has no series colour.
        #expect(!Self.plotRows.contains { Self.bluish(Self.pixel(image, 160, $0)) || Self.orangish(Self.pixel(image, 160, $0)) })
    }

    @Test func manyEpochsAreJoinedByLines() throws {
        let epochs = (1...20).map { e in
            TrainingCurveFigure.Epoch(epoch: e, trainLoss: 2.0 / Double(e), trainAccuracy: 0.5 + 0.02 * Double(e),
                                      testAccuracy: 0.45 + 0.02 * Double(e))
        }
        let image = try TrainingCurveFigure.render(epochs, title: "twenty epochs")
        // Epoch 1 and 20 lie 0.57 epochs (3% of 19) inside each plot's ends.
        for (plot, both) in [(Self.lossPlot, false), (Self.accuracyPlot, true)] {
            let first = plot.left + 12, last = plot.right - 12
            for x in first...last {
                let column = Self.plotRows.map { Self.pixel(image, x, $0) }
                #expect(column.contains(where: Self.bluish), "train line at x \(x)")
                if both { #expect(column.contains(where: Self.orangish), "test line at x \(x)") }
            }
        }
    }

    @Test func nonFiniteValuesAreLeftOutAndBadInputRefused() throws {
        let diverged = [TrainingCurveFigure.Epoch(epoch: 1, trainLoss: 1, trainAccuracy: 0.5),
                        .init(epoch: 2, trainLoss: .nan, trainAccuracy: 0.1)]
        _ = try TrainingCurveFigure.render(diverged, title: "diverged")
        #expect(throws: StrataError.self) { try TrainingCurveFigure.render([], title: "none") }
        #expect(throws: StrataError.self) {
            try TrainingCurveFigure.render([.init(epoch: 2, trainLoss: 1, trainAccuracy: 0.5), .init(epoch: 2, trainLoss: 1, trainAccuracy: 0.5)],
                                           title: "repeated")
        }
        #expect(throws: StrataError.self) { try TrainingCurveFigure.render([.init(epoch: 1, trainLoss: 1, trainAccuracy: 91)], title: "percent") }
        #expect(throws: StrataError.self) {
            try TrainingCurveFigure.render([.init(epoch: 1, trainLoss: 1, trainAccuracy: 0.5)], title: "tiny", width: 100, height: 100)
        }
    }
}

/// The confusion-matrix picture: cells coloured by their share of the row, worked out by
/// hand from the viridis table (entry round(255·share)).
@Suite struct ConfusionMatrixFigureTests {
    /// Rows [3, 1] and [0, 4]: shares 0.75, 0.25 | 0, 1 → entries 191, 64 | 0, 255; a third
    /// class without samples is grey (214).
    @Test func cellsAreColouredByTheirShareOfTheRow() throws {
        let names = ["cat", "dog", "bird"]
        let image = try ConfusionMatrixFigure.render(counts: [3, 1, 0, 0, 4, 0, 0, 0, 0], classNames: names, title: "pets")
        let measure = try Canvas(width: 1, height: 1)
        let layout = ConfusionMatrixFigure.layout(classNames: names) { measure.textWidth($0, size: 11) }
        #expect(layout.gridTop == 72 + 22)
        #expect(image.width == 640 && image.height == 72 + 22 + 3 * 44 + 8 + 52)
        func corner(_ row: Int, _ column: Int) -> [UInt8] {
            TrainingFiguresTests.pixel(image, layout.gridLeft + column * 44 + 2, layout.gridTop + row * 44 + 2)
        }
        let v = TrainingFiguresTests.viridis
        #expect(corner(0, 0) == v(191) && corner(0, 1) == v(64) && corner(0, 2) == v(0))
        #expect(corner(1, 0) == v(0) && corner(1, 1) == v(255) && corner(1, 2) == v(0))
        #expect(corner(2, 0) == [214, 214, 214] && corner(2, 2) == [214, 214, 214])
        // The count is written in the cell: its centre band has pixels of other colours.
        let centre = (0..<30).map { TrainingFiguresTests.pixel(image, layout.gridLeft + 7 + $0, layout.gridTop + 22) }
        #expect(centre.contains { $0 != v(191) })
    }

    @Test func badCountsAreRefused() {
        #expect(throws: StrataError.self) { try ConfusionMatrixFigure.render(counts: [1, 2, 3], classNames: ["a", "b"], title: "") }
        #expect(throws: StrataError.self) { try ConfusionMatrixFigure.render(counts: [1, -2, 3, 4], classNames: ["a", "b"], title: "") }
        #expect(throws: StrataError.self) { try ConfusionMatrixFigure.render(counts: [], classNames: [], title: "") }
    }
}
