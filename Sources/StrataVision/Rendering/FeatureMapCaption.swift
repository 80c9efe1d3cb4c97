import Strata

/// What a feature-map figure's title says about the layer: model, node, op, output shape
/// and receptive field (the columns of `GraphSummary`).
public struct FeatureMapCaption: Sendable, Equatable {
    /// The model's name or file, as the user gave it.
    public var model: String
    /// The node whose output is drawn.
    public var layer: String
    /// The node's op (`GraphSummary.Row.op`), e.g. `Conv`, `Relu`.
    public var op: String
    /// The node's output shape (the whole batch; figures draw item 0).
    public var outputShape: Shape
    /// The receptive field as text, e.g. `"99x99 px, jump 8"` (jump: the input distance
    /// between neighbouring outputs) or `"whole input"`; nil to leave it out.
    public var receptiveField: String?

    /// A caption from its parts, for maps that do not come from a `GraphSummary`.
    public init(model: String, layer: String, op: String, outputShape: Shape, receptiveField: String? = nil) {
        (self.model, self.layer, self.op, self.outputShape, self.receptiveField) = (model, layer, op, outputShape, receptiveField)
    }

    /// The caption of a summary row: its receptive field in input pixels and its jump (the
    /// input distance between neighbouring outputs), or "whole input" after a global op.
    public init(model: String, row: GraphSummary.Row) {
        self.init(model: model, layer: row.name, op: row.op, outputShape: row.outputShape,
                  receptiveField: row.isGlobal ? "whole input"
                      : "\(row.receptiveField.height)x\(row.receptiveField.width) px, jump "
                          + (row.jump.height == row.jump.width ? "\(row.jump.height)" : "\(row.jump.height)x\(row.jump.width)"))
    }

    /// "layer4.1.relu (Relu) · resnet18": the layer first, so a long model name cut with
    /// "…" never hides it; a model given as a path shows its file name only.
    var headline: String {
        let name = model.contains("/") ? String(model.split(separator: "/").last ?? Substring(model)) : model
        return "\(layer) (\(op)) · \(name)"
    }

    /// "output [1, 512, 7, 7] · receptive field 435x435 px, jump 32"; a batch of N says
    /// "(item 0 of N drawn)" after the shape.
    var shapeLine: String {
        let batch = outputShape.dimensions.first ?? 1
        return "output \(outputShape)" + (batch > 1 ? " (item 0 of \(batch) drawn)" : "")
            + (receptiveField.map { " · receptive field \($0)" } ?? "")
    }
}
