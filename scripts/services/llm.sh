#!/usr/bin/env bash
# Sourced by scripts/test.sh (after scripts/lib.sh): starts the LLM double (Tests/LLMNodeTests/Python/llm_double.py:
# OpenAI-compatible, Azure, Anthropic and Ollama dialects on one loopback port), proves it with the providers'
# official Python SDKs (prove_llm_doubles.py; a disagreement fails the run), and stops it when the script exits.
# Exports:
#   PLUGBOARD_TEST_LLM_URL  the double's root, http://127.0.0.1:<port>

start_llm_double() {
  ensure_python_packages openai==3.60.0 anthropic==2.16.0 ollama==0.6.3
  local folder port_file
  folder="Tests/LLMNodeTests/Python"
  port_file="$(mktemp -u /tmp/plugboard-llm.XXXXXX.port)"
  python3 "$folder/llm_double.py" --port-file "$port_file" &
  local pid=$!
  on_exit "kill $pid 2>/dev/null; rm -f '$port_file'"
  local attempt
  for attempt in $(seq 1 100); do
    if [ -s "$port_file" ]; then
      export PLUGBOARD_TEST_LLM_URL="http://127.0.0.1:$(cat "$port_file")"
      python3 "$folder/prove_llm_doubles.py" "$PLUGBOARD_TEST_LLM_URL" >&2
      return 0
    fi
    sleep 0.1
  done
  echo "error: the LLM double did not start" >&2
  return 1
}
