#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// A loopback port with nothing listening, for "connection refused" tests.
public enum ClosedPort {
    /// A port on 127.0.0.1 that refuses connections for the rest of the test process.
    ///
    /// The socket that took it stays bound and never listens: connecting is refused, and the kernel cannot hand the
    /// port to a listener of another test running at the same time (closing it again let one take it, and a
    /// "refused" test then reached that test's server).
    public static func find() -> Int {
        let descriptor = LoopbackSocket.bound(port: 0)
        precondition(descriptor >= 0, "bind() of a loopback port failed")
        return LoopbackSocket.port(of: descriptor)
    }
}

/// A loopback port for a child process (a server the test starts) to listen on.
public enum ChildProcessPort {
    /// A port on 127.0.0.1 free now and below the kernel's ephemeral range, so no socket bound to port 0 (every
    /// test listener) and no outgoing connection takes it before the child binds it. Ports are handed out once per
    /// test process, from a random start, so concurrent tests get different ones.
    public static func find() -> Int {
        while true {
            let port = next()
            let descriptor = LoopbackSocket.bound(port: port)
            if descriptor >= 0 {
                close(descriptor)
                return port
            }
        }
    }

    private static let range = 20_000..<32_000
    private static let counter = Mutex(Int.random(in: 0..<12_000))

    private static func next() -> Int {
        counter.withLock { counter in
            counter += 1
            return range.lowerBound + counter % range.count
        }
    }
}

/// Bound loopback TCP sockets, for the two port finders.
enum LoopbackSocket {
    /// A TCP socket bound to 127.0.0.1:`port` (0: the kernel picks), or -1 when the port is taken.
    static func bound(port: Int) -> Int32 {
        #if canImport(Glibc)
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let descriptor = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        precondition(descriptor >= 0, "socket() failed")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            return -1
        }
        return descriptor
    }

    /// The port a bound socket has.
    static func port(of descriptor: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        precondition(named == 0, "getsockname() failed")
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
