import Strata
import StrataVision
import Testing

/// The viridis table, the eigen wrapper, channel PCA and image-to-tensor conversion, on cases
/// whose answers are worked out by hand.
@Suite struct ViridisPCAInputTests {
    @Test func viridisEndsAndMiddleMatchMatplotlib() {
        #expect(Viridis.rgb.count == 768)
        // matplotlib: viridis(0.0) = (0.267004, 0.004874, 0.329415), viridis(1.0) = (0.993248, 0.906157, 0.143936)
        #expect(Viridis.color(0) == (68, 1, 84))
        #expect(Viridis.color(1) == (253, 231, 37))
        #expect(Viridis.color(-5) == Viridis.color(0) && Viridis.color(7) == Viridis.color(1))
        // Inner entries of matplotlib's _viridis_data (lib/matplotlib/_cm_listed.py), typed
        // from that file: entries 32, 64, 128, 192; bytes round(255 v).
        let published: [(Int, (Double, Double, Double))] = [
            (32, (0.278826, 0.175490, 0.483397)), (64, (0.229739, 0.322361, 0.545706)),
            (128, (0.127568, 0.566949, 0.550556)), (192, (0.369214, 0.788888, 0.382914)),
        ]
        for (index, (r, g, b)) in published {
            let expected = [r, g, b].map { UInt8((255 * $0).rounded()) }
            #expect(Array(Viridis.rgb[(3 * index)..<(3 * index + 3)]) == expected, "entry \(index)")
        }
        // The same bytes by hand: 0.25, 0.5, 0.75 of the way are (59, 82, 139), (33, 145, 140), (94, 201, 98).
        #expect(Viridis.color(64.0 / 255) == (59, 82, 139) && Viridis.color(0.5) == (33, 145, 140))
        #expect(Viridis.color(192.0 / 255) == (94, 201, 98))
    }

    @Test func symmetricEigenOfAKnownMatrix() throws {
        // [[2, 1], [1, 2]]: eigenvalues 1 (vector (1, -1)/√2) and 3 (vector (1, 1)/√2).
        var matrix: [Float] = [2, 1, 1, 2]
        let values = try BLAS.symmetricEigen(&matrix, n: 2)
        #expect(abs(values[0] - 1) < 1e-5 && abs(values[1] - 3) < 1e-5)
        #expect(abs(abs(matrix[1]) - 0.70710677) < 1e-5 && abs(matrix[1] - matrix[3]) < 1e-5)
        var wrong: [Float] = [1, 2, 3]
        expectError(mentioning: ["3 values for n = 2"]) { _ = try BLAS.symmetricEigen(&wrong, n: 2) }
    }

    @Test func pcaRecoversTheDominantDirection() throws {
        // Channels = (1, 2, -1) · s(p) + tiny noise, s a ramp: component 1 is s (so red
        // rises along the ramp), the other two are noise-sized.
        var rng = SeededGenerator(seed: 5)
        let p = 16
        var values = [Float](repeating: 0, count: 3 * p)
        for (channel, weight) in [Float(1), 2, -1].enumerated() {
            for i in 0..<p { values[channel * p + i] = weight * Float(i) + Float.random(in: -1e-3...1e-3, using: &rng) }
        }
        let map = try Tensor(shape: [1, 3, 4, 4], values: values)
        let projected = try ChannelPCA.project(map).scalars
        let first = Array(projected[0..<p])
        #expect(zip(first, first.dropFirst()).allSatisfy { $0 < $1 })
        #expect(abs(first[15] - first[0]) > 100 * abs(projected[p..<(2 * p)].max()! - projected[p..<(2 * p)].min()!))
    }

    @Test func imageBecomesAModelInput() throws {
        // A 2x1 gray image [0, 255] upsampled to 4 wide: centres at -0.25, 0.25, 0.75, 1.25
        // → clamped 0, 0.25, 0.75, 1 of the way from 0 to 255.
        let image = try Image(width: 2, height: 1, channels: 1, pixels: [0, 255])
        let x = try ImageInput.tensor(from: image, shape: [1, 1, 1, 4])
        #expect(x.scalars == [0, 0.25, 0.75, 1])
        let rgb = try ImageInput.tensor(from: image, shape: [2, 3, 1, 2])
        #expect(rgb.scalars == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
        let color = try Image(width: 1, height: 1, channels: 3, pixels: [255, 0, 0])
        #expect(try ImageInput.tensor(from: color, shape: [1, 1, 1, 1]).scalars == [76 / 255])
        expectError(mentioning: ["[1, 4, 2, 2]", "1 or 3"]) { _ = try ImageInput.tensor(from: image, shape: [1, 4, 2, 2]) }
    }
}
