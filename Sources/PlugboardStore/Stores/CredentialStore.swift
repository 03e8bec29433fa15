import PlugboardCore

/// Credentials, sealed: their records, what master-key rotation reads and rewrites, and OAuth2 sign-ins under way.
public protocol CredentialStore: Sendable {
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
    /// Records a started OAuth2 sign-in, and forgets ones that expired more than an hour ago.
    func insertAuthorization(_ authorization: OAuth2AuthorizationRecord) async throws
    /// Removes and returns the sign-in with this state hash, so it finishes at most once; nil when there is none.
    func takeAuthorization(stateHash: String) async throws -> OAuth2AuthorizationRecord?
}
