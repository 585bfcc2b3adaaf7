import TalentDomain

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny generator whose whole output is fixed by its seed, so
/// the demo province is the same on every machine and every run. `SystemRandomNumberGenerator` and the
/// standard library's unseeded defaults would make each load different.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// An independent generator for one part of the province (a talent, the unit names), so a part's
    /// draws do not shift when another part draws more or less.
    init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// An integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// One element; the arrays passed in are constant and never empty.
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

    /// One element chosen by weight.
    mutating func weighted<T>(_ items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var roll = Int.random(in: 0..<max(total, 1), using: &self)
        for (item, weight) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].0
    }

    /// A day in the closed range `from...to`.
    mutating func day(from: Day, to: Day) -> Day {
        Day(ordinal: Int.random(in: from.ordinal...max(from.ordinal, to.ordinal), using: &self))
    }
}
