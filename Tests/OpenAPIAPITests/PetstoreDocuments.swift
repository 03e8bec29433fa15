import PlugboardCore

/// The Petstore API the test server implements, as OpenAPI 3.1 JSON and OpenAPI 3.0 YAML.
enum PetstoreDocuments {
    /// OpenAPI 3.1 with servers `/v1` (index 0) and `/v2` (index 1) on `host`, given as a server variable default.
    static func openAPI31(host: String) -> JSONValue {
        let pet: JSONValue = ["$ref": "#/components/schemas/Pet"]
        let petID: JSONValue = [
            "name": "petId", "in": "path", "required": true, "description": "The pet's number.", "schema": ["type": "integer", "minimum": 1],
        ]
        let notFound: JSONValue = ["description": "No such pet"]
        return [
            "openapi": "3.1.0",
            "info": ["title": "Petstore", "version": "1.0.0"],
            "servers": [
                ["url": "http://{host}/v1", "description": "Version 1", "variables": ["host": ["default": .string(host)]]],
                ["url": "http://{host}/v2", "description": "Version 2", "variables": ["host": ["default": .string(host)]]],
            ],
            "paths": [
                "/pets": [
                    "get": [
                        "operationId": "listPets", "summary": "List pets", "description": "Pets in the store, filtered.",
                        "parameters": [
                            ["name": "limit", "in": "query", "description": "How many pets at most.", "schema": ["type": "integer", "minimum": 1, "maximum": 100]],
                            ["name": "tag", "in": "query", "description": "Only pets with one of these tags.", "schema": ["type": "array", "items": ["type": "string"]]],
                        ],
                        "responses": ["200": ["description": "Pets", "content": ["application/json": ["schema": ["type": "array", "items": pet]]]]],
                    ],
                    "post": [
                        "operationId": "createPet", "summary": "Add a pet",
                        "requestBody": ["required": true, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/NewPet"]]]],
                        "responses": ["201": ["description": "Created", "content": ["application/json": ["schema": pet]]]],
                    ],
                ],
                "/pets/{petId}": [
                    "parameters": [petID],
                    "get": [
                        "operationId": "getPet", "summary": "Find a pet by number",
                        "responses": ["200": ["description": "The pet", "content": ["application/json": ["schema": pet]]], "404": notFound],
                    ],
                    "delete": ["operationId": "deletePet", "summary": "Remove a pet", "responses": ["204": ["description": "Removed"], "404": notFound]],
                ],
                "/stats": ["get": ["operationId": "petStats", "security": [["petKey": []]], "responses": ["200": ["description": "Counts"]]]],
                "/stats-by-query": ["get": ["operationId": "petStatsByQuery", "security": [["queryKey": []]], "responses": ["200": ["description": "Counts"]]]],
                "/me": ["get": ["operationId": "whoAmI", "security": [["bearerAuth": []]], "responses": ["200": ["description": "The caller"]]]],
                "/admin": ["get": ["operationId": "adminPing", "security": [["basicAuth": []]], "responses": ["200": ["description": "Admin"]]]],
                "/health": ["get": ["summary": "Health check", "responses": ["200": ["description": "Healthy"]]]],
            ],
            "components": [
                "schemas": [
                    "Pet": [
                        "type": "object", "required": ["id", "name"],
                        "properties": [
                            "id": ["type": "integer", "readOnly": true], "name": ["type": "string"], "tag": ["type": ["string", "null"]],
                        ],
                    ],
                    "NewPet": [
                        "type": "object", "required": ["name"],
                        "properties": [
                            "id": ["type": "integer", "readOnly": true],
                            "name": ["type": "string", "minLength": 1, "description": "What the pet is called."], "tag": ["type": "string"],
                            "parent": ["$ref": "#/components/schemas/NewPet"],
                        ],
                    ],
                ],
                "securitySchemes": [
                    "petKey": ["type": "apiKey", "in": "header", "name": "X-Pet-Key"],
                    "queryKey": ["type": "apiKey", "in": "query", "name": "api_key"],
                    "bearerAuth": ["type": "http", "scheme": "bearer"],
                    "basicAuth": ["type": "http", "scheme": "basic"],
                ],
            ],
        ]
    }

    /// The same API as OpenAPI 3.0.3 YAML (`nullable`, path-level parameters through `$ref`).
    static func openAPI30(host: String) -> String {
        """
        openapi: 3.0.3
        info:
          title: Petstore
          version: 1.0.0
        servers:
          - url: http://{host}/v1
            description: Version 1
            variables:
              host:
                default: "\(host)"
          - url: http://{host}/v2
            description: Version 2
            variables:
              host:
                default: "\(host)"
        paths:
          /pets:
            get:
              operationId: listPets
              summary: List pets
              parameters:
                - name: limit
                  in: query
                  description: How many pets at most.
                  schema:
                    type: integer
                    minimum: 1
                    maximum: 100
                - name: tag
                  in: query
                  description: Only pets with one of these tags.
                  schema:
                    type: array
                    items:
                      type: string
              responses:
                '200':
                  description: Pets
                  content:
                    application/json:
                      schema:
                        type: array
                        items:
                          $ref: '#/components/schemas/Pet'
            post:
              operationId: createPet
              summary: Add a pet
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      $ref: '#/components/schemas/NewPet'
              responses:
                '201':
                  description: Created
          /pets/{petId}:
            parameters:
              - $ref: '#/components/parameters/PetId'
            get:
              operationId: getPet
              summary: Find a pet by number
              responses:
                '200':
                  description: The pet
                '404':
                  description: No such pet
            delete:
              operationId: deletePet
              responses:
                '204':
                  description: Removed
          /stats:
            get:
              operationId: petStats
              security:
                - petKey: []
              responses:
                '200':
                  description: Counts
          /me:
            get:
              operationId: whoAmI
              security:
                - bearerAuth: []
              responses:
                '200':
                  description: The caller
          /health:
            get:
              summary: Health check
              responses:
                '200':
                  description: Healthy
        components:
          parameters:
            PetId:
              name: petId
              in: path
              required: true
              description: The pet's number.
              schema:
                type: integer
                minimum: 1
          schemas:
            Pet:
              type: object
              required: [id, name]
              properties:
                id:
                  type: integer
                  readOnly: true
                name:
                  type: string
                tag:
                  type: string
                  nullable: true
            NewPet:
              type: object
              required: [name]
              properties:
                id:
                  type: integer
                  readOnly: true
                name:
                  type: string
                  minLength: 1
                  description: What the pet is called.
                tag:
                  type: string
                  nullable: true
                parent:
                  $ref: '#/components/schemas/NewPet'
          securitySchemes:
            petKey:
              type: apiKey
              in: header
              name: X-Pet-Key
            bearerAuth:
              type: http
              scheme: bearer
        """
    }
}
