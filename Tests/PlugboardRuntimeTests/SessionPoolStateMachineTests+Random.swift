@testable import PlugboardRuntime
import Testing

extension SessionPoolStateMachineTests {
    /// One randomized run: a seed and the pool's shape.
    struct RandomRun: Sendable, CustomTestStringConvertible {
        var seed: UInt64
        var maxSessions: Int
        var leasesPerSession: Int
        var retireAfter: Int?

        var testDescription: String { "seed \(seed), \(maxSessions) sessions × \(leasesPerSession) leases" }
    }

    @Test(arguments: [
        RandomRun(seed: 1, maxSessions: 1, leasesPerSession: 1, retireAfter: nil),
        RandomRun(seed: 2, maxSessions: 3, leasesPerSession: 1, retireAfter: 2500),
        RandomRun(seed: 3, maxSessions: 2, leasesPerSession: 3, retireAfter: nil),
        RandomRun(seed: 4, maxSessions: 4, leasesPerSession: 2, retireAfter: 2800),
        RandomRun(seed: 5, maxSessions: 1, leasesPerSession: 4, retireAfter: nil),
    ])
    func randomEventsKeepEveryPromise(run: RandomRun) {
        var random = SplitMix64(state: run.seed)
        var model = PoolModel(
            settings: .init(
                maxSessions: run.maxSessions, leasesPerSession: run.leasesPerSession, idleTimeout: .milliseconds(500),
                backoff: .init(afterFailures: 2, initial: .milliseconds(50), maximum: .seconds(1))
            ),
            now: t0
        )
        for step in 0..<3000 {
            if step == run.retireAfter { model.retire() }
            model.step(quiet: step / 250 % 3 == 1, using: &random)
            model.checkInvariants()
            guard model.problems.isEmpty else {
                model.problems.insert("at step \(step):", at: 0)
                break
            }
        }
        model.drain(using: &random)
        #expect(model.problems.isEmpty, "\(model.problems.prefix(5))")
        let reached: Set = [
            "lease", "open", "wait", "openFailed", "cancelled", "tooManyConnections", "retired", "dedicated lease",
            "dedicated open", "full", "swept", "closed broken", "closed after retire",
        ]
        #expect(model.seen.isSuperset(of: reached), "never reached \(reached.subtracting(model.seen).sorted())")
    }

    /// A tiny seeded generator, so a failing run can be replayed.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Drives a pool as its owner would and keeps the ledger of what each caller holds, to check the promises.
    struct PoolModel {
        struct Lease { var session: Int, dedicated: Bool }
        struct Waiting { var dedicated: Bool, deadline: ContinuousClock.Instant? }

        let settings: Machine.Settings
        var machine: Machine
        var now: ContinuousClock.Instant
        var problems: [String] = []
        var nextWaiter = 0
        var waiting: [Int: Waiting] = [:]
        var resolutions: [Int: Int] = [:]
        var held: [Lease] = []
        var opening: [Int: Bool] = [:]
        var open: Set<Int> = []
        var broken: Set<Int> = []
        var lastUsed: [Int: ContinuousClock.Instant] = [:]
        var handedOut: Set<Int> = []
        var everOpened: Set<Int> = []
        var closes: [Int: Int] = [:]
        var retired = false
        /// What the run went through, to check it reached the interesting states.
        var seen: Set<String> = []

        init(settings: Machine.Settings, now: ContinuousClock.Instant) {
            self.settings = settings
            self.machine = Machine(settings: settings)
            self.now = now
        }

        mutating func require(_ condition: Bool, _ message: String) {
            if !condition { problems.append(message) }
        }

        /// One random event; busy stretches pile up waiters, quiet ones let sessions go idle and be swept.
        mutating func step(quiet: Bool, using random: inout SplitMix64) {
            let roll = Int.random(in: 0..<100, using: &random)
            switch quiet ? roll + 100 : roll {
            case 0..<32, 100..<103: request(dedicated: false, using: &random)
            case 32..<36, 103..<104: request(dedicated: true, using: &random)
            case 36..<50, 104..<120: finishOpening(succeeds: true, using: &random)
            case 50..<54, 120..<122: finishOpening(succeeds: false, using: &random)
            case 54..<76, 122..<162: release(using: &random)
            case 76..<82, 162..<166: cancelWaiting(using: &random)
            case 82..<84, 166..<168: cancelAny(using: &random)
            case 84..<88, 168..<180: sweep()
            default: now += .milliseconds(Int.random(in: 0...100, using: &random))
            }
        }

        mutating func request(dedicated: Bool, using random: inout SplitMix64) {
            let waiter = nextWaiter
            nextWaiter += 1
            let deadline = Int.random(in: 0..<5, using: &random) == 0
                ? nil : now + .milliseconds(Int.random(in: 0...500, using: &random))
            let outcome = machine.request(waiter, dedicated: dedicated, deadline: deadline, now: now)
            if retired { require(outcome == .fail(.retired), "request \(waiter) after retire: \(outcome)") }
            if case .fail(.openFailed) = outcome { seen.insert("failed fast in back-off") }
            if outcome == .wait {
                seen.insert("wait")
                waiting[waiter] = Waiting(dedicated: dedicated, deadline: deadline)
            } else {
                resolve(waiter, dedicated: dedicated, outcome)
            }
        }

        mutating func finishOpening(succeeds: Bool, using random: inout SplitMix64) {
            guard let session = opening.keys.sorted().randomElement(using: &random) else { return }
            finishOpening(session, succeeds: succeeds)
        }

        mutating func finishOpening(_ session: Int, succeeds: Bool) {
            guard let dedicated = opening.removeValue(forKey: session) else { return }
            if succeeds {
                open.insert(session)
                everOpened.insert(session)
                lastUsed[session] = now
                held.append(Lease(session: session, dedicated: dedicated))
                apply(machine.opened(session, now: now))
            } else {
                apply(machine.openFailed(session, error: DialError(reason: "refused \(session)"), now: now))
            }
        }

        mutating func release(using random: inout SplitMix64) {
            guard !held.isEmpty else { return }
            let index = Int.random(in: held.indices, using: &random)
            release(at: index, broken: Int.random(in: 0..<10, using: &random) == 0)
        }

        mutating func release(at index: Int, broken isBroken: Bool) {
            let lease = held.remove(at: index)
            if isBroken { broken.insert(lease.session) }
            lastUsed[lease.session] = now
            let actions = machine.released(lease.session, broken: isBroken, now: now)
            let lastLease = !held.contains { $0.session == lease.session }
            let mustClose = lastLease && (retired || broken.contains(lease.session))
            require(actions.close == (mustClose ? [lease.session] : []), "released \(lease.session): \(actions.close)")
            if mustClose { seen.insert(retired ? "closed after retire" : "closed broken") }
            apply(actions)
        }

        mutating func cancelWaiting(using random: inout SplitMix64) {
            guard let waiter = waiting.keys.sorted().randomElement(using: &random),
                  let entry = waiting.removeValue(forKey: waiter)
            else { return }
            let expected: FailureKind = entry.deadline.map { now >= $0 } == true ? .tooManyConnections : .cancelled
            let result = machine.waiterCancelled(waiter, now: now)?.outcome
            require(result == .fail(expected), "cancelling waiter \(waiter): \(String(describing: result))")
            resolve(waiter, dedicated: entry.dedicated, result ?? .fail(expected))
        }

        mutating func cancelAny(using random: inout SplitMix64) {
            guard nextWaiter > 0 else { return }
            let waiter = Int.random(in: 0..<nextWaiter, using: &random)
            guard waiting[waiter] == nil else { return }
            require(machine.waiterCancelled(waiter, now: now) == nil, "cancelling resumed waiter \(waiter)")
        }

        mutating func sweep() {
            let actions = machine.idleSweep(now: now)
            for session in actions.close {
                let idleFor = lastUsed[session].map { $0.duration(to: now) } ?? .zero
                require(idleFor >= settings.idleTimeout, "session \(session) swept after \(idleFor)")
            }
            if !actions.close.isEmpty { seen.insert("swept") }
            apply(actions)
            for session in open where !held.contains(where: { $0.session == session }) {
                let idleFor = lastUsed[session].map { $0.duration(to: now) } ?? .zero
                require(idleFor < settings.idleTimeout, "session \(session) idle for \(idleFor) survived the sweep")
            }
        }

        mutating func retire() {
            retired = true
            let actions = machine.retire()
            require(actions.resumed.allSatisfy { $0.outcome == .fail(.retired) }, "retire resumed \(actions.resumed)")
            apply(actions)
        }

        mutating func apply(_ actions: Machine.Actions) {
            for session in actions.close {
                require(open.remove(session) != nil, "closed session \(session) that is not open")
                require(!held.contains { $0.session == session }, "closed session \(session) that has a lease")
                closes[session, default: 0] += 1
            }
            for (waiter, result) in actions.resume {
                guard let entry = waiting.removeValue(forKey: waiter) else {
                    problems.append("resumed waiter \(waiter) that is not waiting")
                    continue
                }
                resolve(waiter, dedicated: entry.dedicated, result.outcome)
            }
        }

        mutating func resolve(_ waiter: Int, dedicated: Bool, _ outcome: Outcome) {
            seen.insert(dedicated ? "dedicated \(outcome.kind)" : outcome.kind)
            resolutions[waiter, default: 0] += 1
            require(resolutions[waiter] == 1, "waiter \(waiter) resumed twice")
            switch outcome {
            case .lease(let session):
                require(open.contains(session), "lease on session \(session) that is not open")
                held.append(Lease(session: session, dedicated: dedicated))
            case .open(let session):
                require(handedOut.insert(session).inserted, "session id \(session) handed out twice")
                opening[session] = dedicated
            case .wait:
                problems.append("waiter \(waiter) resumed with wait")
            case .fail:
                break
            }
        }

        mutating func checkInvariants() {
            if machine.sessionCount == settings.maxSessions { seen.insert("full") }
            require(machine.sessionCount <= settings.maxSessions, "\(machine.sessionCount) sessions")
            require(machine.sessionCount == open.count + opening.count, "session count \(machine.sessionCount)")
            require(machine.leasesInUse == held.count, "leases in use \(machine.leasesInUse), held \(held.count)")
            require(machine.waiterCount == waiting.count, "waiters \(machine.waiterCount), waiting \(waiting.count)")
            let leases = Dictionary(grouping: held, by: \.session)
            for (session, onSession) in leases {
                require(open.contains(session), "lease on session \(session) that is not open")
                require(onSession.count <= settings.leasesPerSession, "\(onSession.count) leases on \(session)")
                if onSession.contains(where: \.dedicated) {
                    require(onSession.count == 1, "dedicated session \(session) has \(onSession.count) leases")
                }
            }
            if retired { require(waiting.isEmpty, "waiters after retire") }
            if !waiting.isEmpty {
                require(!held.isEmpty || !opening.isEmpty, "waiters stranded: \(waiting.keys.sorted())")
            }
            let usable = open.filter { session in
                !broken.contains(session) && leases[session]?.contains(where: \.dedicated) != true
            }
            let load = { (session: Int) in leases[session]?.count ?? 0 }
            if waiting.values.contains(where: { !$0.dedicated }) {
                require(usable.allSatisfy { load($0) >= settings.leasesPerSession }, "a waiter waits beside room")
            }
            if waiting.values.contains(where: \.dedicated) {
                require(usable.allSatisfy { load($0) > 0 }, "a dedicated waiter waits beside an idle session")
            }
        }

        /// Retires the pool, returns every lease and settles every open, then checks nothing leaked.
        mutating func drain(using random: inout SplitMix64) {
            if !retired { retire() }
            while problems.isEmpty, !held.isEmpty || !opening.isEmpty {
                if let session = opening.keys.min() {
                    finishOpening(session, succeeds: Bool.random(using: &random))
                } else {
                    release(at: 0, broken: Bool.random(using: &random))
                }
                checkInvariants()
            }
            require(machine.sessionCount == 0 && machine.waiterCount == 0, "left over after drain")
            require((0..<nextWaiter).allSatisfy { resolutions[$0] == 1 }, "a waiter was never resumed")
            require(everOpened.allSatisfy { closes[$0] == 1 }, "a session was not closed exactly once")
            require(Set(closes.keys).isSubset(of: everOpened), "closed a session that never opened")
        }
    }
}

extension SessionPoolStateMachineTests.Outcome {
    /// The outcome without its session id, to count what a randomized run went through.
    var kind: String {
        switch self {
        case .lease: "lease"
        case .open: "open"
        case .wait: "wait"
        case .fail(let failure):
            switch failure {
            case .openFailed: "openFailed"
            default: "\(failure)"
            }
        }
    }
}
