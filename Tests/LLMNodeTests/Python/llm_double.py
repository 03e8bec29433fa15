#!/usr/bin/env python3
"""A faithful local double of three LLM APIs, for Plugboard's llm node tests.

It speaks OpenAI's chat completions, embeddings and models under /openai/v1 (and Azure's under
/openai/deployments/DEPLOYMENT, with its api-key header and api-version parameter),
Anthropic's messages and models under /anthropic/v1, and Ollama's chat, embed and tags under /ollama/api, whole or
streamed, as the providers' official Python SDKs read them (prove_llm_doubles.py checks that first).

The "model" scripts it; none of it is canned per test:
  echo-*          answers "You said: <last user text>"; with tools, calls one (toolChoice decides which), then
                  answers with the tool's result; with JSON output, answers {"answer": <last user text>}
  script-*        the last user text is SCRIPT: [{"name", "arguments"}, ...]: one tool call per turn in that order,
                  then a final answer listing each tool result; LOOP: {"name", "arguments"} calls forever
  bytewise-*      like echo, streamed one byte per write
  stall-*         streams one piece, then stalls for 30 seconds
  gated-NAME      streams one piece, then waits (up to 30 seconds) until POST /_open?gate=NAME before the rest
  slow-*          waits 30 seconds before answering
  overloaded      the provider's overload answer (Anthropic 529 overloaded_error, others 503)
  rate-limited    429 with retry-after: 0, every time
  flaky-429       429 with retry-after: 0 the first time a conversation is seen, then like echo
  context-limit   the provider's context-length refusal, naming a limit of 8192 tokens
Keys: "test-key" is accepted (Bearer, Azure's api-key, Anthropic's x-api-key or Bearer); any other key is 401; Ollama takes
none. Requests are logged per X-Test-Tag header at GET /_requests?tag=TAG.
"""
import argparse
import base64
import hashlib
import json
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

KEY = "test-key"
LOCK = threading.Lock()
SEEN = set()
REQUESTS = {}
GATES = set()


def words(text):
    return len(str(text).split())


def message_text(message):
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content
                        if not isinstance(p, dict) or p.get("type") in ("text", "tool_result"))
    return ""


class Conversation:
    """A request in one neutral shape: messages as (role, text), tool results, tools and the choice."""

    def __init__(self, model, turns, tools, choice, json_output):
        self.model, self.turns, self.tools, self.choice, self.json_output = model, turns, tools, choice, json_output

    def last_user(self):
        for role, text in reversed(self.turns):
            if role == "user":
                return text
        return ""

    def tool_results(self):
        return [text for role, text in self.turns if role == "tool"]

    def answer(self):
        """(text, [(name, arguments)]) the model gives."""
        user = self.last_user()
        results = self.tool_results()
        if self.model.startswith("script-"):
            if user.startswith("LOOP:"):
                call = json.loads(user[5:])
                return "", [(call["name"], call.get("arguments", {}))]
            script = json.loads(user[len("SCRIPT:"):]) if user.startswith("SCRIPT:") else []
            done = len(results)
            if done < len(script):
                return "", [(script[done]["name"], script[done].get("arguments", {}))]
            return "Finished after %d tools: %s" % (done, " | ".join(results)), []
        if self.json_output:
            return json.dumps({"answer": user}), []
        if self.tools and self.choice != "none" and not results:
            tool = next((t for t in self.tools if t["name"] == self.choice), self.tools[0])
            return "", [(tool["name"], arguments_for(tool.get("schema") or {}, user))]
        if results:
            return "Tool said: " + results[-1], []
        return "You said: " + user, []

    def usage(self, text, calls):
        prompt = sum(words(t) for _, t in self.turns) + 1
        return prompt, words(text) + sum(words(json.dumps(a)) for _, a in calls)


def arguments_for(schema, user):
    out = {}
    for name in schema.get("required", []):
        kind = (schema.get("properties", {}).get(name) or {}).get("type", "string")
        out[name] = {"integer": 42, "number": 4.2, "boolean": True, "object": {}, "array": []}.get(kind, user)
    return out


def chunks_of(text, size=6):
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]


def vector(text, dimensions=8):
    digest = hashlib.sha256(text.encode()).digest()
    return [round((b - 128) / 128.0, 4) for b in digest[:dimensions]]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    # MARK: plumbing

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        return json.loads(raw) if raw else {}

    def send_json(self, status, value, headers=()):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, text in headers:
            self.send_header(name, text)
        self.end_headers()
        self.wfile.write(data)

    def start_stream(self, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

    def write_chunk(self, data):
        if self.bytewise:
            for i in range(len(data)):
                self.write_chunk_raw(data[i:i + 1])
        else:
            self.write_chunk_raw(data)

    def write_chunk_raw(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def end_stream(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def sse(self, data, event=None):
        text = ("event: %s\n" % event if event else "") + "data: %s\n\n" % (data if isinstance(data, str) else json.dumps(data))
        self.write_chunk(text.encode())

    def record(self, path, body):
        tag = self.headers.get("X-Test-Tag")
        if tag:
            with LOCK:
                REQUESTS.setdefault(tag, []).append({
                    "method": self.command, "path": path, "body": body,
                    "headers": {k.lower(): v for k, v in self.headers.items()}})

    # MARK: routing

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        url = urlparse(self.path)
        query = parse_qs(url.query)
        body = self.body() if method == "POST" else {}
        self.record(url.path, body)
        if url.path == "/_open":
            with LOCK:
                GATES.add(query.get("gate", [""])[0])
            return self.send_json(200, {"opened": True})
        if url.path == "/_requests":
            tag = query.get("tag", [""])[0]
            with LOCK:
                return self.send_json(200, {"requests": REQUESTS.get(tag, [])})
        dialect, _, rest = url.path.lstrip("/").partition("/")
        if dialect == "openai" and rest.startswith("deployments/"):
            # Azure OpenAI: /openai/deployments/DEPLOYMENT/chat/completions?api-version=…, the deployment is the model.
            _, deployment, rest = rest.split("/", 2)
            rest = "v1/" + rest
            body.setdefault("model", deployment)
        handler = {
            ("openai", "v1/chat/completions"): self.openai_chat, ("openai", "v1/embeddings"): self.openai_embed,
            ("openai", "v1/models"): self.openai_models, ("anthropic", "v1/messages"): self.anthropic_chat,
            ("anthropic", "v1/models"): self.anthropic_models, ("ollama", "api/chat"): self.ollama_chat,
            ("ollama", "api/embed"): self.ollama_embed, ("ollama", "api/tags"): self.ollama_tags,
        }.get((dialect, rest))
        if not handler:
            return self.send_json(404, {"error": {"message": "No route %s %s" % (method, url.path), "type": "not_found"}})
        if not self.authorized(dialect, query):
            return self.refuse_key(dialect)
        self.bytewise = str(body.get("model", "")).startswith("bytewise-")
        handler(body)

    def authorized(self, dialect, query):
        if dialect == "ollama":
            return True
        if dialect == "anthropic":
            # Anthropic takes the key as x-api-key, or as a bearer token (newer SDKs send that).
            keyed = self.headers.get("x-api-key") == KEY or self.headers.get("Authorization") == "Bearer " + KEY
            return keyed and bool(self.headers.get("anthropic-version"))
        if "api-version" in query:
            return self.headers.get("api-key") == KEY
        return self.headers.get("Authorization") == "Bearer " + KEY

    def refuse_key(self, dialect):
        if dialect == "anthropic":
            return self.send_json(401, {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}})
        self.send_json(401, {"error": {"message": "Incorrect API key provided.", "type": "invalid_request_error",
                                       "param": None, "code": "invalid_api_key"}})

    def failure(self, dialect, conversation):
        """The scripted failure for this model, sent; True when one was."""
        model = conversation.model
        if model == "flaky-429":
            key = (dialect, conversation.last_user())
            with LOCK:
                first = key not in SEEN
                SEEN.add(key)
            if not first:
                return False
        if model in ("rate-limited", "flaky-429"):
            if dialect == "anthropic":
                body = {"type": "error", "error": {"type": "rate_limit_error", "message": "Number of requests has exceeded your rate limit"}}
            elif dialect == "ollama":
                body = {"error": "too many requests"}
            else:
                body = {"error": {"message": "Rate limit reached for requests", "type": "requests", "param": None, "code": "rate_limit_exceeded"}}
            self.send_json(429, body, headers=[("retry-after", "0")])
            return True
        if model == "overloaded":
            if dialect == "anthropic":
                self.send_json(529, {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}})
            elif dialect == "ollama":
                self.send_json(503, {"error": "server busy, please try again. maximum pending requests exceeded"})
            else:
                self.send_json(503, {"error": {"message": "The engine is currently overloaded, please try again later", "type": "server_error", "param": None, "code": None}})
            return True
        if model == "context-limit":
            if dialect == "anthropic":
                self.send_json(400, {"type": "error", "error": {"type": "invalid_request_error", "message": "prompt is too long: 9000 tokens > 8192 maximum"}})
            elif dialect == "ollama":
                self.send_json(400, {"error": "the input length exceeds the context length"})
            else:
                self.send_json(400, {"error": {"message": "This model's maximum context length is 8192 tokens. However, your messages resulted in 9000 tokens.", "type": "invalid_request_error", "param": "messages", "code": "context_length_exceeded"}})
            return True
        if model.startswith("slow-"):
            time.sleep(30)
        return False

    # MARK: OpenAI

    def openai_conversation(self, body):
        turns = []
        for m in body.get("messages", []):
            role = m.get("role")
            turns.append(("tool" if role == "tool" else "user" if role == "user" else role, message_text(m)))
        tools = [{"name": t["function"]["name"], "schema": t["function"].get("parameters")} for t in body.get("tools", [])]
        choice = body.get("tool_choice", "auto")
        if isinstance(choice, dict):
            choice = choice.get("function", {}).get("name")
        fmt = (body.get("response_format") or {}).get("type")
        return Conversation(body.get("model", ""), turns, tools, choice, fmt in ("json_object", "json_schema"))

    def openai_chat(self, body):
        c = self.openai_conversation(body)
        if self.failure("openai", c):
            return
        text, calls = c.answer()
        prompt, completion = c.usage(text, calls)
        finish = "tool_calls" if calls else "stop"
        tool_calls = [{"id": "call_%d" % i, "type": "function", "function": {"name": n, "arguments": json.dumps(a)}} for i, (n, a) in enumerate(calls)]
        usage = {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}
        base = {"id": "chatcmpl-double", "created": int(time.time()), "model": c.model}
        if not body.get("stream"):
            message = {"role": "assistant", "content": text or None}
            if tool_calls:
                message["tool_calls"] = tool_calls
            return self.send_json(200, dict(base, object="chat.completion", usage=usage,
                                            choices=[{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}]))
        self.start_stream("text/event-stream")

        def chunk(delta, finish_reason=None):
            return dict(base, object="chat.completion.chunk", choices=[{"index": 0, "delta": delta, "finish_reason": finish_reason}])

        self.sse(chunk({"role": "assistant", "content": ""}))
        for piece in chunks_of(text) if text else []:
            self.sse(chunk({"content": piece}))
            self.pause_if_stalling(c)
        for i, call in enumerate(tool_calls):
            self.sse(chunk({"tool_calls": [{"index": i, "id": call["id"], "type": "function", "function": {"name": call["function"]["name"], "arguments": ""}}]}))
            for piece in chunks_of(call["function"]["arguments"], 5):
                self.sse(chunk({"tool_calls": [{"index": i, "function": {"arguments": piece}}]}))
        self.sse(chunk({}, finish))
        if (body.get("stream_options") or {}).get("include_usage"):
            self.sse(dict(base, object="chat.completion.chunk", choices=[], usage=usage))
        self.sse("[DONE]")
        self.end_stream()

    def pause_if_stalling(self, conversation):
        """After a streamed piece: stall-* stalls; gated-NAME waits for its gate (once)."""
        model = conversation.model
        if model.startswith("stall-"):
            time.sleep(30)
        elif model.startswith("gated-"):
            gate = model[len("gated-"):]
            deadline = time.time() + 30
            while time.time() < deadline:
                with LOCK:
                    if gate in GATES:
                        return
                time.sleep(0.01)

    def openai_embed(self, body):
        inputs = body.get("input")
        inputs = [inputs] if isinstance(inputs, str) else inputs
        data = []
        for i, text in enumerate(inputs):
            v = vector(text)
            if body.get("encoding_format") == "base64":
                v = base64.b64encode(struct.pack("<%df" % len(v), *v)).decode()
            data.append({"object": "embedding", "index": i, "embedding": v})
        tokens = sum(words(t) for t in inputs)
        self.send_json(200, {"object": "list", "data": data, "model": body.get("model"),
                             "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})

    def openai_models(self, body):
        self.send_json(200, {"object": "list", "data": [
            {"id": "echo-1", "object": "model", "created": 1700000000, "owned_by": "plugboard-double"},
            {"id": "script-1", "object": "model", "created": 1700000000, "owned_by": "plugboard-double"}]})

    # MARK: Anthropic

    def anthropic_conversation(self, body):
        turns = []
        for m in body.get("messages", []):
            content = m.get("content")
            if isinstance(content, list) and any(isinstance(p, dict) and p.get("type") == "tool_result" for p in content):
                for p in content:
                    if p.get("type") == "tool_result":
                        inner = p.get("content")
                        turns.append(("tool", inner if isinstance(inner, str) else message_text({"content": inner})))
            else:
                turns.append((m.get("role"), message_text(m)))
        tools = [{"name": t["name"], "schema": t.get("input_schema")} for t in body.get("tools", [])]
        choice = body.get("tool_choice") or {"type": "auto"}
        forced = choice.get("name") if choice.get("type") == "tool" else None
        json_tool = forced if forced and not any(t != forced for t in [x["name"] for x in tools]) and forced == "json_output" else None
        c = Conversation(body.get("model", ""), turns, tools, forced or choice.get("type"), False)
        c.json_tool = json_tool
        return c

    def anthropic_chat(self, body):
        c = self.anthropic_conversation(body)
        if self.failure("anthropic", c):
            return
        if c.json_tool:
            text, calls = "", [(c.json_tool, {"answer": c.last_user()})]
        else:
            text, calls = c.answer()
        prompt, completion = c.usage(text, calls)
        blocks = ([{"type": "text", "text": text}] if text else []) + [
            {"type": "tool_use", "id": "toolu_%d" % i, "name": n, "input": a} for i, (n, a) in enumerate(calls)]
        stop = "tool_use" if calls else "end_turn"
        message = {"id": "msg_double", "type": "message", "role": "assistant", "model": c.model, "content": blocks,
                   "stop_reason": stop, "stop_sequence": None, "usage": {"input_tokens": prompt, "output_tokens": completion}}
        if not body.get("stream"):
            return self.send_json(200, message)
        self.start_stream("text/event-stream")
        self.sse({"type": "message_start", "message": dict(message, content=[], stop_reason=None,
                                                           usage={"input_tokens": prompt, "output_tokens": 1})}, "message_start")
        self.sse({"type": "ping"}, "ping")
        for index, block in enumerate(blocks):
            if block["type"] == "text":
                self.sse({"type": "content_block_start", "index": index, "content_block": {"type": "text", "text": ""}}, "content_block_start")
                for piece in chunks_of(block["text"]):
                    self.sse({"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": piece}}, "content_block_delta")
                    self.pause_if_stalling(c)
            else:
                self.sse({"type": "content_block_start", "index": index, "content_block": dict(block, input={})}, "content_block_start")
                for piece in chunks_of(json.dumps(block["input"]), 5):
                    self.sse({"type": "content_block_delta", "index": index, "delta": {"type": "input_json_delta", "partial_json": piece}}, "content_block_delta")
            self.sse({"type": "content_block_stop", "index": index}, "content_block_stop")
        self.sse({"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None},
                  "usage": {"output_tokens": completion}}, "message_delta")
        self.sse({"type": "message_stop"}, "message_stop")
        self.end_stream()

    def anthropic_models(self, body):
        self.send_json(200, {"data": [
            {"type": "model", "id": "echo-1", "display_name": "Echo One", "created_at": "2025-01-01T00:00:00Z"}],
            "has_more": False, "first_id": "echo-1", "last_id": "echo-1"})

    # MARK: Ollama

    def ollama_conversation(self, body):
        turns = [("tool" if m.get("role") == "tool" else m.get("role"), message_text(m)) for m in body.get("messages", [])]
        tools = [{"name": t["function"]["name"], "schema": t["function"].get("parameters")} for t in body.get("tools", [])]
        fmt = body.get("format")
        return Conversation(body.get("model", ""), turns, tools, "auto", bool(fmt))

    def ollama_chat(self, body):
        c = self.ollama_conversation(body)
        if self.failure("ollama", c):
            return
        text, calls = c.answer()
        prompt, completion = c.usage(text, calls)
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())
        tool_calls = [{"function": {"name": n, "arguments": a}} for n, a in calls]
        final = {"model": c.model, "created_at": now, "done": True, "done_reason": "stop", "total_duration": 1000,
                 "load_duration": 10, "prompt_eval_count": prompt, "prompt_eval_duration": 100, "eval_count": completion, "eval_duration": 500}
        if body.get("stream", True) is False:
            message = {"role": "assistant", "content": text}
            if tool_calls:
                message["tool_calls"] = tool_calls
            return self.send_json(200, dict(final, message=message))
        self.start_stream("application/x-ndjson")

        def line(value):
            self.write_chunk((json.dumps(value) + "\n").encode())

        for piece in chunks_of(text) if text else []:
            line({"model": c.model, "created_at": now, "message": {"role": "assistant", "content": piece}, "done": False})
            self.pause_if_stalling(c)
        if tool_calls:
            line({"model": c.model, "created_at": now, "message": {"role": "assistant", "content": "", "tool_calls": tool_calls}, "done": False})
        line(dict(final, message={"role": "assistant", "content": ""}))
        self.end_stream()

    def ollama_embed(self, body):
        inputs = body.get("input")
        inputs = [inputs] if isinstance(inputs, str) else inputs
        self.send_json(200, {"model": body.get("model"), "embeddings": [vector(t) for t in inputs],
                             "total_duration": 1000, "load_duration": 10, "prompt_eval_count": sum(words(t) for t in inputs)})

    def ollama_tags(self, body):
        self.send_json(200, {"models": [{"name": "echo-1:latest", "model": "echo-1:latest", "modified_at": "2025-01-01T00:00:00Z",
                                         "size": 1000, "digest": "0" * 64,
                                         "details": {"parent_model": "", "format": "gguf", "family": "llama", "families": ["llama"],
                                                     "parameter_size": "1B", "quantization_level": "Q4_0"}}]})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that hung up mid-stream (the timeout tests do) is expected, not worth a traceback.
        import sys
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    args = parser.parse_args()
    server = Server(("127.0.0.1", args.port), Handler)
    if args.port_file:
        with open(args.port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        import os
        os.replace(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
