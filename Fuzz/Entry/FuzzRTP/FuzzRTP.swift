import CCRFuzz

/// libFuzzer's entry point (see Fuzz/README.md): the bytes go to `RTPReceivePath`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    RTPReceivePath.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
