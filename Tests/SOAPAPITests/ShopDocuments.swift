/// The documents the local shop service serves: a WSDL split over two files (`wsdl:import`), with its types in
/// schemas reached through `xsd:include` and `xsd:import`, plus broken and hostile documents for the refusal tests.
enum ShopDocuments {
    static let shop = "urn:plugboard:shop"
    static let common = "urn:plugboard:common"

    /// The concrete WSDL: bindings for SOAP 1.1 and 1.2 and the service; imports the abstract part.
    static func service(base: String, importBase: String? = nil) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
            xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:tns="\(shop)" targetNamespace="\(shop)">
          <wsdl:import namespace="\(shop)" location="\(importBase ?? "")abstract.wsdl"/>
          <wsdl:binding name="ShopSoap11Binding" type="tns:ShopPortType">
            <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
            \(operations(prefix: "soap"))
          </wsdl:binding>
          <wsdl:binding name="ShopSoap12Binding" type="tns:ShopPortType">
            <soap12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
            \(operations(prefix: "soap12"))
          </wsdl:binding>
          <wsdl:service name="ShopService">
            <wsdl:documentation>Orders and arithmetic for the Plugboard tests.</wsdl:documentation>
            <wsdl:port name="ShopSoap11" binding="tns:ShopSoap11Binding"><soap:address location="\(base)/soap11"/></wsdl:port>
            <wsdl:port name="ShopSoap12" binding="tns:ShopSoap12Binding"><soap12:address location="\(base)/soap12"/></wsdl:port>
          </wsdl:service>
        </wsdl:definitions>
        """
    }

    private static func operations(prefix: String) -> String {
        let documentOperations = ["Add", "Divide", "PlaceOrder", "GetOrder"].map { name in
            """
            <wsdl:operation name="\(name)">
              <\(prefix):operation soapAction="\(shop):\(name)"/>
              <wsdl:input><\(prefix):body use="literal"/></wsdl:input>
              <wsdl:output><\(prefix):body use="literal"/></wsdl:output>
            </wsdl:operation>
            """
        }
        let rpc = """
            <wsdl:operation name="Multiply">
              <\(prefix):operation soapAction="\(shop):Multiply" style="rpc"/>
              <wsdl:input><\(prefix):body use="literal" namespace="\(shop)"/></wsdl:input>
              <wsdl:output><\(prefix):body use="literal" namespace="\(shop)"/></wsdl:output>
            </wsdl:operation>
            """
        return (documentOperations + [rpc]).joined(separator: "\n")
    }

    /// The abstract WSDL: types (including and importing schemas), messages and the port type.
    static let abstract = """
        <?xml version="1.0" encoding="UTF-8"?>
        <wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"
            xmlns:tns="\(shop)" targetNamespace="\(shop)">
          <wsdl:types>
            <xsd:schema targetNamespace="\(shop)" elementFormDefault="qualified">
              <xsd:include schemaLocation="schemas/shop.xsd"/>
            </xsd:schema>
          </wsdl:types>
          \(["Add", "Divide", "PlaceOrder", "GetOrder"].map { """
            <wsdl:message name="\($0)Request"><wsdl:part name="parameters" element="tns:\($0)"/></wsdl:message>
            <wsdl:message name="\($0)Response"><wsdl:part name="parameters" element="tns:\($0)Response"/></wsdl:message>
            """ }.joined(separator: "\n"))
          <wsdl:message name="MultiplyRequest">
            <wsdl:part name="x" type="xsd:int"/><wsdl:part name="y" type="xsd:int"/>
          </wsdl:message>
          <wsdl:message name="MultiplyResponse"><wsdl:part name="product" type="xsd:long"/></wsdl:message>
          <wsdl:portType name="ShopPortType">
            <wsdl:operation name="Add">
              <wsdl:documentation>Adds two integers.</wsdl:documentation>
              <wsdl:input message="tns:AddRequest"/><wsdl:output message="tns:AddResponse"/>
            </wsdl:operation>
            <wsdl:operation name="Divide">
              <wsdl:documentation>Divides; a zero divisor is a Client fault.</wsdl:documentation>
              <wsdl:input message="tns:DivideRequest"/><wsdl:output message="tns:DivideResponse"/>
            </wsdl:operation>
            <wsdl:operation name="PlaceOrder">
              <wsdl:documentation>Places an order and returns it with its total.</wsdl:documentation>
              <wsdl:input message="tns:PlaceOrderRequest"/><wsdl:output message="tns:PlaceOrderResponse"/>
            </wsdl:operation>
            <wsdl:operation name="GetOrder">
              <wsdl:input message="tns:GetOrderRequest"/><wsdl:output message="tns:GetOrderResponse"/>
            </wsdl:operation>
            <wsdl:operation name="Multiply">
              <wsdl:input message="tns:MultiplyRequest"/><wsdl:output message="tns:MultiplyResponse"/>
            </wsdl:operation>
          </wsdl:portType>
        </wsdl:definitions>
        """

    /// The shop's elements, included into the WSDL's schema; imports the common types.
    static let shopSchema = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:tns="\(shop)" xmlns:c="\(common)"
            targetNamespace="\(shop)" elementFormDefault="qualified">
          <xsd:import namespace="\(common)" schemaLocation="common.xsd"/>
          <xsd:element name="Add">
            <xsd:complexType><xsd:sequence>
              <xsd:element name="a" type="xsd:int"/><xsd:element name="b" type="xsd:int"/>
            </xsd:sequence></xsd:complexType>
          </xsd:element>
          <xsd:element name="AddResponse">
            <xsd:complexType><xsd:sequence><xsd:element name="sum" type="xsd:long"/></xsd:sequence></xsd:complexType>
          </xsd:element>
          <xsd:element name="Divide">
            <xsd:complexType><xsd:sequence>
              <xsd:element name="dividend" type="xsd:double"/><xsd:element name="divisor" type="xsd:double"/>
            </xsd:sequence></xsd:complexType>
          </xsd:element>
          <xsd:element name="DivideResponse">
            <xsd:complexType><xsd:sequence><xsd:element name="quotient" type="xsd:double"/></xsd:sequence></xsd:complexType>
          </xsd:element>
          <xsd:element name="PlaceOrder">
            <xsd:complexType><xsd:sequence>
              <xsd:element name="customer" type="xsd:string"/>
              <xsd:element name="shipTo" type="c:Address" minOccurs="0"/>
              <xsd:element ref="c:item" maxOccurs="unbounded"/>
              <xsd:element name="priority" type="c:Priority" minOccurs="0"/>
              <xsd:element name="giftWrap" type="xsd:boolean" minOccurs="0"/>
            </xsd:sequence></xsd:complexType>
          </xsd:element>
          <xsd:element name="PlaceOrderResponse">
            <xsd:complexType><xsd:sequence><xsd:element name="order" type="c:Order"/></xsd:sequence></xsd:complexType>
          </xsd:element>
          <xsd:element name="GetOrder">
            <xsd:complexType><xsd:sequence><xsd:element name="id" type="xsd:string"/></xsd:sequence></xsd:complexType>
          </xsd:element>
          <xsd:element name="GetOrderResponse">
            <xsd:complexType><xsd:sequence><xsd:element name="order" type="c:Order" minOccurs="0"/></xsd:sequence></xsd:complexType>
          </xsd:element>
        </xsd:schema>
        """

    /// The common types, in their own namespace.
    static let commonSchema = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:c="\(common)" targetNamespace="\(common)"
            elementFormDefault="qualified">
          <xs:simpleType name="Priority">
            <xs:restriction base="xs:string">
              <xs:enumeration value="standard"/><xs:enumeration value="express"/><xs:enumeration value="overnight"/>
            </xs:restriction>
          </xs:simpleType>
          <xs:simpleType name="Status">
            <xs:restriction base="xs:string"><xs:enumeration value="accepted"/><xs:enumeration value="shipped"/></xs:restriction>
          </xs:simpleType>
          <xs:complexType name="Address">
            <xs:sequence>
              <xs:element name="street" type="xs:string"/>
              <xs:element name="city" type="xs:string"/>
              <xs:element name="postcode" type="xs:string" minOccurs="0"/>
            </xs:sequence>
            <xs:attribute name="country" type="xs:string" use="required"/>
          </xs:complexType>
          <xs:complexType name="LineItem">
            <xs:sequence>
              <xs:element name="sku" type="xs:string"/>
              <xs:element name="quantity" type="xs:int"/>
              <xs:element name="unitPrice" type="xs:decimal"/>
            </xs:sequence>
          </xs:complexType>
          <xs:element name="item" type="c:LineItem"/>
          <xs:complexType name="Entity">
            <xs:sequence><xs:element name="id" type="xs:string"/></xs:sequence>
          </xs:complexType>
          <xs:complexType name="Order">
            <xs:complexContent>
              <xs:extension base="c:Entity">
                <xs:sequence>
                  <xs:element name="customer" type="xs:string"/>
                  <xs:element name="status" type="c:Status"/>
                  <xs:element name="itemCount" type="xs:int"/>
                  <xs:element name="total" type="xs:decimal"/>
                  <xs:element name="express" type="xs:boolean"/>
                  <xs:element name="line" type="c:LineItem" minOccurs="0" maxOccurs="unbounded"/>
                </xs:sequence>
              </xs:extension>
            </xs:complexContent>
          </xs:complexType>
        </xs:schema>
        """

    /// A response carrying an external entity (XXE).
    static let xxeResponse = """
        <?xml version="1.0"?>
        <!DOCTYPE soap:Envelope [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
        <AddResponse xmlns="\(shop)"><sum>&x;</sum></AddResponse></soap:Body></soap:Envelope>
        """

    /// The billion laughs document.
    static let billionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
         <!ENTITY lol "lol">
         <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
         <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
         <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
        ]>
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
        <AddResponse xmlns="\(shop)"><sum>&lol9;</sum></AddResponse></soap:Body></soap:Envelope>
        """

    /// Not well-formed: the definitions element is never closed.
    static let broken = """
        <?xml version="1.0"?>
        <wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" targetNamespace="\(shop)">
          <wsdl:message name="Broken"><wsdl:part name="p" type="xsd:string"/></wsdl:message>
        """
}
