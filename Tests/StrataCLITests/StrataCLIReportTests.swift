import Foundation
import Strata
import StrataVision
import Testing

/// `strata report` end to end: the files it writes, what it refuses to overwrite, and the
/// page loaded in a real headless browser (Debian's chromium, installed by Scripts/setup).
@Suite struct StrataCLIReportTests {
    /// A fresh directory holding `photo.png`: 28x28 gray, a bright square on a gradient,
    /// so seednet's maps are not flat.
    static func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appending(path: "strata-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var pixels = [UInt8](repeating: 0, count: 28 * 28)
        for y in 0..<28 {
            for x in 0..<28 { pixels[y * 28 + x] = (8..<20).contains(y) && (10..<22).contains(x) ? 250 : UInt8(x * 6) }
        }
        try PNG.write(Image(width: 28, height: 28, channels: 1, pixels: pixels), to: directory.appending(path: "photo.png"))
        return directory
    }

    /// chromium in headless mode. It runs as root only without its sandbox; its profile goes
    /// to a directory of its own so parallel runs do not share one.
    static func chromium(_ arguments: [String], profile: URL) throws -> StrataCLITests.Result {
        let path = "/usr/bin/chromium"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw StrataError.invalidArgument("\(path) is missing; Scripts/setup installs Debian's chromium for this test")
        }
        return try StrataCLITests.strata(
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--enable-logging=stderr",
             "--user-data-dir=\(profile.path(percentEncoded: false))"] + arguments,
            in: profile.deletingLastPathComponent(), executable: path)
    }

    @Test func reportWritesThePageAndItsPictures() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try StrataCLITests.strata(["report", "seednet", "--input", "photo.png", "--out", "rep"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: directory.appending(path: "rep/index.html"), encoding: .utf8)
        // Every [N, C, H, W] or [N, C] node of seednet is drawn; the input at 28x28.
        let graph = try ModelZoo.build("seednet", seed: 1)
        for (index, node) in graph.nodes.enumerated().dropFirst() where [2, 4].contains(node.outputShape.rank) {
            #expect(html.contains("<section class=\"layer\" id=\"layer-\(index)\">\n<h3>") && html.contains(">\(node.name)</a>"), "\(node.name)")
        }
        #expect(!html.contains("id=\"layer-0\""), "the input is shown on its own, not as a layer")
        let input = try PNG.read(contentsOf: directory.appending(path: "rep/input.png"))
        #expect(input.width == 28 && input.height == 28)
        let source = try PNG.read(contentsOf: directory.appending(path: "photo.png"))
        #expect(input.pixels == source.pixels, "a 28x28 gray picture is the model's input unchanged")
        let maps = try FileManager.default.contentsOfDirectory(atPath: directory.appending(path: "rep/maps").path(percentEncoded: false))
        #expect(maps.contains { $0.hasSuffix("-conv1.png") } && maps.contains { $0.hasSuffix("-conv1.pca.png") })
        // Each img names a file that was written.
        for file in Self.imageSources(html) {
            #expect(FileManager.default.fileExists(atPath: directory.appending(path: "rep/" + file).path(percentEncoded: false)), "\(file)")
        }

        let again = try StrataCLITests.strata(["report", "seednet", "--input", "photo.png", "--out", "rep"], in: directory)
        #expect(again.status == 1 && again.stderr.contains("already exists") && again.stderr.contains("--overwrite"))
        let replaced = try StrataCLITests.strata(["report", "seednet", "--input", "photo.png", "--out", "rep", "--overwrite"], in: directory)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        // --overwrite replaces earlier reports, never the input.
        let inside = directory.appending(path: "rep/input.png")
        try FileManager.default.removeItem(at: inside)
        try FileManager.default.copyItem(at: directory.appending(path: "photo.png"), to: inside)
        let before = try Data(contentsOf: inside)
        let clash = try StrataCLITests.strata(["report", "seednet", "--input", "rep/input.png", "--out", "rep", "--overwrite"], in: directory)
        #expect(clash.status == 1 && clash.stderr.contains("is also the command's input"), "\(clash.stderr)")
        #expect(try Data(contentsOf: inside) == before)

        let unknown = try StrataCLITests.strata(["report", "seednet", "--input", "photo.png", "--out", "rep2", "--layer", "conv9"], in: directory)
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown layer 'conv9'"), "\(unknown.stderr)")
        let badUnit = try StrataCLITests.strata(["report", "seednet", "--input", "photo.png", "--out", "rep2", "--unit", "conv1:99,0"], in: directory)
        #expect(badUnit.status == 1 && badUnit.stderr.contains("expected Y in 0...") && badUnit.stderr.contains("conv1"), "\(badUnit.stderr)")
        let globalUnit = try StrataCLITests.strata(["report", "seednet", "--input", "photo.png", "--out", "rep2", "--unit", "dense1"], in: directory)
        #expect(globalUnit.status == 1 && globalUnit.stderr.contains("layer 'dense1'") && globalUnit.stderr.contains("no spatial units"),
                "\(globalUnit.stderr)")
        let noNode = try StrataCLITests.strata(["report", "seednet", "--input", "photo.png", "--out", "rep2", "--unit", "conv7:1,1"], in: directory)
        #expect(noNode.status == 1 && noNode.stderr.contains("no node 'conv7'"), "\(noNode.stderr)")
        // A duplicate --layer draws the layer once.
        let twice = try StrataCLITests.strata(
            ["report", "seednet", "--input", "photo.png", "--out", "rep3", "--layer", "conv1", "--layer", "conv1"], in: directory)
        #expect(twice.status == 0, "\(twice.stderr)")
        let three = try String(contentsOf: directory.appending(path: "rep3/index.html"), encoding: .utf8)
        #expect(Self.imageSources(three).filter { $0.hasSuffix("-conv1.png") }.count == 1)
    }

    /// ResNet-18's default unit and the comparison units, by hand. Every window of ResNet-18
    /// pads (k − 1)/2 (1x1: 0), so each centre recurrence step adds ((k − 1)/2 − pad)·jump = 0:
    /// unit y's field is centred on pixel y·jump and starts at y·jump − (field − 1)/2.
    /// layer4.1.relu (7x7, jump 32, field 435, the published ResNet-18 value): the centre unit
    /// (3, 3) starts at 96 − 217 = −121. Fields centred nearest pixel 96: layer3.1.relu
    /// (jump 16, field 211) unit 6 from 96 − 105 = −9; layer2.1.relu (8, 99) unit 12 from 47;
    /// layer1.1.relu (4, 43) unit 24 from 75; the stem's relu (2, 7) unit 48 from 93.
    @Test func reportOfResNet18PlacesFieldsByHand() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try StrataCLITests.strata(["report", "resnet18", "--input", "photo.png", "--out", "rep", "--layer", "conv1"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let html = try String(contentsOf: directory.appending(path: "rep/index.html"), encoding: .utf8)
        for (unit, layer, text) in [
            ("(y 3, x 3)", "layer4.1.relu", "435x435 pixels from row -121, column -121 (partly in the padding); on the image rows 0…223, columns 0…223"),
            ("(y 6, x 6)", "layer3.1.relu", "211x211 pixels from row -9, column -9 (partly in the padding); on the image rows 0…201, columns 0…201"),
            ("(y 12, x 12)", "layer2.1.relu", "99x99 pixels from row 47, column 47; on the image rows 47…145, columns 47…145"),
            ("(y 24, x 24)", "layer1.1.relu", "43x43 pixels from row 75, column 75; on the image rows 75…117, columns 75…117"),
            ("(y 48, x 48)", "relu", "7x7 pixels from row 93, column 93; on the image rows 93…99, columns 93…99"),
        ] {
            #expect(html.contains("unit \(unit) of <a href=\"#layer-") && html.contains(">\(layer)</a>: \(text)</li>"), "\(layer)")
        }
        #expect(html.contains("<rect x=\"47\" y=\"47\" width=\"99\" height=\"99\" fill=\"none\" stroke=\"#00e5ff\""))
    }

    /// The page in headless chromium: the DOM after the load event shows the page's script
    /// found every image loaded (none broken, no script error), and a screenshot of it is a
    /// picture with many colours, not a blank page.
    @Test func reportRendersInHeadlessChromium() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try StrataCLITests.strata(["report", "seednet", "--input", "photo.png", "--out", "rep"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
        let page = directory.appending(path: "rep/index.html")
        let html = try String(contentsOf: page, encoding: .utf8)
        let images = Self.imageSources(html).count
        #expect(images > 5)

        let dom = try Self.chromium(["--virtual-time-budget=10000", "--dump-dom", page.absoluteString],
                                    profile: directory.appending(path: "profile-dom"))
        #expect(dom.status == 0, "\(dom.stderr)")
        #expect(dom.stdout.contains("data-ready=\"all-images-loaded\""), "\(dom.stdout.prefix(400))")
        #expect(dom.stdout.contains("data-images=\"\(images)\""))
        #expect(!dom.stdout.contains("data-broken=\""))
        #expect(!dom.stderr.contains("Uncaught"), "\(dom.stderr)")

        let shot = directory.appending(path: "shot.png")
        let screenshot = try Self.chromium(
            ["--virtual-time-budget=10000", "--hide-scrollbars", "--window-size=1200,1400",
             "--screenshot=\(shot.path(percentEncoded: false))", page.absoluteString],
            profile: directory.appending(path: "profile-shot"))
        #expect(screenshot.status == 0, "\(screenshot.stderr)")
        let picture = try PNG.read(contentsOf: shot, channels: 3)
        #expect(picture.width == 1200 && picture.height == 1400)
        var colours = Set<Int>()
        for i in stride(from: 0, to: picture.pixels.count, by: 3) {
            colours.insert(Int(picture.pixels[i]) << 16 | Int(picture.pixels[i + 1]) << 8 | Int(picture.pixels[i + 2]))
        }
        // Text on white alone gives a few dozen greys; the input, the viridis grids and the
        // red field box give hundreds of colours.
        #expect(colours.count > 200, "\(colours.count) distinct colours")
        #expect(colours.contains { ($0 >> 16) > 200 && ($0 >> 8) & 255 < 80 && $0 & 255 < 80 }, "the red receptive-field box")
    }

    /// The `src` of every `<img>` of a page.
    static func imageSources(_ html: String) -> [String] {
        html.components(separatedBy: "<img src=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }
}
