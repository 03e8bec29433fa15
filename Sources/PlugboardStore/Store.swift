import Foundation
import PlugboardCore

/// Plugboard's persistent state. Every method is one transaction; failures are `ConnectorError`s
/// (`already_exists`, `conflict`, `not_found`, `connector_in_use`), never half-written rows.
///
/// The SQLite store is the embedded default; a PostgreSQL store implements the same protocol.
public protocol Store: Sendable {
    // MARK: Applications
    func insertApplication(_ application: ApplicationRecord) async throws
    func applications(_ page: PageRequest) async throws -> Page<ApplicationRecord>
    /// By id or by name.
    func application(_ reference: String) async throws -> ApplicationRecord?

    // MARK: Credentials
    func insertCredential(_ credential: CredentialRecord) async throws
    /// Replaces the row if its version is still `expectedVersion`.
    func updateCredential(_ credential: CredentialRecord, expectedVersion: Int) async throws
    /// By id or by name, within the application.
    func credential(applicationID: String, _ reference: String) async throws -> CredentialRecord?
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
    func insertConnector(_ connector: ConnectorRecord) async throws
    /// Replaces the row if its version is still `expectedVersion`.
    func updateConnector(_ connector: ConnectorRecord, expectedVersion: Int) async throws
    /// By id or by name, within the application.
    func connector(applicationID: String, _ reference: String) async throws -> ConnectorRecord?
    func connectors(applicationID: String, filter: ConnectorFilter, _ page: PageRequest) async throws -> Page<ConnectorRecord>
    /// Refused with `connector_in_use` (listing them) while dependents exist.
    func deleteConnector(applicationID: String, id: String) async throws
    func insertDependent(_ dependent: DependentRecord) async throws
    func deleteDependent(id: String) async throws
    func dependents(connectorID: String) async throws -> [DependentRecord]

    // MARK: Tokens
    func insertToken(_ token: TokenRecord) async throws
    func token(hash: String) async throws -> TokenRecord?
    func tokens(applicationID: String?) async throws -> [TokenRecord]
    func deleteToken(id: String) async throws
    func tokenCount() async throws -> Int
    func touchToken(id: String, at date: Date) async throws

    // MARK: Executions
    func insertExecutions(_ executions: [ExecutionRecord]) async throws
    func executions(applicationID: String, filter: ExecutionFilter, _ page: PageRequest) async throws -> Page<ExecutionRecord>

    // MARK: Metadata
    func metadata(_ key: String) async throws -> Data?
    func setMetadata(_ key: String, _ value: Data) async throws
}
