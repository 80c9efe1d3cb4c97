// libFuzzer target: an ONNX model from bytes through import, planning and one run on a
// zero input (symbolic sizes bound to small values), as `strata run` does. Built by
// Scripts/fuzz; run with -rss_limit_mb=2048 (the memory limit below keeps plans small enough for ASan-speed runs).
import Strata
import StrataONNX

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    MemoryLimit.bytes = 16 << 20
    guard let model = try? ONNXImporter.load(bytes: Array(UnsafeBufferPointer(start: data, count: size))) else { return 0 }
    var inputs: [String: Tensor] = [:]
    for input in model.inputs {
        // Symbolic sizes: 1 for the batch axis, 8 elsewhere.
        let dimensions = input.dimensions.enumerated().map { axis, dimension -> Int in
            if case .fixed(let size) = dimension { return size }
            return axis == 0 ? 1 : 8
        }
        guard let shape = try? Shape(dimensions), shape.elementCount <= 1 << 20 else { return 0 }
        inputs[input.name] = Tensor(shape: shape)
    }
    _ = try? model.run(inputs)
    return 0
}
