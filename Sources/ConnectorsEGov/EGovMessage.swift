import ConnectorsHTTP
import Foundation
import PlugboardCore

/// SmartBridge's channels and the message metadata they carry (the SyncChannel v10 and AsyncChannel v10 types).
enum EGovChannel: Sendable {
    case sync, async

    var namespace: String {
        switch self {
        case .sync: return "http://bip.bee.kz/SyncChannel/v10/Types"
        case .async: return "http://bip.bee.kz/AsyncChannel/v10/Types"
        }
    }

    /// The element holding the metadata: `requestInfo` (sync) or `messageInfo` (async).
    var infoElement: String { self == .sync ? "requestInfo" : "messageInfo" }
    /// The element holding the payload: `requestData` (sync) or `messageData` (async).
    var dataElement: String { self == .sync ? "requestData" : "messageData" }
}

/// A request's metadata, written in the schema's order: messageId, correlationId, serviceId, (messageType,)
/// messageDate, sender, sessionId.
struct EGovRequestInfo: Sendable {
    var messageID = UUID().uuidString.lowercased()
    var correlationID: String?
    var serviceID: String
    /// Async only: REQUEST.
    var messageType: String?
    var messageDate = Date()
    var senderID: String
    var password: String
    var sessionID: String?

    func element(_ channel: EGovChannel) -> XMLTreeElement {
        var children: [XMLTreeNode] = [Self.text("messageId", messageID)]
        if let correlationID { children.append(Self.text("correlationId", correlationID)) }
        children.append(Self.text("serviceId", serviceID))
        if let messageType { children.append(Self.text("messageType", messageType)) }
        children.append(Self.text("messageDate", Self.dateTime(messageDate)))
        children.append(.element(XMLTreeElement(XMLName(nil, "sender"), children: [Self.text("senderId", senderID), Self.text("password", password)])))
        if let sessionID { children.append(Self.text("sessionId", sessionID)) }
        return XMLTreeElement(XMLName(nil, channel.infoElement), children: children)
    }

    static func text(_ name: String, _ value: String) -> XMLTreeNode {
        .element(XMLTreeElement(XMLName(nil, name), text: value))
    }

    /// xs:dateTime with milliseconds and the offset, as SmartBridge writes it.
    static func dateTime(_ date: Date) -> String {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = TimeZone(secondsFromGMT: 5 * 3600)
        format.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSSxxx"
        return format.string(from: date)
    }
}
