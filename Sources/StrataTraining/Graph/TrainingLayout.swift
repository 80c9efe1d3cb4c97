import Strata

/// Every buffer of a ``TrainingGraph``, carved out of one allocation made at compile time:
/// per node its value, its gradient, what it saves for backward, and its parameters'
/// values and gradients; one scratch region shared by all nodes. Also the per-node pointer
/// tables handed to the plans, so building a `TrainingForward` allocates nothing.
///
/// No value buffer is reused for another node: a training step needs every activation
/// again in its backward pass (the arena of inference would have to keep them all anyway).
final class TrainingLayout {
    private let storage: UnsafeMutablePointer<Float>
    private let totalFloats: Int
    private var values: [UnsafeMutablePointer<Float>] = []
    private var gradients: [UnsafeMutablePointer<Float>?] = []
    private var saved: [UnsafeMutablePointer<Float>?] = []
    private var savedCapacity: [Int] = []
    private let workspace: UnsafeMutablePointer<Float>?
    private let workspaceCapacity: Int
    private let inputIndex: Int
    private let inputCapacity: Int
    /// Whether a node's gradient holds this step's sum yet (zeroed on first contribution).
    private var touched: [Bool]
    private var tables: [PointerTables?] = []
    private var parameterSlots: [[ParameterSlot]] = []

    /// A parameter or statistic of one node, as stored here.
    struct ParameterSlot {
        let name: String
        let shape: Shape
        let value: UnsafeMutablePointer<Float>
        let gradient: UnsafeMutablePointer<Float>?
    }

    /// The pointer arrays one node's plan reads, allocated once.
    private struct PointerTables {
        let inputs: UnsafeMutableBufferPointer<UnsafePointer<Float>>
        let inputGradients: UnsafeMutableBufferPointer<UnsafeMutablePointer<Float>?>
        let parameters: UnsafeMutableBufferPointer<UnsafeMutablePointer<Float>>
        let parameterGradients: UnsafeMutableBufferPointer<UnsafeMutablePointer<Float>?>
    }

    init(graph: Graph, plans: [TrainingNodePlan]) throws {
        let nodes = graph.nodes
        var total = 0
        var sizes: [(value: Int, gradient: Int, saved: Int)] = Array(repeating: (0, 0, 0), count: nodes.count)
        var workspaceFloats = 0
        for (index, node) in nodes.enumerated() {
            let count = node.outputShape.elementCount
            sizes[index].value = count
            sizes[index].gradient = node.isInput ? 0 : count
        }
        for plan in plans {
            sizes[plan.index].saved = plan.plan.savedCount
            workspaceFloats = max(workspaceFloats, plan.plan.workspaceCount)
        }
        for size in sizes { total += size.value + size.gradient + size.saved }
        for node in nodes {
            for parameter in node.op.parameters {
                total += parameter.value.elementCount * (node.op.statisticNames.contains(parameter.name) ? 1 : 2)
            }
        }
        total += workspaceFloats
        try MemoryLimit.check(floats: total, "the training buffers of '\(graph.outputNames[0])'s graph")
        totalFloats = total
        storage = .allocate(capacity: max(total, 1))
        storage.initialize(repeating: 0, count: max(total, 1))

        var cursor = storage
        func take(_ count: Int) -> UnsafeMutablePointer<Float> {
            defer { cursor += count }
            return cursor
        }
        for (index, node) in nodes.enumerated() {
            values.append(take(sizes[index].value))
            gradients.append(sizes[index].gradient > 0 ? take(sizes[index].gradient) : nil)
            saved.append(sizes[index].saved > 0 ? take(sizes[index].saved) : nil)
            savedCapacity.append(sizes[index].saved)
            let statistics = node.op.statisticNames
            parameterSlots.append(node.op.parameters.map { parameter in
                let value = take(parameter.value.elementCount)
                parameter.value.withUnsafeBufferPointer { value.update(from: $0.baseAddress!, count: $0.count) }
                let gradient = statistics.contains(parameter.name) ? nil : take(parameter.value.elementCount)
                return ParameterSlot(name: "\(node.name).\(parameter.name)", shape: parameter.value.shape, value: value, gradient: gradient)
            })
        }
        workspaceCapacity = workspaceFloats
        workspace = workspaceFloats > 0 ? take(workspaceFloats) : nil
        inputIndex = graph.inputs[0]
        inputCapacity = sizes[inputIndex].value
        touched = Array(repeating: false, count: nodes.count)
        tables = nodes.indices.map { index in nodes[index].isInput ? nil : makeTables(node: index, inputs: nodes[index].inputs) }
    }

    deinit {
        for case let table? in tables {
            table.inputs.deallocate()
            table.inputGradients.deallocate()
            table.parameters.deallocate()
            table.parameterGradients.deallocate()
        }
        storage.deallocate()
    }

    /// The learned parameters as optimizer views, in graph order.
    func parameterBuffers(graph: Graph) -> [ParameterBuffer] {
        parameterSlots.flatMap { $0 }.compactMap { slot in
            slot.gradient.map { ParameterBuffer(name: slot.name, shape: slot.shape, value: slot.value, gradient: $0) }
        }
    }

    /// Every parameter and statistic, in graph order.
    var allParameters: [ParameterSlot] { parameterSlots.flatMap { $0 } }

    func value(_ node: Int) -> UnsafeMutablePointer<Float> { values[node] }
    func gradient(_ node: Int) -> UnsafeMutablePointer<Float>? { gradients[node] }

    /// Copies a batch into the input node's buffer (checked by the caller to fit).
    func bindInput(_ images: Tensor) {
        images.withUnsafeBufferPointer { values[inputIndex].update(from: $0.baseAddress!, count: min($0.count, inputCapacity)) }
    }

    /// Throws unless a smaller batch's plans fit the buffers sized for the full batch.
    func checkFits(_ plans: [TrainingNodePlan], batch: Int) throws {
        for plan in plans where plan.plan.savedCount > savedCapacity[plan.index] || plan.plan.workspaceCount > workspaceCapacity {
            throw StrataError.invalidArgument(
                "node \(plan.index)'s plan for batch \(batch) needs more memory than for the full batch; train with a batch size that divides the dataset")
        }
    }

    func forward(_ node: TrainingNodePlan, mode: TrainingMode, randomSeed: UInt64) {
        let table = pointerTables(node)
        node.plan.forward(TrainingForward(
            inputs: UnsafeBufferPointer(table.inputs), output: values[node.index],
            parameters: UnsafeBufferPointer(table.parameters), saved: saved[node.index],
            workspace: workspace, mode: mode, randomSeed: randomSeed))
    }

    /// Starts a backward pass: only the loss's gradient (the output's) holds values.
    func beginBackward() {
        for i in touched.indices { touched[i] = false }
    }

    func markTouched(_ node: Int) { touched[node] = true }

    /// Runs one node's backward pass, first zeroing each input gradient it is the first to
    /// add to (lazily, so the memory is hot when the kernel accumulates into it).
    func backward(_ node: TrainingNodePlan, context: ExecutionContext) {
        guard let outputGradient = gradients[node.index] else { return }
        if !touched[node.index] {
            Self.zero(outputGradient, count: node.outputCount, context: context)
            touched[node.index] = true
        }
        let table = pointerTables(node)
        for (slot, input) in node.inputs.enumerated() {
            guard let gradient = gradients[input] else { continue }
            if !touched[input] {
                Self.zero(gradient, count: node.inputCounts[slot], context: context)
                touched[input] = true
            }
        }
        node.plan.backward(TrainingBackward(
            inputs: UnsafeBufferPointer(table.inputs), output: values[node.index], outputGradient: outputGradient,
            inputGradients: UnsafeBufferPointer(table.inputGradients), parameters: UnsafeBufferPointer(table.parameters),
            parameterGradients: UnsafeBufferPointer(table.parameterGradients), saved: saved[node.index], workspace: workspace))
    }

    /// Zeroes `count` floats, split over the context's threads when there are many (a
    /// single thread zeroing while the others wait cost a tenth of a 2-thread step).
    private static func zero(_ buffer: UnsafeMutablePointer<Float>, count: Int, context: ExecutionContext) {
        let shares = min(context.threads, max(1, count / (1 << 16)))
        guard shares > 1 else { return buffer.update(repeating: 0, count: count) }
        context.concurrentPerform(shares) { share in
            let (start, end) = (count * share / shares, count * (share + 1) / shares)
            (buffer + start).update(repeating: 0, count: end - start)
        }
    }

    private func pointerTables(_ node: TrainingNodePlan) -> PointerTables { tables[node.index]! }

    private func makeTables(node: Int, inputs: [Int]) -> PointerTables {
        let slots = parameterSlots[node]
        let table = PointerTables(
            inputs: .allocate(capacity: inputs.count), inputGradients: .allocate(capacity: inputs.count),
            parameters: .allocate(capacity: slots.count), parameterGradients: .allocate(capacity: slots.count))
        for (slot, input) in inputs.enumerated() {
            table.inputs[slot] = UnsafePointer(values[input])
            table.inputGradients[slot] = gradients[input]
        }
        for (i, slot) in slots.enumerated() {
            table.parameters[i] = slot.value
            table.parameterGradients[i] = slot.gradient
        }
        return table
    }
}
