import PlugboardCore
import PlugboardNetwork

/// Networks with policies other than the fixture's loopback allowance.
enum GuardedNetworkFactory {
    static func defaultPolicy() -> GuardedNetwork { GuardedNetwork(policy: EgressPolicy()) }
}
