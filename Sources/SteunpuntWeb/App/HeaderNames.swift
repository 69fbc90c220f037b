import HTTPTypes

/// Header names Steunpunt sets that HTTPTypes does not predefine.
extension HTTPField.Name {
    static let apiVersion = Self("API-Version")!
    static let xTotalCount = Self("X-Total-Count")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
    /// The digest of the representation (RFC 9530): `sha-256=:<base64>:`.
    static let reprDigest = Self("Repr-Digest")!
}
