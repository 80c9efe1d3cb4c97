// libFuzzer target: safetensors decoding (header and tensors). Built by Scripts/fuzz.
import Strata

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? Safetensors.decode(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
