@testable import PlugboardRuntime
import Testing

/// A credential change: sessions opened with an older version take no new leases and close once idle; sessions that
/// read the credential per call live on.
extension SessionPoolStateMachineTests {
    @Test func aNewCredentialVersionClosesIdleSessionsThatHoldTheOldOneAndSparesTheRest() {
        var pool = pool(max: 3, leases: 1)
        #expect(pool.request(1, now: t0) == .open(0))
        _ = pool.opened(0, credentialVersion: 1, now: t0)
        #expect(pool.request(2, now: t0) == .open(1))
        _ = pool.opened(1, credentialVersion: nil, now: t0)
        _ = pool.released(0, broken: false, now: at(1))
        _ = pool.released(1, broken: false, now: at(1))
        #expect(pool.credentialSeen(2, now: at(2)).close == [0])
        #expect(pool.credentialSeen(2, now: at(2)).close.isEmpty, "a version seen before changes nothing")
        #expect(pool.request(3, now: at(3)) == .lease(1), "the session that reads the credential per call lives on")
        #expect(pool.sessionCount == 1)
    }

    @Test func aBusySessionWithTheOldCredentialClosesWithItsLastLeaseAndFreesItsSlot() {
        var pool = pool(max: 1, leases: 1)
        #expect(pool.request(1, now: t0) == .open(0))
        _ = pool.opened(0, credentialVersion: 1, now: t0)
        #expect(pool.request(2, now: t0) == .wait)
        let seen = pool.credentialSeen(2, now: at(1))
        #expect(seen.close.isEmpty && seen.resumed.isEmpty)
        let released = pool.released(0, broken: false, now: at(2))
        #expect(released.close == [0] && released.resumed == [.init(2, .open(1))])
    }

    @Test func aSessionOpenedWithAnOutdatedCredentialServesOnlyItsOpener() {
        var pool = pool(max: 2, leases: 2)
        #expect(pool.request(1, now: t0) == .open(0))
        _ = pool.credentialSeen(2, now: t0)
        #expect(pool.opened(0, credentialVersion: 1, now: at(1)).resumed.isEmpty)
        #expect(pool.request(2, now: at(1)) == .open(1), "session 0 holds version 1 and takes no new lease")
        #expect(pool.released(0, broken: false, now: at(2)).close == [0])
    }
}
