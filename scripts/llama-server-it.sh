#!/usr/bin/env bash
# Opt-in integration test against a real llama.cpp llama-server (issue #19). Not part of .ci/run: the first build
# takes 15-30+ minutes on 2 cores. Later runs reuse the cached build and take a few minutes.
#
#   scripts/llama-server-it.sh            # build (cached), make a tiny model, serve it, run the checks
#   LABELPANEL_CACHE=/path scripts/llama-server-it.sh
#
# What it does:
#   1. llama.cpp source: the git bundle (llama/gitRelease.bundle) that the node-llama-cpp npm package ships, fetched
#      with `npm pack` into the cache; llama-server built with cmake + g++ (cached under $CACHE/llama.cpp/build).
#   2. A tiny random-weight llama GGUF (byte vocabulary, 2 layers) written with llama.cpp's own gguf-py.
#   3. llama-server on 127.0.0.1 with a GBNF grammar that allows only label phrases ("NSFW", "Answer: SFW",
#      "It is SFW, not NSFW.", a refusal), so the random model gives parseable, sometimes wordy answers.
#   4. labelpanel against it: validate --ping prints the served model; a run whose answers parse (cut answers too)
#      and whose votes record the served model; a server restart mid-run loses nothing; a wrong port fails non-zero
#      with a clear message.
#   5. constrained answers (issue #20): labelers with constrain: grammar and constrain: json_schema (a request's own
#      grammar or schema replaces the server's) and logprobs: true; every answer parses (no off-format or cut-off
#      no-vote), the self-criticism follow-up too, and the votes carry label_probs.
# Needs: java 17, the fat jar (mvn -pl pipelines -am package -DskipTests), npm, git, cmake, g++, python3 + numpy.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${LABELPANEL_CACHE:-$HOME/.cache/labelpanel}/llama.cpp
JOBS=${JOBS:-2}
PORT=${PORT:-18089}
WORK=$(mktemp -d /tmp/labelpanel-llama-it.XXXXXX)
SERVER_PID=
EXTRA_PIDS=()
fail() { echo "llama-server-it: FAILED: $*" >&2; exit 1; }
note() { echo "llama-server-it: $*" >&2; }
cleanup() { kill $SERVER_PID "${EXTRA_PIDS[@]}" 2>/dev/null || true; }
trap cleanup EXIT
mkdir -p "$CACHE"

# --- 1. llama.cpp source from the node-llama-cpp package, and llama-server -------------------------------------
SERVER_BIN=$CACHE/build/bin/llama-server
if [ ! -x "$SERVER_BIN" ]; then
  if [ ! -d "$CACHE/src/.git" ]; then
    if [ ! -f "$CACHE/npm/package/llama/gitRelease.bundle" ]; then
      mkdir -p "$CACHE/npm"
      (cd "$CACHE/npm" && npm pack node-llama-cpp --silent >pack.txt && tar xzf "$(tail -1 pack.txt)")
    fi
    [ -f "$CACHE/npm/package/llama/gitRelease.bundle" ] || fail "node-llama-cpp has no llama/gitRelease.bundle"
    git clone -q "$CACHE/npm/package/llama/gitRelease.bundle" "$CACHE/src"
  fi
  note "building llama-server with $JOBS jobs (15-30+ minutes the first time); log: $CACHE/build.log"
  cmake -S "$CACHE/src" -B "$CACHE/build" -DCMAKE_BUILD_TYPE=Release -DLLAMA_CURL=OFF -DGGML_NATIVE=ON \
    -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=ON >"$CACHE/build.log" 2>&1 \
    || fail "cmake configure failed: $CACHE/build.log"
  cmake --build "$CACHE/build" --target llama-server -j "$JOBS" >>"$CACHE/build.log" 2>&1 \
    || fail "build failed: $CACHE/build.log"
fi
note "llama-server: $SERVER_BIN"

# --- 2. a tiny random-weight model -----------------------------------------------------------------------------
MODEL=$CACHE/tiny-labeler.gguf
if [ ! -f "$MODEL" ]; then
  PYTHONPATH="$CACHE/src/gguf-py" python3 - "$MODEL" <<'PY'
import sys
import numpy as np
import gguf

out = sys.argv[1]
rng = np.random.default_rng(19)
n_embd, n_ff, n_layer, n_head, ctx = 64, 128, 2, 4, 2048
tokens = ["<unk>", "<s>", "</s>"] + ["<0x%02X>" % b for b in range(256)]
types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL] + [gguf.TokenType.BYTE] * 256
n_vocab = len(tokens)
w = gguf.GGUFWriter(out, "llama")
w.add_name("tiny-labeler")
w.add_context_length(ctx)
w.add_embedding_length(n_embd)
w.add_block_count(n_layer)
w.add_feed_forward_length(n_ff)
w.add_head_count(n_head)
w.add_head_count_kv(n_head)
w.add_rope_dimension_count(n_embd // n_head)
w.add_layer_norm_rms_eps(1e-5)
w.add_file_type(gguf.LlamaFileType.ALL_F32)
w.add_tokenizer_model("llama")
w.add_token_list(tokens)
w.add_token_scores([0.0] * n_vocab)
w.add_token_types(types)
w.add_bos_token_id(1)
w.add_eos_token_id(2)
w.add_unk_token_id(0)
w.add_add_bos_token(True)
def t(name, *shape):
    w.add_tensor(name, (rng.standard_normal(shape) * 0.02).astype(np.float32))
t("token_embd.weight", n_vocab, n_embd)
w.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
t("output.weight", n_vocab, n_embd)
for i in range(n_layer):
    w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(n_embd, dtype=np.float32))
    w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
    for n in ("attn_q", "attn_k", "attn_v", "attn_output"):
        t(f"blk.{i}.{n}.weight", n_embd, n_embd)
    t(f"blk.{i}.ffn_gate.weight", n_ff, n_embd)
    t(f"blk.{i}.ffn_up.weight", n_ff, n_embd)
    t(f"blk.{i}.ffn_down.weight", n_embd, n_ff)
w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
PY
fi
note "model: $MODEL"

# --- 3. serve it with grammars of label phrases ----------------------------------------------------------------
# The main server (labelers a, filler, calibrator) may answer any label phrase; greedy decoding of the random model
# picks one. Two more servers each allow one wordy phrase only, so that real finish_reason: length answers occur:
# labeler c's "It is SFW, not NSFW." is cut at its max_tokens (12 byte tokens: "It is SFW, n", one label: a vote),
# labeler b's refusal is cut at 32 ("I'm sorry, but I can't help with": a refusal, not cut-off).
cat >"$WORK/labels.gbnf" <<'GBNF'
root ::= "NSFW" | "SFW" | "Answer: NSFW" | "Answer: SFW" | "It is SFW, not NSFW." | "It is NSFW, not SFW." | "I'm sorry, but I can't help with classifying this conversation."
GBNF
echo 'root ::= "It is SFW, not NSFW."' >"$WORK/wordy.gbnf"
echo "root ::= \"I'm sorry, but I can't help with classifying this conversation.\"" >"$WORK/refusal.gbnf"
serve() { # $1 = port, $2 = grammar file; sets LAST_PID (a child of this shell, so that wait works)
  # --chat-template llama2: the tiny model has none, and with the server's fallback (chatml) this llama.cpp puts the
  # template's generation prompt into a json_schema grammar, which then fails to initialise (HTTP 400).
  "$SERVER_BIN" -m "$MODEL" --host 127.0.0.1 --port "$1" -c 4096 -np 4 -t 1 --chat-template llama2 \
    --grammar-file "$2" >>"$WORK/server-$1.log" 2>&1 &
  LAST_PID=$!
  for _ in $(seq 1 120); do
    kill -0 "$LAST_PID" 2>/dev/null || fail "llama-server on port $1 exited: $(tail -3 "$WORK/server-$1.log")"
    curl -sf "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  fail "llama-server on port $1 did not become healthy: $WORK/server-$1.log"
}
start_server() { serve "$PORT" "$WORK/labels.gbnf"; SERVER_PID=$LAST_PID; }
start_server
serve $((PORT + 2)) "$WORK/wordy.gbnf"; EXTRA_PIDS+=("$LAST_PID")
serve $((PORT + 3)) "$WORK/refusal.gbnf"; EXTRA_PIDS+=("$LAST_PID")

# --- 4. labelpanel against it ----------------------------------------------------------------------------------
JAR=$(ls "$ROOT"/pipelines/target/labelpanel-pipelines-*-all.jar 2>/dev/null | head -1 || true)
[ -n "$JAR" ] || fail "no fat jar: run mvn -B -pl pipelines -am package -DskipTests first"
labelers() { # $1 = port of the main server; b and c are served from $1+3 and $1+2 (see above)
  for n in a b c filler calibrator; do
    local port=$1 mt=32
    [ "$n" = b ] && port=$(($1 + 3))
    [ "$n" = c ] && port=$(($1 + 2)) && mt=12
    echo "  - {name: $n, base_url: 'http://127.0.0.1:$port/v1', model: tiny-labeler, max_tokens: $mt,"
    echo "     max_concurrency: 2, max_attempts: ${ATTEMPTS:-5}, timeout_seconds: 30}"
  done
}
write_config() { # $1 = port, $2 = file
  cat >"$2" <<YAML
input: {paths: ['$ROOT/sample-data/dialogues/openai.jsonl']}
items: {granularities: [utterance]}
labelers:
$(labelers "$1")
roles: {panel: [a, b, c], filler: filler, calibrator: calibrator}
cache: {mode: use, dir: '$WORK/cache'}
YAML
}
java_lp() { java -Xmx1g -jar "$JAR" "$@"; }

write_config "$PORT" "$WORK/good.yaml"
java_lp validate --config "$WORK/good.yaml" --ping >"$WORK/ping.txt" 2>&1 || fail "validate --ping: $(cat "$WORK/ping.txt")"
grep -q "served by" "$WORK/ping.txt" || fail "validate --ping names no served model: $(cat "$WORK/ping.txt")"
note "ping: $(grep 'served by' "$WORK/ping.txt" | head -1)"

# A run with a server restart in the middle: nothing may be lost (retries and deferred calls carry it over).
java_lp run --config "$WORK/good.yaml" --out "$WORK/out" --quiet >"$WORK/run.out" 2>"$WORK/run.err" &
RUN_PID=$!
sleep 20
note "restarting llama-server mid-run"
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
sleep 3
start_server
wait "$RUN_PID" && RC=0 || RC=$?
[ "$RC" = 0 ] || [ "$RC" = 3 ] || fail "run exited $RC: $(tail -20 "$WORK/run.err")"
python3 - "$WORK/out/run-summary.json" <<'PY' || fail "run summary checks (see above)"
import json, sys
s = json.load(open(sys.argv[1]))
calls = s["calls"]
bad = []
for name, c in calls.items():
    nv = c.get("no_votes", {})
    if nv.get("call-failed"):
        bad.append(f"{name}: {nv['call-failed']} calls failed across the restart")
    if not c.get("served_models") and c.get("cache_misses"):
        bad.append(f"{name}: no served model recorded")
    if nv.get("unparseable"):
        bad.append(f"{name}: {nv['unparseable']} grammar-constrained answers did not parse")
print("llama-server-it: calls", json.dumps({k: {"answers": v["answers"], "no_votes": v.get("no_votes", {}),
      "served_models": v.get("served_models", {})} for k, v in calls.items()}), file=sys.stderr)
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
PY
# Finding 1 on real answers: c's cut "It is SFW, n" is an SFW vote (finish_reason length kept), b's cut refusal is a
# refusal, and the 1-1 items (a's label vs c's) went to the filler. Read from the Parquet with pyarrow.
PY=${LABELPANEL_PYTHON:-$HOME/.cache/labelpanel-ci/python-datasets/bin/python}
"$PY" -c 'import pyarrow' 2>/dev/null || fail "no Python with pyarrow at $PY (set LABELPANEL_PYTHON; .ci/run makes one)"
"$PY" - "$WORK/out" <<'PY' || fail "cut-answer checks on the written votes (see above)"
import collections, glob, sys
import pyarrow.parquet as pq
votes = collections.Counter()
sources = collections.Counter()
for f in glob.glob(sys.argv[1] + "/*/*.parquet"):
    for r in pq.read_table(f).to_pylist():
        sources[r["label_source"]] += 1
        for v in r["votes"]:
            votes[(v["labeler"], v["finish_reason"], v["label"] or v["no_vote_reason"])] += 1
print("llama-server-it: votes", dict(votes), "label sources", dict(sources), file=sys.stderr)
bad = []
if not votes[("c", "length", "SFW")] or any(k[0] == "c" and k != ("c", "length", "SFW") for k in votes):
    bad.append("labeler c: every cut 'It is SFW, n' must be an SFW vote with finish_reason length")
if not votes[("b", "length", "refusal")] or any(k[0] == "b" and k != ("b", "length", "refusal") for k in votes):
    bad.append("labeler b: every cut refusal must be a refusal no-vote with finish_reason length")
if any(k[2] == "cut-off" for k in votes):
    bad.append("cut-off no-votes although every cut answer resolved")
if bad:
    print("\n".join(bad), file=sys.stderr)
    sys.exit(1)
PY

grep -q "configured model 'tiny-labeler' but the endpoint answered as" "$WORK/run.err" \
  || note "no served-model warning (the server named the model tiny-labeler?)"

# A wrong port: non-zero, with a clear message.
write_config "$((PORT + 10))" "$WORK/wrong.yaml"   # and b, c on +13, +12: nothing listens there
sed -i 's/max_attempts: [0-9]*/max_attempts: 1/; s/timeout_seconds: 30/timeout_seconds: 2/' "$WORK/wrong.yaml"
printf 'limits: {deferred_attempts: 0}\n' >>"$WORK/wrong.yaml"
sed -i "s|dir: '$WORK/cache'|dir: '$WORK/cache-wrong'|" "$WORK/wrong.yaml"
if java_lp run --config "$WORK/wrong.yaml" --out "$WORK/out-wrong" --quiet >"$WORK/wrong.out" 2>"$WORK/wrong.err"; then
  fail "a run against a wrong port exited 0"
fi
grep -Eq "calls failed|127.0.0.1:$((PORT + 10))" "$WORK/wrong.err" || fail "no clear message: $(tail -5 "$WORK/wrong.err")"
note "wrong port: $(grep -E 'calls failed|run failed|127.0.0.1' "$WORK/wrong.err" | head -2)"
# --- 5. constrained answers: the request's grammar / JSON schema, and log-probabilities ---------------------------
cat >"$WORK/constrained.yaml" <<YAML
input: {paths: ['$ROOT/sample-data/dialogues/openai.jsonl']}
items: {granularities: [utterance]}
labelers:
  - {name: g, base_url: 'http://127.0.0.1:$PORT/v1', model: tiny-labeler, max_tokens: 16, constrain: grammar,
     logprobs: true, max_concurrency: 2, timeout_seconds: 30}
  - {name: j, base_url: 'http://127.0.0.1:$PORT/v1', model: tiny-labeler, max_tokens: 48, constrain: json_schema,
     logprobs: true, critique_max_tokens: 256, max_concurrency: 2, timeout_seconds: 30}
roles: {panel: [g, j], filler: j, calibrator: g}
vote_rule: valid-majority:1
cache: {mode: off}
YAML
java_lp validate --config "$WORK/constrained.yaml" --ping >"$WORK/ping-constrained.txt" 2>&1 \
  || fail "validate --ping with constrain: $(cat "$WORK/ping-constrained.txt")"
RC=0
java_lp run --config "$WORK/constrained.yaml" --out "$WORK/out-constrained" --quiet \
  >"$WORK/constrained.out" 2>"$WORK/constrained.err" || RC=$?
[ "$RC" = 0 ] || [ "$RC" = 3 ] || fail "constrained run exited $RC: $(tail -20 "$WORK/constrained.err")"
python3 - "$WORK/out-constrained/run-summary.json" <<'PY' || fail "constrained run checks (see above)"
import json, sys
calls = json.load(open(sys.argv[1]))["calls"]
bad = [f"{n}: {c['no_votes']}" for n, c in calls.items()
       if any(c.get("no_votes", {}).get(r) for r in ("unparseable", "cut-off", "both-labels", "empty"))]
print("llama-server-it: constrained calls", json.dumps({k: v.get("no_votes", {}) for k, v in calls.items()}),
      file=sys.stderr)
if bad:
    print("constrained answers that did not parse: " + "; ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
java_lp inspect "$WORK/out-constrained" --rows 1 >"$WORK/inspect-constrained.txt" 2>&1 || true
grep -q "label_probs" "$WORK/inspect-constrained.txt" || note "inspect shows no label_probs column (schema only?)"
note "constrained: grammar and json_schema answers parse"

note "OK (work folder $WORK)"
