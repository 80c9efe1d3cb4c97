import Foundation
@testable import Strata
import StrataDiagnostics
import Testing

/// LSTM and GRU: the kernel against the Double reference over directions, layouts,
/// states, sequence lengths, activations, clip and the GRU reset placement.
@Suite struct RecurrentTests {
    /// A few configurations with their input shapes: X, then initial states.
    static func sampleConfigurations(using rng: inout SeededGenerator) throws -> [(RecurrentConfiguration, [[Int]])] {
        func weights(_ count: Int) -> [Float] { (0..<count).map { _ in rng.nextUniform(-0.6, 0.6) } }
        let lstm = try RecurrentConfiguration(
            cell: .lstm, hiddenSize: 3, inputSize: 4, direction: .bidirectional,
            weight: weights(2 * 12 * 4), recurrence: weights(2 * 12 * 3), bias: weights(2 * 24), peepholes: weights(2 * 9),
            sequenceLengths: [5, 2], hasInitialHidden: true, hasInitialCell: true)
        let gru = try RecurrentConfiguration(
            cell: .gru, hiddenSize: 3, inputSize: 2, direction: .reverse, linearBeforeReset: false, layout: 1,
            weight: weights(9 * 2), recurrence: weights(9 * 3), bias: weights(18))
        return [(lstm, [[5, 2, 4], [2, 2, 3], [2, 2, 3]]), (gru, [[2, 4, 2]])]
    }

    @Test func randomConfigurationsMatchTheReference() throws {
        let seed: UInt64 = 707
        var rng = SeededGenerator(seed: seed)
        func pick(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
        func weights(_ count: Int) -> [Float] { (0..<count).map { _ in rng.nextUniform(-0.7, 0.7) } }
        for trial in 0..<60 {
            let cell: RecurrentConfiguration.Cell = trial % 2 == 0 ? .lstm : .gru
            let direction = [RecurrentConfiguration.Direction.forward, .reverse, .bidirectional][pick(0...2)]
            let (hidden, input, sequence, batch) = (pick(1...5), pick(1...5), pick(1...6), pick(1...3))
            let (dirs, gates) = (direction == .bidirectional ? 2 : 1, cell == .lstm ? 4 : 3)
            let layout = pick(0...1)
            let lengths: [Int]? = pick(0...1) == 0 ? nil : (0..<batch).map { _ in pick(0...sequence) }
            let initial = pick(0...1) == 1
            let activations: [RecurrentActivation]? = pick(0...2) == 0
                ? Array(repeating: cell == .lstm ? [.hardSigmoid(alpha: 0.3, beta: 0.4), .tanh, .softsign] : [.sigmoid, .relu], count: dirs).flatMap { $0 }
                : nil
            let configuration = try RecurrentConfiguration(
                cell: cell, hiddenSize: hidden, inputSize: input, direction: direction, activations: activations,
                clip: pick(0...2) == 0 ? 0.8 : nil, inputForget: cell == .lstm && pick(0...3) == 0,
                linearBeforeReset: cell == .gru && pick(0...1) == 0, layout: layout,
                weight: weights(dirs * gates * hidden * input), recurrence: weights(dirs * gates * hidden * hidden),
                bias: pick(0...1) == 0 ? weights(dirs * 2 * gates * hidden) : nil,
                peepholes: cell == .lstm && pick(0...1) == 0 ? weights(dirs * 3 * hidden) : nil,
                sequenceLengths: lengths, hasInitialHidden: initial, hasInitialCell: initial && cell == .lstm)
            let x = layout == 0 ? [sequence, batch, input] : [batch, sequence, input]
            let state = layout == 0 ? [dirs, batch, hidden] : [batch, dirs, hidden]
            var inputs = [try Tensor.uniform(x, low: -1, high: 1, using: &rng)]
            if initial { inputs.append(try Tensor.uniform(state, low: -1, high: 1, using: &rng)) }
            if initial && cell == .lstm { inputs.append(try Tensor.uniform(state, low: -1, high: 1, using: &rng)) }
            let op = RecurrentOp(configuration)
            let expected = try referenceOutput(of: op, inputs: inputs)
            let b = try GraphBuilder(inputName: "x", inputShape: x)
            var handles = [b.input]
            for (index, tensor) in inputs.enumerated().dropFirst() { handles.append(try b.addInput(name: "s\(index)", shape: tensor.shape.dimensions)) }
            let node = try b.add(op, handles, name: "rnn")
            let graph = try b.build(outputs: [node])
            let named = Dictionary(uniqueKeysWithValues: zip(graph.inputNames, inputs))
            let label = "seed \(seed) trial \(trial): \(cell) \(direction) H\(hidden) I\(input) seq \(sequence) batch \(batch) layout \(layout) lengths \(String(describing: lengths))"
            for workers in [1, 2] {
                let actual = try graph.compiled(workers: workers).run(named)["rnn"]!
                let comparison = try actual.compared(with: expected)
                #expect(comparison.relativeError <= 1e-5, "\(label) workers \(workers): \(comparison)")
            }
        }
    }

    /// Hand-computed: a forward LSTM with one hidden unit, all weights 0 but the candidate
    /// path (W_c = 1), zero biases: i = f = o = σ(0) = ½, c₁ = ½·tanh(x₁), h₁ = ½·tanh(c₁).
    @Test func oneUnitByHand() throws {
        let configuration = try RecurrentConfiguration(
            cell: .lstm, hiddenSize: 1, inputSize: 1, weight: [0, 0, 0, 1], recurrence: [0, 0, 0, 0])
        let x = try Tensor(shape: [2, 1, 1], values: [0.8, -0.4])
        let packed = try GraphRunnerHarness.run(RecurrentOp(configuration), x, workers: 1).scalars
        let c1 = 0.5 * tanh(0.8), h1 = 0.5 * tanh(c1)
        let c2 = 0.5 * c1 + 0.5 * tanh(-0.4), h2 = 0.5 * tanh(c2)
        let expected: [Double] = [h1, h2, h2, c2]   // Y (2 steps), Y_h, Y_c
        #expect(zip(packed, expected).allSatisfy { abs(Double($0) - $1) < 1e-6 }, "\(packed) vs \(expected)")
    }

    @Test func badSizesAreErrors() {
        #expect(throws: StrataError.self) {
            try RecurrentConfiguration(cell: .gru, hiddenSize: 2, inputSize: 3, weight: [1], recurrence: [])
        }
        #expect(throws: StrataError.self) {
            try RecurrentConfiguration(cell: .lstm, hiddenSize: 1, inputSize: 1, weight: [0, 0, 0, 1], recurrence: [0, 0, 0, 0],
                                       sequenceLengths: [-1])
        }
    }
}
