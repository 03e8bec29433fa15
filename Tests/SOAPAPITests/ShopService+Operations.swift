import ConnectorsHTTP
import Foundation

extension ShopService {
    private static let shop = ShopDocuments.shop
    private static let common = ShopDocuments.common

    /// Computes the answer to one body element; elements must be in the right namespace and order.
    func perform(_ operation: XMLTreeElement) throws -> XMLTreeElement {
        let name = operation.name
        switch (name.namespace, name.localName) {
        case (Self.shop, "Add"):
            let a = try integer(operation, "a", Self.shop)
            let b = try integer(operation, "b", Self.shop)
            return Self.element(Self.shop, "AddResponse", [Self.leaf(Self.shop, "sum", String(a + b))])
        case (Self.shop, "Divide"):
            let dividend = try number(operation, "dividend", Self.shop)
            let divisor = try number(operation, "divisor", Self.shop)
            guard divisor != 0 else {
                throw Fault(
                    sender: true, reason: "Division by zero",
                    detail: Self.element(Self.shop, "DivideFault", [Self.leaf(Self.shop, "dividend", String(dividend))]))
            }
            return Self.element(Self.shop, "DivideResponse", [Self.leaf(Self.shop, "quotient", String(dividend / divisor))])
        case (Self.shop, "Multiply"):
            // rpc/literal: the parts are unqualified children of the operation's wrapper.
            let x = try integer(operation, "x", nil)
            let y = try integer(operation, "y", nil)
            return Self.element(Self.shop, "MultiplyResponse", [XMLTreeElement(XMLName(nil, "product"), text: String(x * y))])
        case (Self.shop, "PlaceOrder"):
            return Self.element(Self.shop, "PlaceOrderResponse", [try placeOrder(operation)])
        case (Self.shop, "GetOrder"):
            let id = try text(operation, "id", Self.shop)
            let order = orders.withLock { $0[id] }
            return Self.element(Self.shop, "GetOrderResponse", order.map { [$0] } ?? [])
        default:
            throw Fault(sender: true, reason: "Unknown operation \(name)")
        }
    }

    private func placeOrder(_ request: XMLTreeElement) throws -> XMLTreeElement {
        try expectOrder(request, ["customer", "shipTo", "item", "priority", "giftWrap"])
        let customer = try text(request, "customer", Self.shop)
        if let shipTo = request.element(named: "shipTo") {
            guard shipTo.name.namespace == Self.shop, shipTo.attribute("country") != nil,
                shipTo.element(named: "city", namespace: Self.common) != nil
            else { throw Fault(sender: true, reason: "shipTo needs a country attribute and a c:city") }
        }
        let items = request.elements(named: "item", namespace: Self.common)
        guard !items.isEmpty else { throw Fault(sender: true, reason: "An order needs at least one {\(Self.common)}item") }
        var lines: [XMLTreeElement] = []
        var count = 0
        var total = 0.0
        for item in items {
            try expectOrder(item, ["sku", "quantity", "unitPrice"])
            let quantity = try integer(item, "quantity", Self.common)
            let price = try number(item, "unitPrice", Self.common)
            count += quantity
            total += Double(quantity) * price
            lines.append(Self.element(Self.common, "line", [
                Self.leaf(Self.common, "sku", try text(item, "sku", Self.common)), Self.leaf(Self.common, "quantity", String(quantity)),
                Self.leaf(Self.common, "unitPrice", String(price)),
            ]))
        }
        let priority = request.element(named: "priority", namespace: Self.shop)?.text ?? "standard"
        guard ["standard", "express", "overnight"].contains(priority) else { throw Fault(sender: true, reason: "Unknown priority \(priority)") }
        let id = "ORD-\(orders.withLock { $0.count } + 1001)"
        let order = Self.element(Self.shop, "order", [
            Self.leaf(Self.common, "id", id), Self.leaf(Self.common, "customer", customer), Self.leaf(Self.common, "status", "accepted"),
            Self.leaf(Self.common, "itemCount", String(count)), Self.leaf(Self.common, "total", String(format: "%.2f", total)),
            Self.leaf(Self.common, "express", priority == "standard" ? "false" : "true"),
        ] + lines)
        orders.withLock { $0[id] = order }
        return order
    }

    private func expectOrder(_ element: XMLTreeElement, _ order: [String]) throws {
        let positions = element.elements.map { order.firstIndex(of: $0.name.localName) ?? -1 }
        guard !positions.contains(-1), positions == positions.sorted() else {
            throw Fault(sender: true, reason: "Elements of \(element.name.localName) are out of order: \(element.elements.map(\.name.localName))")
        }
    }

    private func text(_ parent: XMLTreeElement, _ name: String, _ namespace: String?) throws -> String {
        guard let child = parent.elements.first(where: { $0.name == XMLName(namespace, name) }) else {
            throw Fault(sender: true, reason: "Missing element \(XMLName(namespace, name)) in \(parent.name.localName)")
        }
        return child.text
    }

    private func integer(_ parent: XMLTreeElement, _ name: String, _ namespace: String?) throws -> Int {
        guard let value = Int(try text(parent, name, namespace)) else { throw Fault(sender: true, reason: "\(name) must be an integer") }
        return value
    }

    private func number(_ parent: XMLTreeElement, _ name: String, _ namespace: String?) throws -> Double {
        guard let value = Double(try text(parent, name, namespace)) else { throw Fault(sender: true, reason: "\(name) must be a number") }
        return value
    }

    static func element(_ namespace: String, _ name: String, _ children: [XMLTreeElement]) -> XMLTreeElement {
        XMLTreeElement(XMLName(namespace, name), children: children.map { .element($0) })
    }

    static func leaf(_ namespace: String, _ name: String, _ text: String) -> XMLTreeElement {
        XMLTreeElement(XMLName(namespace, name), text: text)
    }
}
