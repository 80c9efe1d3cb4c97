// libFuzzer target: `.npy` decoding. Any byte sequence must end in a value or a thrown
// error: never a trap, a hang or an out-of-memory. Built by Scripts/fuzz.
import Strata

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = try? Npy.decode(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
