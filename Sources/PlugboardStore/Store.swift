import Foundation
import PlugboardCore

/// Plugboard's persistent state. Every method is one transaction; failures are `ConnectorError`s
/// (`already_exists`, `conflict`, `not_found`, `connector_in_use`), never half-written rows.
///
/// The SQLite store is the embedded default; a PostgreSQL store implements the same protocol.
public protocol Store: ToolBindingStore {
    // MARK: Applications
    /// Adds an application; `already_exists` when the name is taken.
    func insertApplication(_ application: ApplicationRecord) async throws
    /// A page of applications, by name.
    func applications(_ page: PageRequest) async throws -> Page<ApplicationRecord>
    /// By id or by name.
    func application(_ reference: String) async throws -> ApplicationRecord?

    // MARK: Credentials
    /// Adds a credential; `already_exists` when the name is taken in the application.
    func insertCredential(_ credential: CredentialRecord) async throws
    /// Replaces the row if its version is still `expectedVersion`.
    func updateCredential(_ credential: CredentialRecord, expectedVersion: Int) async throws
    /// By id or by name, within the application.
    func credential(applicationID: String, _ reference: String) async throws -> CredentialRecord?
    /// A page of the application's credentials, by name.
    func credentials(applicationID: String, _ page: PageRequest) async throws -> Page<CredentialRecord>
    /// Names of the given credentials, by id.
    func credentialNames(ids: [String]) async throws -> [String: String]
    /// Refused with `connector_in_use` (listing them) while connectors use it.
    func deleteCredential(applicationID: String, id: String) async throws
    /// Ids of credentials whose data key is not wrapped by `keyID`, for key rotation.
    func credentialIDs(notWrappedBy keyID: String) async throws -> [(applicationID: String, id: String)]
    /// Replaces only the sealed secret, for key rotation.
    func replaceSealedSecret(credentialID: String, from old: SealedSecret, to new: SealedSecret) async throws
    /// How many credentials each master key wraps.
    func credentialCountsByKey() async throws -> [String: Int]

    // MARK: Connectors
    /// Adds a connector; `already_exists` when the name is taken in the application.
    func insertConnector(_ connector: ConnectorRecord) async throws
    /// Replaces the row if its version is still `expectedVersion`.
    func updateConnector(_ connector: ConnectorRecord, expectedVersion: Int) async throws
    /// By id or by name, within the application.
    func connector(applicationID: String, _ reference: String) async throws -> ConnectorRecord?
    /// A page of the application's connectors that match `filter`, in its order.
    func connectors(applicationID: String, filter: ConnectorFilter, _ page: PageRequest) async throws -> Page<ConnectorRecord>
    /// Refused with `connector_in_use` (listing them) while dependents exist.
    func deleteConnector(applicationID: String, id: String) async throws
    /// Records something that uses a connector, which then cannot be deleted.
    func insertDependent(_ dependent: DependentRecord) async throws
    /// Removes a dependent; nothing happens when there is none with this id.
    func deleteDependent(id: String) async throws
    /// What uses the connector, oldest first.
    func dependents(connectorID: String) async throws -> [DependentRecord]

    // MARK: Tokens
    /// Adds an API token record (its hash, never the token).
    func insertToken(_ token: TokenRecord) async throws
    /// The token with this SHA-256 hash, or nil; how requests are authenticated.
    func token(hash: String) async throws -> TokenRecord?
    /// The application's tokens, oldest first; every token, global ones included, when `applicationID` is nil.
    func tokens(applicationID: String?) async throws -> [TokenRecord]
    /// Deletes a token; `not_found` when there is none with this id.
    func deleteToken(id: String) async throws
    /// How many tokens exist, so a first start knows to make an admin token.
    func tokenCount() async throws -> Int
    /// Records when a token last authenticated a request.
    func touchToken(id: String, at date: Date) async throws

    // MARK: Executions
    /// Adds a batch of execution records in one transaction.
    func insertExecutions(_ executions: [ExecutionRecord]) async throws
    /// A page of the application's executions that match `filter`, newest first.
    func executions(applicationID: String, filter: ExecutionFilter, _ page: PageRequest) async throws -> Page<ExecutionRecord>

    // MARK: Metadata
    /// The value stored under `key` (such as the master-key canary), or nil.
    func metadata(_ key: String) async throws -> Data?
    /// Stores `value` under `key`, replacing what was there.
    func setMetadata(_ key: String, _ value: Data) async throws
}
