import PlugboardCore

/// The smallest valid options of each registered connector type. A new type fails the conformance suite until it
/// adds its own here.
enum ConformanceExamples {
    static let openAPIDocument =
        #"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok"}}}}}}"#

    static let options: [String: JSONObject] = [
        "plugboard.nodes.rest": ["baseUrl": "https://api.example.com"],
        "plugboard.nodes.graphql": ["endpointUrl": "https://api.example.com/graphql"],
        "plugboard.nodes.openapi": ["serverUrl": "https://api.example.com", "document": .string(openAPIDocument)],
        "plugboard.nodes.soap": ["wsdlUrl": "https://soap.example.com/service?wsdl"],
        "plugboard.nodes.postgresql": ["host": "db.example.com", "database": "app"],
        "plugboard.nodes.oracle": ["host": "db.example.com", "serviceName": "FREEPDB1"],
        "plugboard.nodes.mcp": ["serverUrl": "https://mcp.example.com/mcp"],
        "plugboard.nodes.llm": ["provider": "anthropic", "defaultModel": "claude-sonnet-4-5"],
        "plugboard.nodes.smtp": ["host": "smtp.example.com"],
        "plugboard.nodes.telegram": [:],
        "plugboard.nodes.whatsapp": ["phoneNumberId": "106540352242922"],
        "plugboard.nodes.gmail": [:],
        "plugboard.nodes.sftp": ["host": "files.example.com", "hostKeyFingerprint": "SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU"],
        "plugboard.nodes.ftp": ["host": "ftp.example.com", "encryption": "implicit", "port": 990],
        "plugboard.nodes.kafka": ["bootstrapServers": "kafka-1.example.com:9092,kafka-2.example.com"],
        "plugboard.nodes.rabbitmq": ["host": "rabbitmq.example.com", "virtualHost": "orders", "tls": true],
        "plugboard.nodes.openweather": ["units": "imperial", "language": "de"],
        "plugboard.nodes.outline": ["baseUrl": "https://wiki.example.com"],
        "plugboard.nodes.carbone": ["apiVersion": "4"],
        "plugboard.nodes.linear": [:],
        "plugboard.nodes.google-calendar": [:],
        "plugboard.nodes.digital-sign": [:],
        "plugboard.nodes.egov-gateway": ["serviceUrl": "https://smartbridge.example.kz/bip-sync-wss-gost/", "senderId": "plugboard"],
        "plugboard.nodes.amocrm": ["subdomain": "mycompany", "domain": "kommo.com"],
        "plugboard.nodes.bitrix24": ["portalUrl": "https://mycompany.bitrix24.ru", "userId": 7],
    ]
}
