import Foundation
import NIOCore
import NIOSSH
import PlugboardCore
import Synchronization

/// One SSH connection over the guarded dial: the host key checked against its pinned fingerprint, the user
/// authenticated with a password or a key, then channels for the `sftp` subsystem.
final class SSHConnection: Sendable {
    let channel: any Channel
    /// The server's host key fingerprint as seen (`SHA256:…`).
    let fingerprint: String

    /// How the user proves who they are.
    enum Login: Sendable {
        case password(String)
        case key(NIOSSHPrivateKey)
    }

    /// What the host key must be.
    struct HostKeyPolicy: Sendable {
        /// `SHA256:…`; nil accepts any key only when `trustOnFirstUse` is set.
        var pinned: String?
        var trustOnFirstUse: Bool
    }

    private init(channel: any Channel, fingerprint: String) {
        self.channel = channel
        self.fingerprint = fingerprint
    }

    /// Dials through the guard with the SSH handler in place before the server's first byte, and waits until the
    /// user is authenticated (or the handshake fails, or `timeout` passes).
    static func connect(
        host: String, port: Int, username: String, login: Login, hostKey: HostKeyPolicy, timeout: Duration, network: any NetworkAccess
    ) async throws -> SSHConnection {
        let hostKeyCheck = HostKeyCheck(policy: hostKey)
        let readiness = SSHReadiness(timeout: timeout)
        var options = TCPConnectOptions(host: host, port: port, connectTimeout: timeout)
        let offer = UserAuthOffer(username: username, login: login)
        options.handlers = { [SSHInstaller(offer: offer, hostKeyCheck: hostKeyCheck), readiness] }
        let channel = try await network.connectTCP(options)
        do {
            try await readiness.wait()
        } catch {
            try? await channel.close()
            throw SSHFailure.map(error, hostKeyCheck: hostKeyCheck, offer: offer, endpoint: options.endpoint)
        }
        return SSHConnection(channel: channel, fingerprint: hostKeyCheck.seen.withLock { $0 } ?? "")
    }

    /// A session channel running the `sftp` subsystem, with `handler` reading it.
    func openSubsystem(_ name: String, handler: @escaping @Sendable () -> any ChannelHandler & Sendable) async throws -> any Channel {
        let promise = channel.eventLoop.makePromise(of: Channel.self)
        let ready = channel.eventLoop.makePromise(of: Void.self)
        channel.eventLoop.execute { [channel] in
            do {
                let ssh = try channel.pipeline.syncOperations.handler(type: NIOSSHHandler.self)
                ssh.createChannel(promise, channelType: .session) { child, _ in
                    child.eventLoop.makeCompletedFuture {
                        try child.pipeline.syncOperations.addHandler(SubsystemReply(ready))
                        try child.pipeline.syncOperations.addHandler(handler())
                    }
                }
            } catch {
                promise.fail(error)
            }
        }
        let child = try await promise.futureResult.get()
        try await child.triggerUserOutboundEvent(SSHChannelRequestEvent.SubsystemRequest(subsystem: name, wantReply: true)).get()
        do {
            try await ready.futureResult.get()
        } catch {
            try? await child.close()
            throw ConnectorError(.upstreamError, message: "The SSH server refused the '\(name)' subsystem.", fix: "Enable it in sshd_config (Subsystem sftp internal-sftp).")
        }
        return child
    }

    func close() async {
        try? await channel.close()
    }
}

/// Puts NIOSSH's handler (which may not cross threads) right after itself when the pipeline is built, before the
/// server's version line can arrive; then passes everything through.
private final class SSHInstaller: ChannelInboundHandler, Sendable {
    typealias InboundIn = Any
    let offer: UserAuthOffer
    let hostKeyCheck: HostKeyCheck

    init(offer: UserAuthOffer, hostKeyCheck: HostKeyCheck) {
        self.offer = offer
        self.hostKeyCheck = hostKeyCheck
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let configuration = SSHClientConfiguration(userAuthDelegate: offer, serverAuthDelegate: hostKeyCheck)
        let ssh = NIOSSHHandler(role: .client(configuration), allocator: context.channel.allocator, inboundChildChannelInitializer: nil)
        do {
            try context.pipeline.syncOperations.addHandler(ssh, position: .after(self))
        } catch {
            context.fireErrorCaught(error)
        }
    }
}

/// Fails or succeeds the subsystem request when the server answers it.
private final class SubsystemReply: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = Any
    let promise: EventLoopPromise<Void>

    init(_ promise: EventLoopPromise<Void>) { self.promise = promise }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        switch event {
        case is ChannelSuccessEvent: promise.succeed(())
        case is ChannelFailureEvent: promise.fail(ChannelError.ioOnClosedChannel)
        default: context.fireUserInboundEventTriggered(event)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }
}

/// Waits for `UserAuthSuccessEvent` on the parent channel, or the first error, or the timeout.
final class SSHReadiness: ChannelInboundHandler, Sendable {
    typealias InboundIn = Any
    private let outcome = Mutex<(result: Result<Void, any Error>?, waiter: CheckedContinuation<Void, any Error>?)>((nil, nil))
    let timeout: Duration

    init(timeout: Duration) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) { [self] in
            self.finish(.failure(SSHFailure.timedOut))
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is UserAuthSuccessEvent { finish(.success(())) }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(.failure(SSHFailure.closed))
        context.fireChannelInactive()
    }

    private func finish(_ result: Result<Void, any Error>) {
        let waiter = outcome.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let done = outcome.withLock { state -> Result<Void, any Error>? in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let done { continuation.resume(with: done) }
        }
    }
}

/// Checks the server's host key against the pinned fingerprint, and remembers the one seen.
final class HostKeyCheck: NIOSSHClientServerAuthenticationDelegate, Sendable {
    let policy: SSHConnection.HostKeyPolicy
    let seen = Mutex<String?>(nil)

    init(policy: SSHConnection.HostKeyPolicy) { self.policy = policy }

    func validateHostKey(hostKey: NIOSSHPublicKey, validationCompletePromise: EventLoopPromise<Void>) {
        let fingerprint = SSHFingerprint.of(hostKey)
        seen.withLock { $0 = fingerprint }
        if let pinned = policy.pinned {
            pinned == fingerprint ? validationCompletePromise.succeed(()) : validationCompletePromise.fail(SSHFailure.hostKeyMismatch)
        } else if policy.trustOnFirstUse {
            validationCompletePromise.succeed(())
        } else {
            validationCompletePromise.fail(SSHFailure.hostKeyNotPinned)
        }
    }
}

/// Offers the one login the credential holds, once.
final class UserAuthOffer: NIOSSHClientUserAuthenticationDelegate, Sendable {
    let username: String
    let login: SSHConnection.Login
    let offered = Mutex<NIOSSHAvailableUserAuthenticationMethods?>(nil)

    init(username: String, login: SSHConnection.Login) {
        self.username = username
        self.login = login
    }

    func nextAuthenticationType(
        availableMethods: NIOSSHAvailableUserAuthenticationMethods, nextChallengePromise: EventLoopPromise<NIOSSHUserAuthenticationOffer?>
    ) {
        let first = offered.withLock { state -> Bool in
            defer { state = availableMethods }
            return state == nil
        }
        guard first else { return nextChallengePromise.fail(SSHFailure.loginRefused) }
        switch login {
        case .password(let password) where availableMethods.contains(.password):
            nextChallengePromise.succeed(NIOSSHUserAuthenticationOffer(username: username, serviceName: "", offer: .password(.init(password: password))))
        case .key(let key) where availableMethods.contains(.publicKey):
            nextChallengePromise.succeed(NIOSSHUserAuthenticationOffer(username: username, serviceName: "", offer: .privateKey(.init(privateKey: key))))
        default:
            nextChallengePromise.fail(SSHFailure.methodNotOffered)
        }
    }
}

/// How an SSH setup failed, in the taxonomy.
enum SSHFailure: Error {
    case hostKeyMismatch, hostKeyNotPinned, loginRefused, methodNotOffered, timedOut, closed

    static func map(_ error: any Error, hostKeyCheck: HostKeyCheck, offer: UserAuthOffer, endpoint: String) -> ConnectorError {
        if let error = error as? ConnectorError { return error }
        let seen = hostKeyCheck.seen.withLock { $0 } ?? "unknown"
        switch error as? SSHFailure {
        case .hostKeyMismatch:
            return ConnectorError(
                .tlsCertificate, message: "The SSH server at \(endpoint) presented host key \(seen), not the pinned \(hostKeyCheck.policy.pinned ?? "").",
                cause: "The server's key changed, or something between Plugboard and the server is answering in its place.",
                fix: "Check the key with the server's administrator (ssh-keygen -lf on its host key); pin the new fingerprint only if it is expected.",
                details: ["presented": .string(seen)])
        case .hostKeyNotPinned:
            return ConnectorError(
                .tlsCertificate, message: "The SSH server at \(endpoint) presented host key \(seen), and the connector pins none.",
                fix: "Set hostKeyFingerprint to \(seen) after checking it with the server's administrator, or turn on trustOnFirstUse.",
                field: "hostKeyFingerprint", details: ["presented": .string(seen)])
        case .loginRefused:
            return ConnectorError(
                .authenticationFailed, message: "The SSH server at \(endpoint) refused the login of '\(offer.username)'.",
                fix: "Check the credential's username and password, or that its public key is in the user's authorized_keys.")
        case .methodNotOffered:
            let methods = offer.offered.withLock { $0 }.map { String(describing: $0) } ?? "none"
            return ConnectorError(
                .authenticationFailed, message: "The SSH server at \(endpoint) does not accept this kind of login (it offers \(methods)).",
                fix: "Use a credential of a kind the server accepts: a password or an SSH key.")
        case .timedOut:
            return ConnectorError(.connectionTimedOut, message: "The SSH handshake with \(endpoint) did not finish in time.")
        case .closed:
            return ConnectorError(.connectionRefused, message: "The SSH server at \(endpoint) closed the connection during the handshake.", retryable: true)
        case nil:
            if let ssh = error as? NIOSSHError, ssh.type == .keyExchangeNegotiationFailure {
                return ConnectorError(
                    .connectionRefused,
                    message: "No SSH algorithms in common with \(endpoint): NIOSSH speaks curve25519 and ECDH key exchange, Ed25519 and ECDSA host keys, and AES-GCM, not RSA host keys.",
                    fix: "Give the server an Ed25519 or ECDSA host key (most have one already).")
            }
            return ConnectorError(.upstreamError, message: "The SSH handshake with \(endpoint) failed: \(error).")
        }
    }
}
