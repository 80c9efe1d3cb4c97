import Strata

/// The pictures of a report: the input as the model sees it and the feature maps of a
/// layer. The one place the report chooses how a map is drawn, so a better renderer
/// replaces it here only.
public enum ReportFigures {
    /// One picture of a layer's map, with the file-name suffix and caption it goes by.
    public struct Figure: Sendable {
        /// `"grid"` or `"pca"`.
        public let kind: String
        /// The figure, drawn at its own size (``FeatureMapFigure``); the page only shrinks it.
        public let image: Image
        /// What the picture shows and how its colours are scaled.
        public let caption: String
    }

    /// The figures of `map` (batch item 0 of `[N, C, H, W]` or `[N, C]`): the titled channel
    /// grid on one colour scale for the layer (``FeatureMapFigure/render(_:caption:input:options:)``;
    /// a bar chart for one value per channel) and, for planes of more than one pixel with at
    /// least three channels, the first three principal components as RGB over the input
    /// (``FeatureMapFigure/pca(_:caption:input:)``).
    /// - Parameters:
    ///   - map: the layer's output, `[N, C, H, W]` or `[N, C]`; only item 0 is drawn.
    ///   - caption: the figures' title (model, layer, op, shape, receptive field).
    ///   - input: the input picture drawn beside the tiles and under the components.
    /// - Throws: `StrataError.invalidShape(_:)` for another shape or an empty axis;
    ///   `StrataError.invalidArgument(_:)` for a figure past ``FeatureMapFigure/Options/maximumPixels``.
    public static func featureMaps(_ map: Tensor, caption: FeatureMapCaption, input: Image?) throws -> [Figure] {
        let first = try batchItemZero(map)
        let d = first.shape.dimensions
        var figures = [Figure(kind: "grid", image: try FeatureMapFigure.render(first, caption: caption, input: input),
                              caption: "every channel on one colour scale for the layer (viridis); hatched grey: all zero or constant")]
        if d.count == 4, d[2] * d[3] > 1, d[1] >= 3 {
            figures.append(Figure(kind: "pca", image: try FeatureMapFigure.pca(first, caption: caption, input: input),
                                  caption: "first three principal components of the channels as RGB, alone and blended over the input"))
        }
        return figures
    }

    /// Batch item 0 of `input` (`[N, C, H, W]`) as an 8-bit picture: RGB for 3 channels,
    /// gray for 1, the first channel in gray otherwise. Values in 0...1 map to 0...255;
    /// any other range (a normalized input) is stretched from its min...max, and the
    /// caption says so.
    /// - Throws: `StrataError.invalidShape(_:)` unless `input` is `[N, C, H, W]` with no
    ///   empty axis.
    public static func input(_ input: Tensor) throws -> (image: Image, caption: String) {
        let d = input.shape.dimensions
        guard d.count == 4, d.allSatisfy({ $0 >= 1 }) else {
            throw StrataError.invalidShape("model input of shape \(input.shape); the report shows [N, C, H, W] inputs")
        }
        let (c, h, w) = (d[1], d[2], d[3])
        let shown = c == 3 ? 3 : 1
        let values = Array(input.scalars.prefix(shown * h * w)).map { $0.isFinite ? $0 : 0 }
        let (low, high) = (values.min()!, values.max()!)
        let unitRange = low >= 0 && high <= 1
        let (offset, scale): (Float, Float) = unitRange ? (0, 255) : (low, high > low ? 255 / (high - low) : 0)
        var pixels = [UInt8](repeating: 0, count: h * w * shown)
        for channel in 0..<shown {
            for i in 0..<(h * w) {
                let level = (values[channel * h * w + i] - offset) * scale
                pixels[i * shown + channel] = UInt8(max(0, min(255, level.rounded())))
            }
        }
        let channels = c == 3 ? "RGB" : (c == 1 ? "gray" : "channel 0 of \(c), gray")
        let range = unitRange ? "values 0…1 shown as 0…255"
            : "values \(StatisticsChart.number(low))…\(StatisticsChart.number(high)) stretched to 0…255"
        return (try Image(width: w, height: h, channels: shown, pixels: pixels), "\(w)x\(h), \(channels), \(range)")
    }

    /// Batch item 0 of `map`: `[N, C, H, W]` → `[1, C, H, W]`, `[N, C]` → `[1, C]`.
    /// - Throws: `StrataError.invalidShape(_:)` for another rank or an empty axis.
    public static func batchItemZero(_ map: Tensor) throws -> Tensor {
        let d = map.shape.dimensions
        guard d.count == 4 || d.count == 2, d.allSatisfy({ $0 >= 1 }) else {
            throw StrataError.invalidShape("feature map of shape \(map.shape); expected [N, C, H, W] or [N, C] with no empty axis")
        }
        guard d[0] > 1 else { return map }
        return try Tensor(shape: [1] + d.dropFirst(), values: Array(map.scalars.prefix(map.elementCount / d[0])))
    }
}
