import Foundation
import PlugboardCore

/// A sign-in that was started and has not come back yet: what `/oauth2/callback` needs to finish it. Found by the
/// hash of its `state`, used once, and kept for minutes only. The PKCE verifier is sealed like a credential secret.
public struct OAuth2AuthorizationRecord: Sendable, Hashable {
    /// SHA-256 of the `state` sent to the provider, hex; the state itself is never stored.
    public var stateHash: String
    /// The application of the credential.
    public var applicationID: String
    /// The credential that receives the tokens.
    public var credentialID: String
    /// The PKCE code verifier, sealed for the credential.
    public var sealedVerifier: SealedSecret
    /// The redirect URI sent to the provider, sent again when the code is exchanged.
    public var redirectURI: String
    /// The API token that started the sign-in, for the log.
    public var startedBy: String
    /// When the sign-in started.
    public var createdAt: Date
    /// After this the callback is refused.
    public var expiresAt: Date

    public init(
        stateHash: String, applicationID: String, credentialID: String, sealedVerifier: SealedSecret, redirectURI: String,
        startedBy: String, createdAt: Date, expiresAt: Date
    ) {
        self.stateHash = stateHash
        self.applicationID = applicationID
        self.credentialID = credentialID
        self.sealedVerifier = sealedVerifier
        self.redirectURI = redirectURI
        self.startedBy = startedBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
