import CCurl
import Foundation
import PlugboardCore
import Synchronization

/// One libcurl easy handle and the thread its transfers run on. libcurl keeps the FTP control connection open
/// between transfers and each data connection resumes its TLS session (what vsftpd's `require_ssl_reuse` demands
/// and swift-nio-ssl cannot do). Every socket libcurl opens is checked by the egress guard first.
final class CurlEasy: @unchecked Sendable {
    // The handle and the error buffer are touched only on `queue`, one transfer at a time; nil once closed.
    private var handle: UnsafeMutableRawPointer?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let queue = DispatchQueue(label: "plugboard.ftp.curl")
    private let network: any NetworkAccess

    private static let initialized: Bool = plugboard_curl_global_init() == CURLE_OK

    init(network: any NetworkAccess) throws(ConnectorError) {
        guard Self.initialized, let handle = curl_easy_init() else {
            throw ConnectorError(.internalError, message: "libcurl could not be started.")
        }
        self.handle = handle
        self.network = network
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        if let handle { Self.cleanup(handle) }
        errorBuffer.deallocate()
    }

    /// Closes the connections (libcurl says QUIT) once the transfer running, if any, ends.
    func close() async {
        await withCheckedContinuation { continuation in
            queue.async {
                if let handle = self.handle { Self.cleanup(handle) }
                self.handle = nil
                continuation.resume()
            }
        }
    }

    /// Frees the handle. Its options still point at the last transfer's state, which is gone, and closing a
    /// connection sends QUIT and reads the reply through the header callback: so the options are reset first and
    /// the callbacks replaced by ones that touch nothing, with a short timeout for a server that does not answer.
    private static func cleanup(_ handle: UnsafeMutableRawPointer) {
        curl_easy_reset(handle)
        _ = plugboard_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        _ = plugboard_curl_set_long(handle, CURLOPT_TIMEOUT_MS, 5000)
        _ = plugboard_curl_set_long(handle, CURLOPT_SERVER_RESPONSE_TIMEOUT, 5)
        _ = plugboard_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION) { _, size, count, _ in size * count }
        _ = plugboard_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION) { _, size, count, _ in size * count }
        _ = plugboard_curl_set_closesocket_callback(handle) { _, socket in plugboard_curl_close_socket(socket, 2000) }
        curl_easy_cleanup(handle)
    }

    /// Runs one transfer on this handle's thread; cancelling the task aborts it at libcurl's next progress call.
    func perform(_ request: CurlRequest, connection: CurlConnection) async -> CurlOutcome {
        let transfer = CurlTransfer(request: request, network: network)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async { continuation.resume(returning: self.run(request, connection: connection, transfer: transfer)) }
            }
        } onCancel: {
            transfer.cancelled.store(true, ordering: .relaxed)
        }
    }

    private func run(_ request: CurlRequest, connection: CurlConnection, transfer: CurlTransfer) -> CurlOutcome {
        guard let handle else { return CurlOutcome(code: CURLE_FAILED_INIT, body: [], controlLines: [], message: "The FTP session is closed.") }
        // Reset keeps the open connections and the TLS session cache; every option is set again below.
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        var lists: [UnsafeMutablePointer<curl_slist>] = []
        defer { lists.forEach { curl_slist_free_all($0) } }
        func list(_ items: [String]) -> UnsafeMutablePointer<curl_slist>? {
            guard !items.isEmpty else { return nil }
            var head: UnsafeMutablePointer<curl_slist>?
            for item in items { head = curl_slist_append(head, item) }
            if let head { lists.append(head) }
            return head
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        var code = configure(handle, connection: connection, request: request, context: context, list: list)
        if code == CURLE_OK {
            code = withExtendedLifetime(transfer) { curl_easy_perform(handle) }
        }
        var outcome = CurlOutcome(code: code, body: transfer.body, controlLines: transfer.controlLines)
        outcome.denial = transfer.denial
        outcome.overLimit = transfer.overLimit
        outcome.cancelled = transfer.cancelled.load(ordering: .relaxed)
        outcome.message = String(cString: errorBuffer)
        if outcome.message.isEmpty { outcome.message = String(cString: curl_easy_strerror(code)) }
        if let entry = string(handle, CURLINFO_FTP_ENTRY_PATH) { outcome.entryPath = entry }
        return outcome
    }

    private func string(_ handle: UnsafeMutableRawPointer, _ info: CURLINFO) -> String? {
        var value: UnsafeMutablePointer<CChar>?
        guard plugboard_curl_get_string(handle, info, &value) == CURLE_OK, let value else { return nil }
        return String(cString: value)
    }

    private func configure(
        _ handle: UnsafeMutableRawPointer, connection: CurlConnection, request: CurlRequest, context: UnsafeMutableRawPointer,
        list: ([String]) -> UnsafeMutablePointer<curl_slist>?
    ) -> CURLcode {
        var codes: [CURLcode] = []
        func set(_ option: CURLoption, _ value: Int) { codes.append(plugboard_curl_set_long(handle, option, value)) }
        func set(_ option: CURLoption, _ value: String) { codes.append(plugboard_curl_set_pointer(handle, option, value)) }
        func set(_ option: CURLoption, pointer: UnsafeRawPointer?) { codes.append(plugboard_curl_set_pointer(handle, option, pointer)) }

        set(CURLOPT_URL, connection.url(request.path))
        set(CURLOPT_USERNAME, connection.username)
        set(CURLOPT_PASSWORD, connection.password)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        set(CURLOPT_RESOLVE, pointer: list(["\(connection.host):\(connection.port):\(connection.addressForResolve)"]))
        set(CURLOPT_CONNECTTIMEOUT_MS, connection.connectTimeoutMilliseconds)
        set(CURLOPT_TIMEOUT_MS, max(1, request.timeoutMilliseconds))
        set(CURLOPT_SERVER_RESPONSE_TIMEOUT, max(1, connection.replyTimeoutSeconds))
        set(CURLOPT_TCP_KEEPALIVE, 1)
        // Every path is absolute and sent whole (RETR /a/b), never walked with CWD.
        set(CURLOPT_FTP_FILEMETHOD, Int(CURLFTPMETHOD_NOCWD.rawValue))
        set(CURLOPT_FTP_USE_EPSV, 1)
        // A PASV reply's address is ignored: data goes to the control connection's address (the NAT fix).
        set(CURLOPT_FTP_SKIP_PASV_IP, 1)
        if connection.security != .none {
            set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
            set(CURLOPT_SSL_VERIFYPEER, connection.verifyTLS ? 1 : 0)
            set(CURLOPT_SSL_VERIFYHOST, connection.verifyTLS ? 2 : 0)
            if let roots = connection.trustRootsPEM {
                codes.append(roots.withCString { plugboard_curl_set_blob(handle, CURLOPT_CAINFO_BLOB, $0, strlen($0)) })
            }
        }
        set(CURLOPT_QUOTE, pointer: list(request.quote))
        if let command = request.customRequest { set(CURLOPT_CUSTOMREQUEST, command) }
        if request.noBody { set(CURLOPT_NOBODY, 1) }
        if let upload = request.upload {
            set(CURLOPT_UPLOAD, 1)
            // Under TLS 1.3 the server sends new session tickets on each data connection, and a server that makes them
            // single-use (vsftpd) has consumed the one this upload resumed. An upload never reads its data connection,
            // so those tickets are lost and the next data connection could not resume: the next call logs in afresh.
            if connection.security != .none { set(CURLOPT_FORBID_REUSE, 1) }
            codes.append(plugboard_curl_set_offset(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(upload.count)))
            set(CURLOPT_READDATA, pointer: context)
            codes.append(plugboard_curl_set_data_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().send(into: buffer, capacity: size * count)
            })
        }
        set(CURLOPT_WRITEDATA, pointer: context)
        codes.append(plugboard_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION) { buffer, size, count, context in
            guard let context else { return 0 }
            return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().receive(buffer, count: size * count)
        })
        set(CURLOPT_HEADERDATA, pointer: context)
        codes.append(plugboard_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION) { buffer, size, count, context in
            guard let context else { return 0 }
            return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().control(buffer, count: size * count)
        })
        set(CURLOPT_OPENSOCKETDATA, pointer: context)
        codes.append(plugboard_curl_set_opensocket_callback(handle) { context, _, address in
            guard let context, let address else { return plugboard_curl_bad_socket() }
            return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().openSocket(address)
        })
        codes.append(plugboard_curl_set_closesocket_callback(handle) { _, socket in
            plugboard_curl_close_socket(socket, 2000)
        })
        set(CURLOPT_NOPROGRESS, 0)
        set(CURLOPT_XFERINFODATA, pointer: context)
        codes.append(plugboard_curl_set_progress_callback(handle) { context, _, _, _, _ in
            guard let context else { return 1 }
            return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().cancelled.load(ordering: .relaxed) ? 1 : 0
        })
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }
}

/// Where and how an FTP session connects; the same for each transfer on it.
struct CurlConnection: Sendable {
    var host: String
    var port: Int
    /// The address the egress guard checked for `host`; libcurl connects there and never resolves the name.
    var address: IPAddress
    var username: String
    var password: String
    var security: FTPConfiguration.Encryption
    var verifyTLS: Bool
    var trustRootsPEM: String?
    var connectTimeoutMilliseconds: Int
    var replyTimeoutSeconds: Int

    /// The URL of an absolute path on the server, each segment percent-encoded; `%2F` makes it absolute.
    func url(_ path: String) -> String {
        let scheme = security == .implicit ? "ftps" : "ftp"
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { segment in
            segment.addingPercentEncoding(withAllowedCharacters: Self.segmentCharacters) ?? ""
        }
        return "\(scheme)://\(urlHost):\(port)/%2F" + segments.joined(separator: "/")
    }

    private var urlHost: String { host.contains(":") ? "[\(host)]" : host }
    var addressForResolve: String { address.isIPv4 ? address.description : "[\(address)]" }

    private static let segmentCharacters: CharacterSet = {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~!$&'()*+,;=:@")
        return allowed
    }()
}

/// One transfer: a path, commands sent before it, and what moves.
struct CurlRequest: Sendable {
    /// The absolute path on the server; a trailing `/` names a folder (listed by a transfer).
    var path: String
    /// Commands sent after login and before the transfer (`RNFR`, `MKD`, `MLST`…); a reply of 400 or more stops it.
    var quote: [String] = []
    /// The listing command instead of `LIST` (`MLSD`).
    var customRequest: String?
    /// No data transfer: only the commands.
    var noBody = false
    /// Bytes to store at the path.
    var upload: [UInt8]?
    /// Bytes a download may bring; past it the transfer stops and `overLimit` is set.
    var receiveLimit = Int.max
    var timeoutMilliseconds: Int
}

/// What a transfer ended with.
struct CurlOutcome: Sendable {
    var code: CURLcode
    var body: [UInt8]
    /// The control connection's reply lines, in order.
    var controlLines: [String]
    var denial: String?
    var overLimit = false
    var cancelled = false
    var message = ""
    /// The login folder (libcurl's PWD after login).
    var entryPath: String?

    var succeeded: Bool { code == CURLE_OK }
    /// The control connection's replies, multi-line ones joined.
    var replies: [FTPReply] { FTPReply.parse(controlLines) }
}

/// The state libcurl's callbacks share during one transfer, on the transfer's thread.
final class CurlTransfer: @unchecked Sendable {
    private(set) var body: [UInt8] = []
    private(set) var controlLines: [String] = []
    private(set) var overLimit = false
    private(set) var denial: String?
    let cancelled = Atomic<Bool>(false)
    private let limit: Int
    private let upload: [UInt8]
    private var sent = 0
    private let network: any NetworkAccess

    init(request: CurlRequest, network: any NetworkAccess) {
        limit = request.receiveLimit
        upload = request.upload ?? []
        self.network = network
    }

    func receive(_ buffer: UnsafeMutablePointer<CChar>?, count: Int) -> Int {
        guard body.count + count <= limit else {
            overLimit = true
            return 0
        }
        if let buffer, count > 0 { body.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: count)) }
        return count
    }

    func send(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, upload.count - sent)
        guard count > 0 else { return 0 }
        upload.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + sent, byteCount: count)
        }
        sent += count
        return count
    }

    func control(_ buffer: UnsafeMutablePointer<CChar>?, count: Int) -> Int {
        if let buffer, count > 0, controlLines.count < 10_000 {
            let line = String(decoding: UnsafeRawBufferPointer(start: buffer, count: count), as: UTF8.self)
            controlLines.append(String(line.trimmingSuffix(while: \.isNewline)))
        }
        return count
    }

    /// Every connection libcurl opens, control and data, passes the egress guard here.
    func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        var bytes = [UInt8](repeating: 0, count: 16)
        let length = Int(plugboard_curl_address_bytes(address, &bytes))
        guard let ip = IPAddress(bytes: Array(bytes.prefix(length))) else {
            denial = "Connecting to an address that is neither IPv4 nor IPv6 is not allowed."
            return plugboard_curl_bad_socket()
        }
        if let reason = network.denial(connectingTo: ip) {
            denial = "Connecting to \(ip) is not allowed: \(reason)."
            return plugboard_curl_bad_socket()
        }
        return plugboard_curl_open_socket(address)
    }
}

extension String {
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> Substring {
        var end = endIndex
        while end > startIndex, predicate(self[index(before: end)]) { end = index(before: end) }
        return self[..<end]
    }
}
