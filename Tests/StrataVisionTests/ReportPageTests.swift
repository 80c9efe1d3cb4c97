import Strata
import StrataVision
import Testing

/// The report's pieces, with expected values worked by hand.
@Suite struct ReportPageTests {
    @Test func escapingCoversTheFiveCharacters() {
        #expect(HTMLText.escaped("<script>alert('x')</script> & \"q\"")
                == "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        #expect(HTMLText.escaped("layer1.0.relu") == "layer1.0.relu")
    }

    /// Channel 0 = [0, 1, 2, 3]: mean 1.5, max 3, one zero in four. Channel 1 = [0, 0, 0, −4]:
    /// mean −1, max 0, three zeros in four. A [1, 3] map: each channel is one value.
    @Test func channelStatisticsByHand() throws {
        func charted(_ statistics: [ChannelStatistics]) -> [[Float]] {
            statistics.map { [$0.mean, $0.maximum, $0.zeroFraction] }
        }
        let map = try Tensor(shape: [1, 2, 2, 2], values: [0, 1, 2, 3, 0, 0, 0, -4])
        #expect(charted(try ChannelStatistics.of(map)) == [[1.5, 3, 0.25], [-1, 0, 0.75]])
        #expect(charted(try ChannelStatistics.of(Tensor(shape: [1, 3], values: [0, 2, -1]))) == [[0, 0, 1], [2, 2, 0], [-1, -1, 0]])
        #expect(throws: StrataError.self) { try ChannelStatistics.of(Tensor(shape: [1, 2, 3], repeating: 1)) }
    }

    /// Values [1, −1, 0] in a 360x64 chart: range −1…1, plot from y 14 to 62 (48 px, 24 per
    /// unit), zero line at 38; bars 120 wide (less a 1 px gap); the 0 draws no bar.
    @Test func chartBarsByHand() {
        let svg = StatisticsChart.svg(title: "mean <per> channel", values: [1, -1, 0], colour: "#123")
        #expect(svg.contains("<rect x=\"0.00\" y=\"14.00\" width=\"119.00\" height=\"24.00\"/>"))
        #expect(svg.contains("<rect x=\"120.00\" y=\"38.00\" width=\"119.00\" height=\"24.00\"/>"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 2)
        #expect(svg.contains("mean &lt;per&gt; channel: -1&#8230;1"))
    }

    /// RGB in 0…1 maps to 0…255 (0.5 → 127.5 → 128, 0.25 → 63.75 → 64); another range is
    /// stretched from its min…max.
    @Test func inputPictureByHand() throws {
        let rgb = try Tensor(shape: [1, 3, 1, 2], values: [0, 1, 0.5, 0.25, 1, 0])
        let (image, caption) = try ReportFigures.input(rgb)
        #expect(image.channels == 3 && image.pixels == [0, 128, 255, 255, 64, 0])
        #expect(caption.contains("RGB"))
        let normalized = try ReportFigures.input(Tensor(shape: [1, 1, 1, 3], values: [-1, 0, 1]))
        #expect(normalized.image.pixels == [0, 128, 255] && normalized.caption.contains("stretched"))
    }

    /// A tiny graph with hostile node names: a 3x3 pad-1 convolution, 1 → 4 channels, on 8x8
    /// (params 4·9 + 4 = 40, MACs 4·8·8·9 = 2,304, field 3x3, jump 1, start −1), a ReLU.
    static func page() throws -> (ReportPage, GraphSummary) {
        let b = try GraphBuilder(inputShape: [1, 1, 8, 8], seed: 3)
        let conv = try b.conv(b.input, 4, kernel: 3, padding: .symmetric(1), name: "<script>alert(1)</script>")
        let relu = try b.relu(conv, name: "a\"b' & c")
        let summary = try b.build(outputs: [relu]).summary()
        let row = summary.rows[1]
        let box = try ReceptiveFieldBox(row: row, y: 0, x: 0, imageHeight: 8, imageWidth: 8)
        let layers = [ReportPage.Layer(
            row: row, pictures: [("grid", ReportPage.Picture(file: "maps/001-x.png", width: 17, height: 17, caption: "grid"))],
            // Channel 0 = [0, 2]: no all-zero channel; channel 1 = [0, 0]: all zero.
            statistics: try ChannelStatistics.of(Tensor(shape: [1, 2, 1, 2], values: [0, 2, 0, 0])))]
        let page = ReportPage(model: "evil<b>.onnx", inputFile: "in.png", summary: summary,
                              input: ReportPage.Picture(file: "input.png", width: 8, height: 8, caption: "8x8"),
                              layers: layers, units: [ReportPage.Unit(layer: row.name, y: 0, x: 0, box: box)])
        return (page, summary)
    }

    @Test func pageEscapesModelStringsAndListsEveryRow() throws {
        let (page, summary) = try Self.page()
        let html = page.html
        // The page's own script is the only one.
        #expect(html.components(separatedBy: "<script").count - 1 == 1)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !html.contains("<b>"))
        #expect(html.contains("a&quot;b&#39; &amp; c") && !html.contains("a\"b'"))
        // One header row and one row per node (input, conv, relu).
        #expect(html.components(separatedBy: "<tr>").count - 1 == summary.rows.count + 1 && summary.rows.count == 3)
        #expect(html.contains("<td><a href=\"#layer-1\">&lt;script&gt;alert(1)&lt;/script&gt;</a></td><td>Conv2d</td><td>[1, 4, 8, 8]</td>"
                              + "<td class=\"n\">40</td><td class=\"n\">2,304</td><td>3x3</td><td>1x1</td><td>-1, -1</td>"))
        // One of the layer's two channels is all zero.
        #expect(html.contains("2 channels, 1 (channel 1) all zero"))
        // Unit (0, 0)'s 3x3 field starts at (−1, −1): rows and columns 0…1 of the image.
        #expect(html.contains("<rect x=\"0\" y=\"0\" width=\"2\" height=\"2\" fill=\"none\" stroke=\"#ff2020\""))
        #expect(html.contains("3x3 pixels from row -1, column -1 (partly in the padding); on the image rows 0…1, columns 0…1"))
    }

    /// Unit (7, 7) of the same convolution: rows 6…8, clipped to 6…7 of the 8-row image.
    @Test func receptiveFieldBoxIsClippedToTheImage() throws {
        let (_, summary) = try Self.page()
        let box = try ReceptiveFieldBox(row: summary.rows[1], y: 7, x: 7, imageHeight: 8, imageWidth: 8)
        #expect(box.top == 6 && box.left == 6 && box.height == 3 && box.width == 3)
        #expect(box.clippedTop == 6 && box.clippedBottom == 8 && box.clippedLeft == 6 && box.clippedRight == 8)
        #expect(throws: StrataError.self) { try ReceptiveFieldBox(row: summary.rows[1], y: 8, x: 0, imageHeight: 8, imageWidth: 8) }
    }
}
