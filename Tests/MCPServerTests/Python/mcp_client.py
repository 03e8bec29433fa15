#!/usr/bin/env python3
"""An independent MCP client (the `mcp` package from PyPI) driving Plugboard, for Tests/MCPServerTests.

Connects over Streamable HTTP (--url, --token) or stdio (--binary, --data, --application, [--token]) and runs one
operation, printing JSON lines on stdout:

  list                 {"tools": [...], "resources": [...]}
  call TOOL ARGS_JSON  {"isError": bool, "text": "...", "structured": {...}}
  read URI             {"contents": ["..."]}
  watch SECONDS        prints {"ready": true, "tools": [...]} once listed, then waits for
                       notifications/tools/list_changed and prints {"changed": true|false, "tools": [...]}
"""
import argparse
import asyncio
import json
import sys

import anyio
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


def emit(value):
    print(json.dumps(value), flush=True)


def tool_json(tool):
    annotations = tool.annotations.model_dump(by_alias=True, exclude_none=True) if tool.annotations else {}
    return {"name": tool.name, "title": tool.title, "description": tool.description,
            "inputSchema": tool.input_schema, "annotations": annotations}


def server_for(args):
    if args.transport == "http":
        headers = {"Authorization": f"Bearer {args.token}"} if args.token else {}
        return streamable_http_client(args.url, http_client=create_mcp_http_client(headers=headers))
    command_args = ["mcp", "--application", args.application, "--data", args.data]
    if args.token:
        command_args += ["--token", args.token]
    env = {"PLUGBOARD_EGRESS_ALLOW": "127.0.0.0/8,::1/128", "LOG_LEVEL": "notice"}
    return StdioServerParameters(command=args.binary, args=command_args, env=env)


async def main(args):
    changed = anyio.Event()

    async def on_message(message):
        if getattr(message, "method", None) == "notifications/tools/list_changed":
            changed.set()

    async with Client(server_for(args), message_handler=on_message, read_timeout_seconds=60) as client:
        if args.op == "list":
            tools = await client.list_tools(cache_mode="bypass")
            resources = await client.list_resources(cache_mode="bypass")
            emit({"tools": [tool_json(t) for t in tools.tools],
                  "resources": [{"uri": str(r.uri), "name": r.name, "mimeType": r.mime_type} for r in resources.resources]})
        elif args.op == "call":
            result = await client.call_tool(args.params[0], json.loads(args.params[1]))
            text = "\n".join(block.text for block in result.content if getattr(block, "type", "") == "text")
            emit({"isError": result.is_error, "text": text, "structured": result.structured_content})
        elif args.op == "read":
            result = await client.read_resource(args.params[0])
            emit({"contents": [getattr(c, "text", None) for c in result.contents]})
        elif args.op == "watch":
            tools = await client.list_tools(cache_mode="bypass")
            emit({"ready": True, "tools": [t.name for t in tools.tools]})
            with anyio.move_on_after(float(args.params[0])):
                await changed.wait()
            tools = await client.list_tools(cache_mode="bypass")
            emit({"changed": changed.is_set(), "tools": [t.name for t in tools.tools]})


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--transport", choices=["http", "stdio"], required=True)
    parser.add_argument("--url")
    parser.add_argument("--token")
    parser.add_argument("--binary")
    parser.add_argument("--data")
    parser.add_argument("--application")
    parser.add_argument("op", choices=["list", "call", "read", "watch"])
    parser.add_argument("params", nargs="*")
    try:
        asyncio.run(main(parser.parse_args()))
    except Exception as error:  # report, do not hide: the Swift test prints stderr
        print(f"mcp_client failed: {type(error).__name__}: {error}", file=sys.stderr)
        raise
