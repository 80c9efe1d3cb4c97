/// The training plan of ops whose output is their input's data unchanged (Flatten,
/// Identity/Reshape): the forward copies `count` floats (nothing when the training graph
/// aliased the output to the input), the backward adds the output gradient to the input's.
func passThroughTrainingPlan(count: Int) -> ClosureTrainingPlan {
    ClosureTrainingPlan(
        forward: { pass in
            guard UnsafePointer(pass.output) != pass.inputs[0] else { return }
            pass.output.update(from: pass.inputs[0], count: count)
        },
        backward: { pass in
            guard let dx = pass.inputGradients[0] else { return }
            addGradient(pass.outputGradient, into: dx, count: count)
        })
}

/// `dx[i] += dy[i]`, 8 lanes at a time.
func addGradient(_ dy: UnsafePointer<Float>, into dx: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i &+ 8 <= count {
        storeVector(loadVector(dx + i) + loadVector(dy + i), to: dx + i)
        i &+= 8
    }
    while i < count {
        dx[i] += dy[i]
        i += 1
    }
}
