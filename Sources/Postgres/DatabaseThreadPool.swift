import NIOPosix

extension NIOThreadPool {
    /// The threads that carry blocking libpq calls.
    ///
    /// `NIOThreadPool.singleton` has one thread per core; a libpq call holds its thread for a whole round
    /// trip (or a LISTEN wait), so two slow queries would starve every other database call on a small
    /// machine. Database calls get a pool sized for waiting, not for computing.
    public static let forDatabaseCalls: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 64)
        pool.start()
        return pool
    }()
}
