import Strata

/// The one HTML page of `strata report`: the input as the model sees it with receptive
/// fields of chosen units drawn on it, the summary table, and the feature maps of the chosen
/// layers in graph order (input to output, so channels growing and resolution shrinking
/// read top to bottom), each with per-channel statistics charts.
///
/// Self-contained apart from the PNG files it names (relative paths): inline CSS and SVG,
/// no network, no script libraries. Its one small script sets `data-ready` on `<body>` to
/// `all-images-loaded` once the page has loaded and every `<img>` has a natural width > 0,
/// else to `broken-images` (with the failing `src` values in `data-broken`): what a
/// browser test checks. Every model-provided string is escaped (``HTMLText``).
public struct ReportPage: Sendable {
    /// A picture file the page shows.
    public struct Picture: Sendable {
        /// Path relative to the page, such as `maps/003-conv1.png`.
        public let file: String
        /// The picture's size in pixels.
        public let width: Int, height: Int
        /// Shown under the picture (escaped by the page).
        public let caption: String
        /// A picture of `width` x `height` pixels stored at `file`, relative to the page.
        public init(file: String, width: Int, height: Int, caption: String) {
            (self.file, self.width, self.height, self.caption) = (file, width, height, caption)
        }
    }

    /// One layer's section.
    public struct Layer: Sendable {
        /// The layer's summary row: name, op, shape, receptive field.
        public let row: GraphSummary.Row
        /// The channel grid first; a PCA picture (shown at the input's displayed size) next.
        public let pictures: [(kind: String, picture: Picture)]
        /// One per channel, in channel order (``ChannelStatistics/of(_:)``).
        public let statistics: [ChannelStatistics]
        /// A layer section; `pictures` may be empty (the charts alone show `[N, C]` maps).
        public init(row: GraphSummary.Row, pictures: [(kind: String, picture: Picture)], statistics: [ChannelStatistics]) {
            (self.row, self.pictures, self.statistics) = (row, pictures, statistics)
        }
    }

    /// A unit whose receptive field is drawn on the input.
    public struct Unit: Sendable {
        /// The node's name.
        public let layer: String
        /// Row and column of the unit in the layer's `[H, W]` plane.
        public let y: Int, x: Int
        /// Its receptive field on the input.
        public let box: ReceptiveFieldBox
        /// The unit (`y`, `x`) of `layer`, whose field is `box`.
        public init(layer: String, y: Int, x: Int, box: ReceptiveFieldBox) {
            (self.layer, self.y, self.x, self.box) = (layer, y, x, box)
        }
    }

    /// The model as the user named it (a built-in name or a file path).
    public var model: String
    /// The input file as the user named it.
    public var inputFile: String
    /// The table at the top; layer sections and units name its rows.
    public var summary: GraphSummary
    /// The input as the model sees it (``ReportFigures/input(_:)``).
    public var input: Picture
    /// The layers shown, in graph order.
    public var layers: [Layer]
    /// The units whose receptive fields are drawn on the input: the chosen one first (in
    /// red), then any others for comparison (units of shallower layers at the same place,
    /// so the fields' growth shows), each in its own colour.
    public var units: [Unit]

    /// A page with these parts; ``html`` writes it.
    public init(model: String, inputFile: String, summary: GraphSummary, input: Picture, layers: [Layer], units: [Unit]) {
        (self.model, self.inputFile, self.summary, self.input, self.layers, self.units) = (model, inputFile, summary, input, layers, units)
    }

    /// Box colours: red for the chosen unit, then colours that stand out on photographs.
    static let boxColours = ["#ff2020", "#ffd400", "#00e5ff", "#ff40ff", "#ffffff"]

    /// Width at which the input (and the PCA pictures) are shown: the input enlarged by a
    /// whole factor to about 448 CSS pixels, so its pixels stay square blocks.
    var inputScale: Int { max(1, 448 / max(input.width, 1)) }

    /// Widest a channel grid is shown, in CSS pixels.
    static let gridWidth = 640

    /// The page as UTF-8 HTML.
    public var html: String {
        let e = HTMLText.escaped
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>Strata report: \(e(model))</title>
            <style>\(Self.style)</style>
            </head>
            <body data-ready="loading">
            <h1>\(e(model)) on \(e(inputFile))</h1>
            <p class="meta">\(summary.rows.count) nodes, \(Self.grouped(summary.totalParameters)) parameters, \
            \(Self.grouped(summary.totalMACs)) MACs; \(layers.count) layers drawn below, from input to output.</p>

            """
        page += inputSection + summarySection
        page += "<section id=\"maps\"><h2>Feature maps, input to output</h2>\n"
        page += "<p class=\"meta\">Each tile is one channel, all of a layer's tiles on one colour scale (its colour bar; "
            + "viridis: dark purple low, yellow high), so channels compare; hatched grey tiles are all zero or constant.</p>\n"
        for (index, layer) in layers.enumerated() { page += layerSection(layer, index: index) }
        page += "</section>\n<script>\(Self.script)</script>\n</body></html>\n"
        return page
    }

    private var inputSection: String {
        let e = HTMLText.escaped
        let (w, h) = (input.width * inputScale, input.height * inputScale)
        var rectangles = "", notes = ""
        for (index, unit) in units.prefix(Self.boxColours.count).enumerated().reversed() {
            let (b, colour) = (unit.box, Self.boxColours[index])
            let visible = b.clippedBottom > b.clippedTop && b.clippedRight > b.clippedLeft
            if visible {
                // The chosen unit's box is drawn last, so its red line lies on top where lines
                // meet; the stroke keeps 2 screen pixels at any scale.
                rectangles += "<rect x=\"\(b.clippedLeft)\" y=\"\(b.clippedTop)\" width=\"\(b.clippedRight - b.clippedLeft)\" "
                    + "height=\"\(b.clippedBottom - b.clippedTop)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" vector-effect=\"non-scaling-stroke\"/>"
            }
            let partly = b.top < 0 || b.left < 0 || b.top + b.height > input.height || b.left + b.width > input.width
            let note = """
                <li><span class="swatch" style="border-color:\(colour)"></span>unit (y \(unit.y), x \(unit.x)) of \
                <a href="#\(anchor(unit.layer))">\(e(unit.layer))</a>: \(b.height)x\(b.width) pixels from row \(b.top), column \(b.left)\
                \(partly ? " (partly in the padding)" : ""); on the image rows \(b.clippedTop)…\(b.clippedBottom - 1), \
                columns \(b.clippedLeft)…\(b.clippedRight - 1)\(visible ? "" : " (none: the field lies in the padding)")</li>
                """
            notes = note + "\n" + notes
        }
        let overlay = rectangles.isEmpty ? "" : """
            <svg class="overlay" width="\(w)" height="\(h)" viewBox="0 0 \(input.width) \(input.height)" aria-label="receptive fields">\(rectangles)</svg>
            """
        return """
            <section id="input"><h2>Input, as the model sees it</h2>
            <div class="stack" style="width:\(w)px;height:\(h)px"><img src="\(e(input.file))" width="\(w)" height="\(h)" alt="model input">\(overlay)</div>
            <p class="meta">\(e(input.caption))</p>
            \(units.isEmpty ? "" : "<p>Receptive fields drawn on the input:</p><ul id=\"units\">\n\(notes)</ul>")
            </section>

            """
    }

    private var summarySection: String {
        let e = HTMLText.escaped
        let shown = Set(layers.map(\.row.name))
        var table = """
            <section id="summary"><h2>Summary</h2>
            <table><thead><tr><th>node</th><th>op</th><th>output shape</th><th>params</th><th>MACs</th>\
            <th>receptive field</th><th>jump</th><th>field start</th><th>algorithm</th></tr></thead><tbody>

            """
        for row in summary.rows {
            let name = shown.contains(row.name) ? "<a href=\"#\(anchor(row.name))\">\(e(row.name))</a>" : e(row.name)
            table += "<tr><td>\(name)</td><td>\(e(row.op))</td><td>\(e(row.outputShape.description))</td>"
                + "<td class=\"n\">\(Self.grouped(row.parameters))</td><td class=\"n\">\(Self.grouped(row.macs))</td>"
                + "<td>\(Self.field(row))</td><td>\(row.isGlobal ? "" : "\(row.jump.height)x\(row.jump.width)")</td>"
                + "<td>\(row.isGlobal ? "" : "\(row.receptiveFieldStart.height), \(row.receptiveFieldStart.width)")</td>"
                + "<td>\(e(row.algorithm ?? ""))</td></tr>\n"
        }
        table += "</tbody></table>\n<p class=\"meta\">Receptive field: input pixels one output unit depends on; jump: input pixels between "
            + "neighbouring units; field start: row, column where unit (0, 0)'s field begins (negative: in the padding). "
            + "Peak activation memory (planned): \(Self.grouped(summary.peakActivationBytes)) bytes.</p>\n</section>\n"
        return table
    }

    private func layerSection(_ layer: Layer, index: Int) -> String {
        let e = HTMLText.escaped
        let row = layer.row
        let channels = layer.statistics.count
        // All-zero channels by index: what a reader looks for (dead ReLU units); the figure
        // hatches them, this names them.
        let deadChannels = layer.statistics.indices.filter { layer.statistics[$0].zeroFraction == 1 }
        let dead = deadChannels.isEmpty ? "0" : "\(deadChannels.count) (channel\(deadChannels.count == 1 ? "" : "s") "
            + deadChannels.prefix(16).map(String.init).joined(separator: ", ") + (deadChannels.count > 16 ? ", …" : "") + ")"
        var section = """
            <section class="layer" id="\(anchor(row.name))">
            <h3>\(index + 1). \(e(row.name)) <span class="op">\(e(row.op))</span></h3>
            <p class="meta">output \(e(row.outputShape.description)) · receptive field \(Self.field(row))\
            \(row.isGlobal ? "" : " · jump \(row.jump.height)x\(row.jump.width) · field start \(row.receptiveFieldStart.height), \(row.receptiveFieldStart.width)")\
             · \(channels) channel\(channels == 1 ? "" : "s"), \(dead) all zero</p>
            <div class="figures">
            """
        for (kind, picture) in layer.pictures {
            // Figures are drawn at their own size (tiles of at least 48 px); wider ones are
            // shrunk to 640 CSS pixels so two fit side by side; the link opens the full size.
            let scale = picture.width > Self.gridWidth ? Double(Self.gridWidth) / Double(picture.width) : 1
            let (w, h) = (Int((Double(picture.width) * scale).rounded()), Int((Double(picture.height) * scale).rounded()))
            let full = scale < 1 ? " (shown at \(w)x\(h); click for \(picture.width)x\(picture.height))" : ""
            section += "<figure><a href=\"\(e(picture.file))\"><img src=\"\(e(picture.file))\" width=\"\(w)\" height=\"\(h)\" "
                + "alt=\"\(e(kind)) of \(e(row.name))\"></a><figcaption>\(e(picture.caption))\(full)</figcaption></figure>"
        }
        if layer.pictures.isEmpty {
            section += "<p class=\"meta\">One value per channel: the charts show them.</p>"
        }
        section += "</div>\n<div class=\"charts\">"
        section += StatisticsChart.svg(title: "mean per channel", values: layer.statistics.map(\.mean), colour: "#3b528b")
        section += StatisticsChart.svg(title: "max per channel", values: layer.statistics.map(\.maximum), colour: "#21918c")
        section += StatisticsChart.svg(title: "fraction of zeros per channel", values: layer.statistics.map(\.zeroFraction), colour: "#d1495b")
        section += "</div>\n</section>\n"
        return section
    }

    /// The element id of a layer's section: its position among the summary's rows, so any
    /// node name (spaces, quotes, `<`) gives a valid, unique id.
    func anchor(_ name: String) -> String {
        "layer-\(summary.rows.firstIndex { $0.name == name } ?? -1)"
    }

    static func field(_ row: GraphSummary.Row) -> String {
        row.isGlobal ? "whole input" : "\(row.receptiveField.height)x\(row.receptiveField.width)"
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, character) in digits.reversed().enumerated() {
            if index > 0 && index % 3 == 0 { result.append(",") }
            result.append(character)
        }
        return (value < 0 ? "-" : "") + String(result.reversed())
    }

    static let style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fff}\
        h1{font-size:22px}h2{font-size:18px;margin-top:28px}h3{font-size:15px;margin:18px 0 4px}\
        .meta{color:#555;margin:2px 0}.op{color:#3b528b;font-weight:normal}\
        img{image-rendering:pixelated;border:1px solid #ccc;display:block}\
        .stack{position:relative}.stack img,.stack .overlay{position:absolute;left:0;top:0}\
        table{border-collapse:collapse;font-size:12px}td,th{padding:1px 8px;text-align:left;border-bottom:1px solid #eee}\
        td.n{text-align:right}.figures{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}\
        figure{margin:4px 0}figcaption{font-size:12px;color:#555;max-width:480px}\
        .charts{display:flex;flex-wrap:wrap;gap:12px}.chart text{font-size:10px;fill:#333}\
        .layer{border-top:1px solid #ddd;padding-top:4px}\
        .swatch{display:inline-block;width:10px;height:10px;border:2px solid;margin-right:6px;background:#666}
        """

    static let script = """
        window.addEventListener('load', function () {
          var images = Array.prototype.slice.call(document.images);
          var broken = images.filter(function (i) { return !i.complete || i.naturalWidth === 0; });
          document.body.setAttribute('data-images', String(images.length));
          if (broken.length) document.body.setAttribute('data-broken', broken.map(function (i) { return i.getAttribute('src'); }).join(' '));
          document.body.setAttribute('data-ready', broken.length === 0 ? 'all-images-loaded' : 'broken-images');
        });
        """
}
