/// Writes the function calls the node makes: logon (two phases), execute, fetch, commit, rollback and logoff. Each
/// call starts with its piggybacks (cursors to close), then the function code, the connection's sequence number and,
/// from 23.1, a token number.
struct TTCRequestWriter {
    enum Function: UInt8 {
        case reexecute = 4, fetch = 5, logoff = 9, commit = 14, rollback = 15, execute = 94, closeCursors = 105
        case authPhaseTwo = 115, authPhaseOne = 118
    }

    let fieldVersion: UInt8
    private(set) var sequence: UInt8 = 0
    var writer = TTCWriter()

    init(fieldVersion: UInt8, sequence: UInt8) {
        self.fieldVersion = fieldVersion
        self.sequence = sequence
    }

    var bytes: [UInt8] { writer.bytes }

    private mutating func nextSequence() -> UInt8 {
        sequence = sequence == UInt8.max ? 1 : sequence + 1
        return sequence
    }

    mutating func function(_ code: Function, messageType: UInt8 = TTCMessageType.function) {
        writer.uint8(messageType)
        writer.uint8(code.rawValue)
        writer.uint8(nextSequence())
        if fieldVersion >= OracleCapabilities.FieldVersion.v23_1ext1 { writer.ub8(0) }
    }

    /// Tells the server which cursors the client is done with, ahead of the next call.
    mutating func closeCursors(_ ids: [UInt16]) {
        guard !ids.isEmpty else { return }
        function(.closeCursors, messageType: TTCMessageType.piggyback)
        writer.uint8(1)
        writer.ub4(UInt32(ids.count))
        for id in ids { writer.ub4(UInt32(id)) }
    }

    /// A call with no arguments: commit, rollback, logoff.
    mutating func simple(_ code: Function) { function(code) }

    /// Phase one of O5LOGON: the user and where the client runs.
    mutating func authPhaseOne(user: String, terminal: String, program: String, machine: String, pid: String, osUser: String) {
        authHeader(.authPhaseOne, user: user, mode: 1, pairs: 5)
        writer.keyValue("AUTH_TERMINAL", terminal)
        writer.keyValue("AUTH_PROGRAM_NM", program)
        writer.keyValue("AUTH_MACHINE", machine)
        writer.keyValue("AUTH_PID", pid)
        writer.keyValue("AUTH_SID", osUser)
    }

    /// Phase two: the client's half of the session key, the encrypted password, and the session's settings (time zone
    /// UTC, so TIMESTAMP WITH LOCAL TIME ZONE values read as UTC).
    mutating func authPhaseTwo(user: String, proof: O5Logon.Proof, driverName: String, connectString: String) {
        let pairs: UInt32 = proof.speedyKey == nil ? 7 : 8
        authHeader(.authPhaseTwo, user: user, mode: 0x0001 | 0x0100, pairs: pairs)
        writer.keyValue("AUTH_SESSKEY", proof.sessionKey, flags: 1)
        if let speedy = proof.speedyKey { writer.keyValue("AUTH_PBKDF2_SPEEDY_KEY", speedy) }
        writer.keyValue("AUTH_PASSWORD", proof.encryptedPassword)
        writer.keyValue("SESSION_CLIENT_CHARSET", "873")
        writer.keyValue("SESSION_CLIENT_DRIVER_NAME", driverName)
        writer.keyValue("SESSION_CLIENT_VERSION", String(UInt32(3) << 24 | UInt32(0) << 20 | UInt32(0) << 12))
        writer.keyValue("AUTH_ALTER_SESSION", "ALTER SESSION SET TIME_ZONE='+00:00'\0", flags: 1)
        writer.keyValue("AUTH_CONNECT_STRING", connectString)
    }

    private mutating func authHeader(_ code: Function, user: String, mode: UInt32, pairs: UInt32) {
        let userBytes = Array(user.utf8)
        function(code)
        writer.uint8(userBytes.isEmpty ? 0 : 1)
        writer.ub4(UInt32(userBytes.count))
        writer.ub4(mode)
        writer.uint8(1)
        writer.ub4(pairs)
        writer.uint8(1)
        writer.uint8(1)
        if !userBytes.isEmpty { writer.bytesWithLength(userBytes) }
    }

    /// Asks for the next `rows` rows of an open cursor.
    mutating func fetch(cursor: UInt16, rows: UInt32) {
        function(.fetch)
        writer.ub4(UInt32(cursor))
        writer.ub4(rows)
    }
}
