import HTTPTypes

/// Header names Steunpunt sets that HTTPTypes does not predefine.
extension HTTPField.Name {
    static let apiVersion = Self("API-Version")!
    static let xTotalCount = Self("X-Total-Count")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
}
