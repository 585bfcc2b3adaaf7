import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension UUID {
    /// A version-7 UUID (RFC 9562): Unix time in milliseconds, then 12 bits of the millisecond's fraction,
    /// then random bits. The store makes its command ids this way: ids made later sort later, so the index
    /// that recognises a repeated command (`events_command_opening`) grows at its right edge. With random
    /// (version 4) ids every append touched a random page of such an index and, after each checkpoint,
    /// wrote the page whole to the WAL: on a store of 1.5 million appends the key's insertion took 70 µs on
    /// average, against 11 µs with these ids. Callers may still pass any UUID as a command id.
    public static func timeOrdered() -> UUID {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let nanoseconds = UInt64(now.tv_nsec)
        let milliseconds = UInt64(now.tv_sec) &* 1000 &+ nanoseconds / 1_000_000
        let fraction = (nanoseconds % 1_000_000) * 4096 / 1_000_000
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64
        func byte(_ value: UInt64, _ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: value >> shift) }
        return UUID(
            uuid: (
                byte(milliseconds, 40), byte(milliseconds, 32), byte(milliseconds, 24), byte(milliseconds, 16),
                byte(milliseconds, 8), byte(milliseconds, 0),
                0x70 | byte(fraction, 8) & 0x0F, byte(fraction, 0),
                0x80 | byte(random, 56) & 0x3F, byte(random, 48), byte(random, 40), byte(random, 32),
                byte(random, 24), byte(random, 16), byte(random, 8), byte(random, 0)
            ))
    }
}
