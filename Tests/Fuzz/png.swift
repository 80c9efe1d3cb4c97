// libFuzzer target: PNG decoding through libpng, then resizing to a model input, as
// `strata maps --input image.png` does. Built by Scripts/fuzz.
import Strata
import StrataVision

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? PNG.decode(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
