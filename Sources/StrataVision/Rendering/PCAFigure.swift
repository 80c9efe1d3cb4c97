import Strata

extension FeatureMapFigure {
    /// The most channels ``pca(_:caption:input:)`` accepts: its `[C, C]` covariance then
    /// takes at most 64 MB.
    public static let maximumPCAChannels = 4096

    /// The first three principal components of a `[1, C, H, W]` map's channels
    /// (`ChannelPCA`) as red, green and blue (each scaled from its 1st to its 99th
    /// percentile, so at most about 1 % of pixels saturate at either end; a component with
    /// less than ``negligibleVariance`` of the first's variance is drawn as 0 and named in
    /// the title, as is a layer with fewer than 3 channels or no variance at all),
    /// upscaled nearest-neighbour to the input's size and shown three ways side by side:
    /// the input, the components, and the components blended over the input (60 % / 40 %),
    /// so regions the layer treats alike share a colour that can be placed on the picture.
    /// Panels are enlarged by a whole factor to at least 224 px, or shrunk to 448 px.
    /// - Parameters:
    ///   - map: the layer's output for one image, `[1, C, H, W]`.
    ///   - caption: the title's model, layer, op, shape and receptive field.
    ///   - input: the picture the model saw (``Image/init(showing:)``); nil draws the
    ///     components alone, at the map's size.
    /// - Throws: `StrataError.invalidShape(_:)` unless the map is `[1, C, H, W]` with
    ///   H * W > 1; `StrataError.invalidArgument(_:)` for more than
    ///   ``maximumPCAChannels`` channels or NaN or infinite values; the errors of
    ///   `ChannelPCA.project(_:components:)`.
    public static func pca(_ map: Tensor, caption: FeatureMapCaption, input: Image? = nil) throws -> Image {
        let (c, h, w) = try channelsHeightWidth(map)
        guard h * w > 1 else {
            throw StrataError.invalidShape(
                "feature map of shape \(map.shape) has one value per channel; principal components need a map [1, C, H, W] with H x W > 1")
        }
        guard c <= maximumPCAChannels else {
            throw StrataError.invalidArgument(
                "principal components of \(c) channels; expected at most \(maximumPCAChannels) (the covariance is C x C)")
        }
        let nonFinite = map.scalars.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        guard nonFinite == 0 else {
            throw StrataError.invalidArgument(
                "feature map of shape \(map.shape) holds \(nonFinite) NaN or infinite values; principal components need "
                + "finite values (draw it without --pca to see where they are)")
        }
        // Principal directions do not change with the map's scale; values near Float's
        // limit (3e38) are brought to 1 first, or the covariance would overflow.
        let largest = map.scalars.reduce(Float(0)) { max($0, abs($1)) }
        let scaled = largest > 1e15 ? try Tensor(shape: map.shape.dimensions, values: map.scalars.map { $0 / largest }) : map
        let projected = try ChannelPCA.project(scaled, components: 3).scalars
        let weak = weakComponents(projected, plane: h * w)
        var colors = [UInt8](repeating: 0, count: h * w * 3)
        for component in 0..<3 where !weak.contains(component + 1) {
            let plane = projected[(component * h * w)..<((component + 1) * h * w)]
            // Scaled from the 1st to the 99th percentile (nearest rank): the few extreme
            // pixels a padded border produces would otherwise leave the rest washed out.
            let sorted = plane.sorted(), last = Double(sorted.count - 1)
            let (low, high) = (sorted[Int((last * 0.01).rounded(.down))], sorted[Int((last * 0.99).rounded(.up))])
            guard high > low else { continue }
            for i in 0..<(h * w) {
                colors[i * 3 + component] = UInt8(max(0, min(255, ((plane[plane.startIndex + i] - low) * 255 / (high - low)).rounded())))
            }
        }
        let components = try Image(width: w, height: h, channels: 3, pixels: colors)

        let (sourceWidth, sourceHeight) = input.map { ($0.width, $0.height) } ?? (w, h)
        let side = max(sourceWidth, sourceHeight)
        let (panelWidth, panelHeight) = side < 224
            ? (sourceWidth * ((223 + side) / side), sourceHeight * ((223 + side) / side))
            : side > 448 ? (max(1, sourceWidth * 448 / side), max(1, sourceHeight * 448 / side)) : (sourceWidth, sourceHeight)
        let upscaled = AreaResample.rgb(components, newWidth: panelWidth, newHeight: panelHeight)
        let panelName = c == 1 ? "component 1 as R" : c == 2 ? "components 1, 2 as R, G" : "components 1, 2, 3 as R, G, B"
        var panels: [(String, [UInt8])] = []
        if let input {
            let picture = AreaResample.rgb(input, newWidth: panelWidth, newHeight: panelHeight)
            let blend = zip(upscaled, picture).map { UInt8((0.6 * Float($0) + 0.4 * Float($1)).rounded()) }
            panels = [("input", picture), (panelName, upscaled), ("over the input", blend)]
        } else {
            panels = [(panelName, upscaled)]
        }

        let layout = FeatureMapLayout.self
        let width = max(layout.minimumWidth, 2 * layout.margin + panels.count * (panelWidth + 2 * layout.gap) - 2 * layout.gap)
        let height = layout.titleHeight + layout.labelHeight + panelHeight + layout.margin
        let canvas = try Canvas(width: width, height: height)
        var what = c < 3
            ? "the layer has only \(c) channel\(c == 1 ? "" : "s"): \(c) principal component\(c == 1 ? "" : "s") as "
                + (c == 1 ? "red" : "red, green")
            : "first 3 principal components of the \(c) channels as red, green, blue"
        what += ", upscaled from \(w)x\(h)"
        // The warning first, so a narrow figure's "…" never cuts it.
        if weak.count == 3 {
            what = "no variance: the channels are constant over the map, nothing to show (drawn as 0) · " + what
        } else if let listed = weak.filter({ $0 <= c }).nonEmpty {
            what = "component \(listed.map(String.init).joined(separator: ", ")): no variance (drawn as 0) · " + what
        }
        FigureTitle.draw(on: canvas, headline: caption.headline + " · principal components", lines: [caption.shapeLine, what])
        for (index, panel) in panels.enumerated() {
            let x = layout.margin + index * (panelWidth + 2 * layout.gap), y = layout.titleHeight + layout.labelHeight
            canvas.blit(panel.1, columns: panelWidth, rows: panelHeight, x: x, y: y)
            canvas.text(canvas.fitted(panel.0, width: Double(panelWidth), size: 11), x: Double(x) + Double(panelWidth) / 2,
                        y: Double(y - 3), size: 11, alignment: .center)
        }
        return try canvas.image()
    }

    /// The components (1-based) of `projected` (`[3, plane]`) whose variance is below
    /// ``negligibleVariance`` of the first's: rounding noise, which stretched to 0...255
    /// would invent structure. All three when the first has none (a constant layer).
    static func weakComponents(_ projected: [Float], plane: Int) -> [Int] {
        let variances = (0..<3).map { component -> Double in
            let values = projected[(component * plane)..<((component + 1) * plane)].map(Double.init)
            let mean = values.reduce(0, +) / Double(plane)
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(plane)
        }
        guard variances[0] > 0 else { return [1, 2, 3] }
        return (1..<3).filter { variances[$0] < negligibleVariance * variances[0] }.map { $0 + 1 }
    }

    /// A component with less than this fraction of the first component's variance is
    /// drawn as 0 and named in the title ("no variance").
    public static let negligibleVariance = 1e-3
}

extension Array {
    /// Self, or nil when empty.
    fileprivate var nonEmpty: Self? { isEmpty ? nil : self }
}
