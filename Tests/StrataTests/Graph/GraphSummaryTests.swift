import Strata
import Testing

@Suite struct GraphSummaryTests {
    /// ResNet-18's stem, worked by hand: conv1 7x7/2 sees 7 pixels, jump 2; maxpool 3x3/2
    /// adds (3−1)·2 = 4 → 11, jump 4; layer1.0.conv1 3x3/1 adds (3−1)·4 = 8 → 19, jump 4;
    /// layer1.0.conv2 → 27. MACs of conv1: 64·112·112 outputs · 3·7·7 = 118,013,952.
    @Test func resnet18ReceptiveFieldsAndMACs() throws {
        let summary = try ResNet.resnet18().summary()
        func row(_ name: String) throws -> GraphSummary.Row { try #require(summary.rows.first { $0.name == name }) }
        #expect(try row("conv1").receptiveField == Size2D(7, 7) && row("conv1").jump == Size2D(2, 2))
        #expect(try row("maxpool").receptiveField == Size2D(11, 11) && row("maxpool").jump == Size2D(4, 4))
        #expect(try row("layer1.0.conv1").receptiveField == Size2D(19, 19))
        #expect(try row("layer1.0.conv2").receptiveField == Size2D(27, 27))
        #expect(try row("conv1").macs == 118_013_952)
        #expect(try row("avgpool").isGlobal)
        #expect(summary.totalParameters == 11_689_512)
        // torchvision's ResNet-18 is quoted at 1.82 GMACs (conv + fc; BN adds a little).
        #expect((1_810_000_000...1_830_000_000).contains(summary.totalMACs), "\(summary.totalMACs)")
        #expect(summary.peakActivationBytes > 3 * 224 * 224 * 4)
        let text = summary.description
        #expect(text.contains("layer4.1.conv2") && text.contains("total parameters: 11,689,512"))
    }

    /// Convolution rows name the algorithm their plan runs; other rows name none. The 7x7
    /// stride-2 stem can only run im2col, MobileNetV2's depthwise convolutions only the
    /// direct kernel, and each 3x3 row shows what planning that layer chooses.
    @Test func convolutionRowsShowTheirAlgorithm() throws {
        let resnet = try ResNet.resnet18().summary(workers: 2)
        func row(_ summary: GraphSummary, _ name: String) throws -> GraphSummary.Row { try #require(summary.rows.first { $0.name == name }) }
        #expect(try row(resnet, "conv1").algorithm == "im2colGemm")
        #expect(try row(resnet, "maxpool").algorithm == nil && row(resnet, "fc").algorithm == nil)
        let plan = try Conv2dPlan(configuration: Conv2dConfiguration(inChannels: 64, outChannels: 64, kernel: 3, padding: .symmetric(1)),
                                  inputShape: [1, 64, 56, 56], workers: 2)
        #expect(try row(resnet, "layer1.0.conv1").algorithm == plan.algorithm.rawValue)
        #expect(resnet.description.contains("algorithm") && resnet.description.contains("im2colGemm"))

        let mobilenet = try MobileNetV2.make(inputSize: 64, classes: 10, batch: 1, seed: 1).summary(workers: 2)
        #expect(mobilenet.rows.contains { $0.algorithm == "depthwiseDirect" })
    }

    /// Where each field begins, by hand from `first_out = first_in − pad_begin·jump_in`
    /// (the centre recurrence `c_out = c_in + ((k − 1)/2 − pad_begin)·jump_in` gives the
    /// same: centre = first + (field − 1)/2). ResNet-18's stem: conv1 7x7/2 pad 3 → −3;
    /// maxpool 3x3/2 pad 1 → −3 − 1·2 = −5; layer1.0.conv1 pad 1 at jump 4 → −9; conv2 → −13.
    /// Every one of these fields is centred on pixel 0: −3 + 3, −5 + 5, −9 + 9, −13 + 13.
    @Test func receptiveFieldStartsOfResNet18() throws {
        let summary = try ResNet.resnet18().summary()
        func start(_ name: String) throws -> Size2D { try #require(summary.rows.first { $0.name == name }).receptiveFieldStart }
        #expect(try start("conv1") == Size2D(-3, -3))
        #expect(try start("maxpool") == Size2D(-5, -5))
        #expect(try start("layer1.0.conv1") == Size2D(-9, -9))
        #expect(try start("layer1.0.conv2") == Size2D(-13, -13))
        #expect(try start("layer1.0.relu") == Size2D(-13, -13))
    }

    /// A conv/pool stack with stride, dilation, asymmetric SAME padding and a Pad, worked by
    /// hand (field, jump, first pixel):
    ///   c1 3x3 pad 1            3,  1,  0 − 1·1 = −1
    ///   p1 avg 2x2/2            4,  2,  −1
    ///   c2 3x3/2 pad 1          8,  4,  −1 − 1·2 = −3
    ///   c3 3x3 dil 2 pad 2      24, 4,  −3 − 2·4 = −11
    ///   c4 2x2 SAME_LOWER       28, 4,  −11 − 1·4 = −15 (the odd padding row goes first)
    ///   pad (t1, l2, b0, r0)    28, 4,  rows −15 − 4 = −19, columns −15 − 8 = −23
    static func stack(size: Int = 20) throws -> Graph {
        let b = try GraphBuilder(inputShape: [1, 1, size, size], seed: 1)
        // All-ones weights, no bias: every input pixel in the field moves the output up, so
        // an impulse shows exactly which pixels a unit depends on.
        func conv(_ x: NodeID, kernel: Size2D, stride: Size2D = 1, padding: Padding, dilation: Size2D = 1, _ name: String) throws -> NodeID {
            let configuration = Conv2dConfiguration(inChannels: 1, outChannels: 1, kernel: kernel, stride: stride,
                                                    padding: padding, dilation: dilation)
            let weight = try Tensor(shape: configuration.weightDimensions, repeating: 1)
            return try b.add(ConvOp(configuration, weight: weight, bias: nil), [x], name: name)
        }
        var x = try conv(b.input, kernel: 3, padding: .symmetric(1), "c1")
        x = try b.avgPool(x, kernel: 2, name: "p1")
        x = try conv(x, kernel: 3, stride: 2, padding: .symmetric(1), "c2")
        x = try conv(x, kernel: 3, padding: .symmetric(2), dilation: 2, "c3")
        x = try conv(x, kernel: 2, padding: .sameLower, "c4")
        x = try b.add(PadOp(Padding2D(top: 1, left: 2, bottom: 0, right: 0)), [x], name: "pad")
        return try b.build(outputs: [x])
    }

    @Test func receptiveFieldStartsOfAConvPoolStack() throws {
        let summary = try Self.stack().summary()
        let expected: [(String, field: Int, jump: Int, start: Size2D)] = [
            ("c1", 3, 1, Size2D(-1, -1)), ("p1", 4, 2, Size2D(-1, -1)), ("c2", 8, 4, Size2D(-3, -3)),
            ("c3", 24, 4, Size2D(-11, -11)), ("c4", 28, 4, Size2D(-15, -15)), ("pad", 28, 4, Size2D(-19, -23)),
        ]
        for (name, field, jump, start) in expected {
            let row = try #require(summary.rows.first { $0.name == name })
            #expect(row.receptiveField == Size2D(field, field), "\(name)")
            #expect(row.jump == Size2D(jump, jump), "\(name)")
            #expect(row.receptiveFieldStart == start, "\(name)")
        }
    }

    /// The fields, placed by start, jump and size, hold the pixels a unit really depends
    /// on, and are exactly those pixels where the field lies inside the image. With all-ones
    /// weights (positive, separable) lighting input row r changes unit (y, x) exactly when r
    /// is a row it depends on; likewise columns. Near the border the real rows are fewer
    /// than the field: a padded row of an inner layer stands for pixels the field counts.
    /// On 40x40, c3's units 3...6 and c4's 4...6 have their whole field inside.
    @Test func receptiveFieldsMatchImpulseResponses() throws {
        let size = 40
        let graph = try Self.stack(size: size)
        let summary = try graph.summary()
        let names = ["c1", "p1", "c2", "c3", "c4", "pad"]
        // reach[axis][name][unit] = first and last input row (axis 0) or column (axis 1) that moved it.
        var reach: [[String: [Int: ClosedRange<Int>]]] = [[:], [:]]
        for axis in 0..<2 {
            for line in 0..<size {
                var values = [Float](repeating: 0, count: size * size)
                for other in 0..<size { values[axis == 0 ? line * size + other : other * size + line] = 1 }
                let (_, maps) = try GraphRunner(graph).run(Tensor(shape: [1, 1, size, size], values: values), capturing: names)
                for name in names {
                    for (unit, value) in maps[name]!.scalars.enumerated() where value != 0 {
                        let old = reach[axis][name, default: [:]][unit] ?? line...line
                        reach[axis][name, default: [:]][unit] = min(old.lowerBound, line)...max(old.upperBound, line)
                    }
                }
            }
        }
        for name in names {
            let row = try #require(summary.rows.first { $0.name == name })
            let (h, w) = (row.outputShape[2], row.outputShape[3])
            var exact = 0
            for y in 0..<h {
                for x in 0..<w {
                    // Pad's first row and first two columns are the constant it adds: they
                    // depend on no input pixel, though the formula places them (as it would
                    // c4's row −1).
                    if name == "pad" && (y < 1 || x < 2) { continue }
                    let first = [row.receptiveFieldStart.height + y * row.jump.height, row.receptiveFieldStart.width + x * row.jump.width]
                    let extent = [row.receptiveField.height, row.receptiveField.width]
                    for axis in 0..<2 {
                        let field = first[axis]...(first[axis] + extent[axis] - 1)
                        let seen = try #require(reach[axis][name]?[y * w + x], "\(name) (\(y), \(x)) axis \(axis)")
                        #expect(field.contains(seen.lowerBound) && field.contains(seen.upperBound),
                                "\(name) (\(y), \(x)) axis \(axis): \(seen) outside \(field)")
                        if field.lowerBound >= 0 && field.upperBound < size {
                            #expect(seen == field, "\(name) (\(y), \(x)) axis \(axis): \(seen), field \(field)")
                            exact += 1
                        }
                    }
                }
            }
            #expect(exact > 0, "\(name): no unit with its whole field inside the image")
        }
    }
}
