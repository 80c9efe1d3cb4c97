// libFuzzer target: JPEG decoding through libjpeg-turbo, then preprocessing to a model
// input, as `strata run --input photo.jpg --preprocess imagenet` does. Built by Scripts/fuzz.
import Strata
import StrataVision

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let image = try? JPEG.decode(Array(UnsafeBufferPointer(start: data, count: size))) else { return 0 }
    _ = try? ImagePreprocessing.imagenet.tensor(from: image, shape: [1, 3, 16, 16])
    return 0
}
