"""A real MCP server for the MCP node's tests, written with the Python `mcp` package (2.x, MCPServer).

Usage: python3 mcp_test_server.py --transport streamable-http|sse --port PORT [--token TOKEN]

With --token, every request must carry `Authorization: Bearer TOKEN` or gets 401, like a protected server.
POST /forget-sessions drops every streamable-HTTP session, so the next request with an old session id gets 404.
"""

import argparse
import base64

import uvicorn
from mcp.server.mcpserver import Image, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse

# A 1x1 transparent PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)

server = MCPServer("plugboard-test-tools", version="1.4.2")


class Sum(BaseModel):
    sum: float
    count: int


@server.tool(description="Adds a list of numbers and returns their sum and count.")
def add_numbers(numbers: list[float]) -> Sum:
    return Sum(sum=sum(numbers), count=len(numbers))


class Echo(BaseModel):
    echoed: dict
    label: str


@server.tool(description="Returns the given data under 'echoed', with a label.")
def echo(data: dict, label: str = "none") -> Echo:
    return Echo(echoed=data, label=label)


@server.tool(description="Always fails with the given reason.")
def explode(reason: str) -> str:
    raise ToolError(f"explode failed: {reason}")


@server.tool(
    description="Looks up a word's length; reads only.",
    annotations=ToolAnnotations(read_only_hint=True, idempotent_hint=True, destructive_hint=False),
)
def word_length(word: str) -> int:
    return len(word)


@server.tool(
    name="delete-note",
    description="Deletes a note by id.",
    annotations=ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True),
)
def delete_note(note_id: int) -> str:
    return f"deleted note {note_id}"


class Order(BaseModel):
    item: str
    quantity: int


@server.tool(description="Prices an order; its input refers to a nested model through $ref.")
def price_order(order: Order, unit_price: float) -> float:
    return order.quantity * unit_price


@server.tool(description="Returns a one-pixel PNG and a caption.")
def pixel() -> list:
    return ["a transparent pixel", Image(data=PIXEL, format="png")]


@server.custom_route("/forget-sessions", methods=["POST"])
async def forget_sessions(request: Request) -> PlainTextResponse:
    # Test hook: makes every session id unknown, as a server restart or an expiry would.
    server.session_manager._server_instances.clear()
    return PlainTextResponse("forgotten")


class RequireBearer:
    """ASGI middleware refusing HTTP requests without the expected bearer token."""

    def __init__(self, app, token: str):
        self.app = app
        self.expected = f"Bearer {token}".encode()

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            headers = dict(scope.get("headers") or [])
            if headers.get(b"authorization") != self.expected:
                response = JSONResponse({"error": "invalid_token"}, status_code=401,
                                        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transport", choices=["streamable-http", "sse"], required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token")
    arguments = parser.parse_args()
    if arguments.transport == "sse":
        app = server.sse_app()
    else:
        app = server.streamable_http_app()
    if arguments.token:
        app = RequireBearer(app, arguments.token)
    uvicorn.run(app, host="127.0.0.1", port=arguments.port, log_level="warning")


if __name__ == "__main__":
    main()
