import Strata

/// One learned tensor as an optimizer sees it: its value and its gradient, both owned by
/// the training graph (flat float32, `count` elements), and its PyTorch-style name
/// (`conv1.weight`, `layer1.0.bn1.bias`).
public struct ParameterBuffer {
    /// The `state_dict` key, such as `conv1.weight`.
    public let name: String
    /// The tensor's shape.
    public let shape: Shape
    /// The parameter, updated in place by ``Optimizer/step(_:learningRate:)``.
    public let value: UnsafeMutablePointer<Float>
    /// dLoss/dParameter of the last backward pass (read, never written, by optimizers).
    public let gradient: UnsafeMutablePointer<Float>
    /// Elements of ``value`` and ``gradient`` (``shape``'s element count).
    public var count: Int { shape.elementCount }

    /// A view of caller-owned buffers.
    public init(name: String, shape: Shape, value: UnsafeMutablePointer<Float>, gradient: UnsafeMutablePointer<Float>) {
        self.name = name
        self.shape = shape
        self.value = value
        self.gradient = gradient
    }
}

/// Updates parameters from their gradients, as `torch.optim` optimizers do.
///
/// An optimizer is created for a fixed list of parameters (names and shapes) and allocates
/// all of its state then; ``step(_:learningRate:)`` allocates nothing. Its state tensors use
/// PyTorch's names so a checkpoint reads like `optimizer.state_dict()`.
public protocol Optimizer: AnyObject {
    /// Short name for logs and checkpoints: `sgd`, `adam`, `adamw`.
    var name: String { get }
    /// Steps taken so far (restored by ``loadState(_:stepCount:)``).
    var stepCount: Int { get }
    /// Applies one update to every parameter, in the order given at creation; `parameters`
    /// must have the same names and shapes, in that order.
    func step(_ parameters: [ParameterBuffer], learningRate: Float)
    /// The state to checkpoint, keyed `"<parameter>.<state>"` (`conv1.weight.exp_avg`,
    /// `conv1.weight.momentum_buffer`); the step count is in ``stepCount``.
    func stateTensors() -> [String: Tensor]
    /// Restores ``stateTensors()`` and the step count.
    /// - Throws: `StrataError.invalidArgument` naming every missing, mis-shaped or unexpected
    ///   tensor, or a negative `stepCount`; the state is unchanged then.
    func loadState(_ tensors: [String: Tensor], stepCount: Int) throws
}
