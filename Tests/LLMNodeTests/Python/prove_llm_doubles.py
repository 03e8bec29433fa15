#!/usr/bin/env python3
"""Proves the LLM double (llm_double.py) speaks each dialect as the provider does: the official `openai`,
`anthropic` and `ollama` SDKs read every answer the llm node's tests rely on. Exits non-zero on the first
disagreement. Usage: prove_llm_doubles.py http://127.0.0.1:PORT
"""
import json
import sys

import anthropic
import ollama
import openai

ROOT = sys.argv[1].rstrip("/")
KEY = "test-key"
WEATHER = {"name": "get_weather", "description": "The weather in a city.",
           "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}


def check(condition, what):
    if not condition:
        raise SystemExit("The double disagrees with the SDK: " + what)


def expect_error(kind, call, what):
    try:
        call()
    except kind:
        return
    except Exception as error:  # noqa: BLE001
        raise SystemExit("%s: expected %s, got %r" % (what, kind.__name__, error))
    raise SystemExit("%s: expected %s, got an answer" % (what, kind.__name__))


def prove_openai():
    client = openai.OpenAI(base_url=ROOT + "/openai/v1", api_key=KEY, max_retries=0)
    answer = client.chat.completions.create(model="echo-1", messages=[{"role": "user", "content": "hello there"}])
    check(answer.choices[0].message.content == "You said: hello there", "openai plain chat")
    check(answer.usage.prompt_tokens > 0 and answer.usage.completion_tokens == 4, "openai usage")
    tools = [{"type": "function", "function": WEATHER}]
    called = client.chat.completions.create(model="echo-1", messages=[{"role": "user", "content": "Almaty"}], tools=tools)
    call = called.choices[0].message.tool_calls[0]
    check(called.choices[0].finish_reason == "tool_calls" and call.function.name == "get_weather", "openai tool call")
    check(json.loads(call.function.arguments) == {"city": "Almaty"}, "openai tool arguments")
    as_json = client.chat.completions.create(model="echo-1", messages=[{"role": "user", "content": "x"}], response_format={"type": "json_object"})
    check(json.loads(as_json.choices[0].message.content) == {"answer": "x"}, "openai JSON mode")
    for model in ("echo-1", "bytewise-1"):
        text, usage = "", None
        for chunk in client.chat.completions.create(model=model, messages=[{"role": "user", "content": "stream me"}], stream=True,
                                                    stream_options={"include_usage": True}):
            if chunk.choices and chunk.choices[0].delta.content:
                text += chunk.choices[0].delta.content
            usage = chunk.usage or usage
        check(text == "You said: stream me" and usage.completion_tokens == 4, "openai streamed chat (%s)" % model)
    with client.chat.completions.stream(model="echo-1", messages=[{"role": "user", "content": "Astana"}], tools=[
            {"type": "function", "function": dict(WEATHER, strict=False)}]) as stream:
        final = stream.get_final_completion()
    check(json.loads(final.choices[0].message.tool_calls[0].function.arguments) == {"city": "Astana"}, "openai streamed tool call deltas")
    vectors = client.embeddings.create(model="embed-1", input=["a", "b"])
    check(len(vectors.data) == 2 and len(vectors.data[0].embedding) == 8, "openai embeddings (base64, as the SDK asks)")
    check([m.id for m in client.models.list()] == ["echo-1", "script-1"], "openai models")
    azure = openai.AzureOpenAI(azure_endpoint=ROOT, api_key=KEY, api_version="2024-10-21", max_retries=0)
    deployed = azure.chat.completions.create(model="echo-1", messages=[{"role": "user", "content": "azure"}])
    check(deployed.choices[0].message.content == "You said: azure", "azure deployment route with api-key and api-version")
    bad = openai.OpenAI(base_url=ROOT + "/openai/v1", api_key="wrong", max_retries=0)
    expect_error(openai.AuthenticationError, lambda: bad.models.list(), "openai 401")
    expect_error(openai.RateLimitError, lambda: client.chat.completions.create(model="rate-limited", messages=[{"role": "user", "content": "x"}]), "openai 429")
    expect_error(openai.InternalServerError, lambda: client.chat.completions.create(model="overloaded", messages=[{"role": "user", "content": "x"}]), "openai overload")
    expect_error(openai.BadRequestError, lambda: client.chat.completions.create(model="context-limit", messages=[{"role": "user", "content": "x"}]), "openai context length")


def prove_anthropic():
    client = anthropic.Anthropic(base_url=ROOT + "/anthropic", api_key=KEY, max_retries=0)
    answer = client.messages.create(model="echo-1", max_tokens=100, messages=[{"role": "user", "content": "hello there"}])
    check(answer.content[0].text == "You said: hello there" and answer.stop_reason == "end_turn", "anthropic plain chat")
    check(answer.usage.output_tokens == 4, "anthropic usage")
    tool = {"name": WEATHER["name"], "description": WEATHER["description"], "input_schema": WEATHER["parameters"]}
    called = client.messages.create(model="echo-1", max_tokens=100, messages=[{"role": "user", "content": "Almaty"}], tools=[tool])
    check(called.stop_reason == "tool_use" and called.content[0].input == {"city": "Almaty"}, "anthropic tool call")
    forced = client.messages.create(
        model="echo-1", max_tokens=100, messages=[{"role": "user", "content": "x"}],
        tools=[{"name": "json_output", "description": "Answer", "input_schema": {"type": "object"}}], tool_choice={"type": "tool", "name": "json_output"})
    check(forced.content[0].input == {"answer": "x"}, "anthropic JSON through a forced tool")
    for model in ("echo-1", "bytewise-1"):
        with client.messages.stream(model=model, max_tokens=100, messages=[{"role": "user", "content": "stream me"}]) as stream:
            text = "".join(stream.text_stream)
            final = stream.get_final_message()
        check(text == "You said: stream me" and final.usage.output_tokens == 4, "anthropic streamed chat (%s)" % model)
    with client.messages.stream(model="echo-1", max_tokens=100, messages=[{"role": "user", "content": "Astana"}], tools=[tool]) as stream:
        final = stream.get_final_message()
    check(final.content[0].input == {"city": "Astana"}, "anthropic streamed tool input deltas")
    check([m.id for m in client.models.list()] == ["echo-1"], "anthropic models")
    bad = anthropic.Anthropic(base_url=ROOT + "/anthropic", api_key="wrong", max_retries=0)
    expect_error(anthropic.AuthenticationError, lambda: bad.models.list(), "anthropic 401")
    expect_error(anthropic.RateLimitError, lambda: client.messages.create(model="rate-limited", max_tokens=10, messages=[{"role": "user", "content": "x"}]), "anthropic 429")
    expect_error(anthropic.APIStatusError, lambda: client.messages.create(model="overloaded", max_tokens=10, messages=[{"role": "user", "content": "x"}]), "anthropic overload")
    expect_error(anthropic.BadRequestError, lambda: client.messages.create(model="context-limit", max_tokens=10, messages=[{"role": "user", "content": "x"}]), "anthropic context length")


def prove_ollama():
    client = ollama.Client(host=ROOT + "/ollama")
    answer = client.chat(model="echo-1", messages=[{"role": "user", "content": "hello there"}])
    check(answer.message.content == "You said: hello there" and answer.eval_count == 4, "ollama plain chat and usage")
    called = client.chat(model="echo-1", messages=[{"role": "user", "content": "Almaty"}], tools=[{"type": "function", "function": WEATHER}])
    check(called.message.tool_calls[0].function.arguments == {"city": "Almaty"}, "ollama tool call")
    as_json = client.chat(model="echo-1", messages=[{"role": "user", "content": "x"}], format="json")
    check(json.loads(as_json.message.content) == {"answer": "x"}, "ollama JSON mode")
    for model in ("echo-1", "bytewise-1"):
        parts = list(client.chat(model=model, messages=[{"role": "user", "content": "stream me"}], stream=True))
        check("".join(p.message.content for p in parts) == "You said: stream me" and parts[-1].done, "ollama streamed chat (%s)" % model)
    streamed_call = [p for p in client.chat(model="echo-1", messages=[{"role": "user", "content": "Astana"}], stream=True,
                                            tools=[{"type": "function", "function": WEATHER}]) if p.message.tool_calls]
    check(streamed_call[0].message.tool_calls[0].function.arguments == {"city": "Astana"}, "ollama streamed tool call")
    check(len(client.embed(model="embed-1", input=["a", "b"]).embeddings) == 2, "ollama embeddings")
    check([m.model for m in client.list().models] == ["echo-1:latest"], "ollama model list")
    expect_error(ollama.ResponseError, lambda: client.chat(model="overloaded", messages=[{"role": "user", "content": "x"}]), "ollama overload")


prove_openai()
prove_anthropic()
prove_ollama()
print("The LLM double agrees with the openai %s, anthropic %s and ollama SDKs." % (openai.__version__, anthropic.__version__))
