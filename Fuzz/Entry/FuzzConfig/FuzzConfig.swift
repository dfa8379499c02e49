import CCRFuzz

/// libFuzzer's entry point (see Fuzz/README.md): the bytes go to `ConfigLoading`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    ConfigLoading.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
