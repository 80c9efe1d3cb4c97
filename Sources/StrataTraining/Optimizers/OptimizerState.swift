import Strata

/// The state tensors of an optimizer: for every state name (`momentum_buffer`, `exp_avg`)
/// one zero-filled float32 buffer per parameter, allocated once at creation so that
/// `step` allocates nothing. Raw buffers rather than `Tensor`s: a `Tensor` handed out by
/// ``tensors()`` would share storage with the state and make the next in-place update
/// copy (allocate) under copy-on-write.
final class OptimizerState {
    /// The parameters, in the order `step` receives them.
    let parameters: [(name: String, shape: Shape)]
    /// PyTorch's state names, such as `exp_avg`.
    let stateNames: [String]
    /// `buffers[state][parameter]`, `parameters[parameter].shape.elementCount` floats each.
    let buffers: [[UnsafeMutablePointer<Float>]]

    /// - Throws: `StrataError.invalidArgument` for an empty or repeated parameter name
    ///   (state keys are built from names, so they must be unique).
    init(parameters: [(name: String, shape: Shape)], stateNames: [String]) throws {
        var seen = Set<String>()
        for parameter in parameters {
            guard !parameter.name.isEmpty else {
                throw StrataError.invalidArgument("optimizer parameter names must not be empty (shape \(parameter.shape))")
            }
            guard seen.insert(parameter.name).inserted else {
                throw StrataError.invalidArgument("optimizer parameter '\(parameter.name)' is listed twice; names must be unique")
            }
        }
        self.parameters = parameters
        self.stateNames = stateNames
        buffers = stateNames.map { _ in
            parameters.map { parameter in
                let count = parameter.shape.elementCount
                let buffer = UnsafeMutablePointer<Float>.allocate(capacity: count)
                buffer.initialize(repeating: 0, count: count)
                return buffer
            }
        }
    }

    deinit {
        for perState in buffers { for buffer in perState { buffer.deallocate() } }
    }

    /// `"<parameter>.<state>"`, as in a checkpoint.
    func key(state: Int, parameter: Int) -> String { "\(parameters[parameter].name).\(stateNames[state])" }

    /// Copies of every state buffer, keyed ``key(state:parameter:)``.
    func tensors() -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for state in stateNames.indices {
            for (index, parameter) in parameters.enumerated() {
                var tensor = Tensor(shape: parameter.shape)
                let source = buffers[state][index]
                tensor.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: source, count: $0.count) }
                result[key(state: state, parameter: index)] = tensor
            }
        }
        return result
    }

    /// Checks `tensors` holds exactly the state keys with the parameters' shapes, then
    /// copies them in; nothing changes when it throws.
    /// - Throws: `StrataError.invalidArgument` listing every missing, mis-shaped and
    ///   unexpected key.
    func load(_ tensors: [String: Tensor], optimizer: String) throws {
        var problems: [String] = []
        var expected = Set<String>()
        for state in stateNames.indices {
            for (index, parameter) in parameters.enumerated() {
                let name = key(state: state, parameter: index)
                expected.insert(name)
                guard let tensor = tensors[name] else {
                    problems.append("missing '\(name)' (shape \(parameter.shape))")
                    continue
                }
                if tensor.shape != parameter.shape {
                    problems.append("'\(name)' has shape \(tensor.shape), expected \(parameter.shape)")
                }
            }
        }
        for name in tensors.keys.sorted() where !expected.contains(name) {
            problems.append("unexpected '\(name)'")
        }
        guard problems.isEmpty else {
            throw StrataError.invalidArgument("\(optimizer) state: " + problems.joined(separator: "; "))
        }
        for state in stateNames.indices {
            for index in parameters.indices {
                let destination = buffers[state][index]
                tensors[key(state: state, parameter: index)]!.withUnsafeBufferPointer {
                    destination.update(from: $0.baseAddress!, count: $0.count)
                }
            }
        }
    }

    /// `step`'s contract: the parameters it was created for, in order. A mismatch is a
    /// programming error of the training loop, not bad input.
    func checkMatches(_ given: [ParameterBuffer], optimizer: String) {
        precondition(given.count == parameters.count,
                     "\(optimizer).step: \(given.count) parameters, created for \(parameters.count)")
        for index in given.indices {
            precondition(given[index].name == parameters[index].name && given[index].shape == parameters[index].shape,
                         "\(optimizer).step: parameter \(index) is '\(given[index].name)' \(given[index].shape), "
                             + "expected '\(parameters[index].name)' \(parameters[index].shape)")
        }
    }
}

/// Checks a hyperparameter, throwing `StrataError.invalidArgument` with `message` when
/// `condition` fails.
func requireSetting(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw StrataError.invalidArgument(message()) }
}

/// Checks `stepCount` for `loadState`.
func checkedStepCount(_ stepCount: Int, optimizer: String) throws -> Int {
    try requireSetting(stepCount >= 0, "\(optimizer) state: step count \(stepCount) is negative")
    return stepCount
}
