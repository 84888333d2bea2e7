#!/usr/bin/env bash
# The standard benchmark scenarios of docs/PERFORMANCE.md, run against real processes on this machine:
# each Vanish node is `java -Xmx512m -jar vanish.jar serve` on a free port, Redis is a private redis-server on
# a free port (never the system one), the load generator is `vanish.jar bench`. Writes one JSON file per
# scenario to bench/results/<date>/ and regenerates the tables of docs/PERFORMANCE.md from them.
#
#   bench/run.sh            the full scenarios (about half an hour; run it on a quiet machine)
#   bench/run.sh --quick    everything shrunk to seconds, to check the script itself
#
# Environment: JVM_FLAGS (extra flags for the server JVMs), BENCH_JVM_FLAGS (for the generator),
# SERVER_ARGS (extra `serve` flags; default: the per-IP limits off, as the generator sends from one IP),
# SAT_ROOMS, SAT_MEMBERS, SAT_RATES (the saturation ladder), NO_DOCS=1 (leave docs/PERFORMANCE.md alone).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
JAR="$ROOT/app/target/vanish.jar"
QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1

if [[ ! -f "$JAR" ]]; then
  echo "== building $JAR"
  mvn -B -q -o -pl app -am package -DskipTests || mvn -B -q -pl app -am package -DskipTests
fi

# Thousands of sockets on each side of localhost.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
ulimit -n 1048576 2>/dev/null || true

STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
[[ $QUICK == 1 ]] && STAMP="$STAMP-quick"
RES="$ROOT/bench/results/$STAMP"
mkdir -p "$RES"
export VANISH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
SERVER_JVM="-Xmx512m ${JVM_FLAGS:-}"
GEN_JVM="${BENCH_JVM_FLAGS:-}"
# Every generated member comes from 127.0.0.1, so the per-IP abuse limits (rooms, seats, sockets per IP) are
# off for the runs; the per-member message limit (10/s, bursts of 20) stays on, as in production.
SERVER_ARGS="${SERVER_ARGS:---rate-rooms off --rate-seats off --sockets-per-ip 0}"
PIDS=()

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_http() { # url, tries of 50 ms
  local url=$1 tries=${2:-600}
  for ((i = 0; i < tries; i++)); do
    curl -fs -o /dev/null "$url" && return 0
    sleep 0.05
  done
  echo "no answer from $url" >&2
  return 1
}

stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
}
trap cleanup EXIT

# start_server NAME [serve flags...]: sets SERVER_PID and SERVER_URL
start_server() {
  local name=$1; shift
  local port; port=$(free_port)
  # shellcheck disable=SC2086
  java $SERVER_JVM -jar "$JAR" serve --host 127.0.0.1 --port "$port" ${SERVER_ARGS:-} "$@" >"$RES/$name.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  SERVER_URL="http://127.0.0.1:$port"
  wait_http "$SERVER_URL/healthz"
}

start_redis() { # sets REDIS_URL
  local port; port=$(free_port)
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no --protected-mode yes \
    >"$RES/redis.log" 2>&1 &
  REDIS_PID=$!
  PIDS+=("$REDIS_PID")
  for ((i = 0; i < 100; i++)); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.05; done
  REDIS_URL="redis://127.0.0.1:$port"
}

# bench NAME [bench flags...]: the table goes to the terminal and NAME.txt, the JSON report to NAME.json.
# A run that lost messages or had errors exits 1: recorded (the report says so), not fatal to the script.
bench() {
  local name=$1; shift
  echo "== $name: vanish bench $*"
  # shellcheck disable=SC2086
  java $GEN_JVM -jar "$JAR" bench --label "$name" --out "$RES/$name.json" "$@" 2>"$RES/$name.err" | tee "$RES/$name.txt" \
    || echo "   ($name: not clean, see $RES/$name.txt)"
}

json_get() { # file, python expression over j
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}

heap_used_bytes() { # pid: used heap after a full GC, from jcmd
  jcmd "$1" GC.run >/dev/null
  sleep 1
  jcmd "$1" GC.heap_info | python3 -c '
import re, sys
text = sys.stdin.read()
m = re.search(r"used (\d+)K", text)
print(int(m.group(1)) * 1024 if m else -1)'
}

if [[ $QUICK == 1 ]]; then
  IDLE_ROOMS=100; STEADY_ROOMS=20; DURATION=5s; WARMUP=1s; GROUP=10
  SAT_ROOMS=${SAT_ROOMS:-10}; SAT_MEMBERS=${SAT_MEMBERS:-5}; SAT_RATES=${SAT_RATES:-"1 2"}; SAT_DURATION=4s
  COLD_RUNS=1
else
  IDLE_ROOMS=5000; STEADY_ROOMS=1000; DURATION=60s; WARMUP=10s; GROUP=50
  # Rooms of 10 keep each member within the server's 10 msgs/s per member while fan-out reaches 90,000/s.
  SAT_ROOMS=${SAT_ROOMS:-100}; SAT_MEMBERS=${SAT_MEMBERS:-10}; SAT_RATES=${SAT_RATES:-"1 2 3 4 4.5 5 5.5 6 6.5 7 8 9 10"}
  SAT_DURATION=20s
  COLD_RUNS=3
fi

# --- machine ---------------------------------------------------------------------------------------------
python3 - "$RES/machine.json" "$SERVER_JVM" "$GEN_JVM" <<'EOF'
import json, os, platform, re, subprocess, sys, datetime
cpu = "unknown"
try:
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip(); break
except OSError:
    pass
mem = 0
try:
    mem = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1)) * 1024
except (OSError, AttributeError):
    pass
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
json.dump({"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
           "commit": os.environ.get("VANISH_COMMIT"), "nproc": os.cpu_count(), "memoryBytes": mem, "cpu": cpu,
           "kernel": platform.release(), "java": java, "serverJvmFlags": sys.argv[2].strip(),
           "generatorJvmFlags": sys.argv[3].strip()}, open(sys.argv[1], "w"), indent=2)
EOF

# --- (g) cold start --------------------------------------------------------------------------------------
echo "== cold start"
COLD=()
for ((run = 0; run < COLD_RUNS; run++)); do
  port=$(free_port)
  t0=$(date +%s%N)
  # shellcheck disable=SC2086
  java $SERVER_JVM -jar "$JAR" --host 127.0.0.1 --port "$port" >"$RES/coldstart-$run.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  wait_http "http://127.0.0.1:$port/healthz" 2000
  t1=$(date +%s%N)
  COLD+=($(((t1 - t0) / 1000000)))
  stop_pid "$pid"
done
python3 -c 'import json,sys; r=[int(x) for x in sys.argv[2:]]; json.dump({"runsMs": r, "maxMs": max(r)}, open(sys.argv[1],"w"), indent=2)' \
  "$RES/coldstart.json" "${COLD[@]}"
echo "   ${COLD[*]} ms"

# --- (a) idle members, memory engine ---------------------------------------------------------------------
start_server idle-server
idle_pid=$SERVER_PID
before=$(heap_used_bytes "$idle_pid")
rm -f "$RES/idle.ready" "$RES/idle.release"
java $GEN_JVM -jar "$JAR" bench --label idle --server "$SERVER_URL" --rooms "$IDLE_ROOMS" --members 2 --rate 0 \
  --ramp 1000 --hold 15m --ready-file "$RES/idle.ready" --release-file "$RES/idle.release" \
  --out "$RES/idle.json" >"$RES/idle.txt" 2>"$RES/idle.err" &
gen=$!
PIDS+=("$gen")
echo "== idle: $((IDLE_ROOMS * 2)) members connecting"
for ((i = 0; i < 6000; i++)); do [[ -f "$RES/idle.ready" ]] && break; kill -0 "$gen" 2>/dev/null || break; sleep 0.1; done
sleep 2
after=$(heap_used_bytes "$idle_pid")
rss=$(awk '/VmRSS/ {print $2 * 1024}' "/proc/$idle_pid/status")
touch "$RES/idle.release"
wait "$gen" || true
connected=$(cat "$RES/idle.ready" 2>/dev/null || echo 0)
python3 -c 'import json,sys; b,a,r,n=map(int,sys.argv[2:6]); json.dump({"members": n, "heapBeforeBytes": b, "heapAfterBytes": a,
  "rssBytes": r, "perMemberBytes": (a-b)//n if n else None}, open(sys.argv[1],"w"), indent=2)' \
  "$RES/idle-heap.json" "$before" "$after" "$rss" "$connected"
cat "$RES/idle.txt"; cat "$RES/idle-heap.json"
stop_pid "$idle_pid"

# --- (b) steady, memory; (f) group room -----------------------------------------------------------------
start_server steady-memory-server
bench steady-memory --server "$SERVER_URL" --rooms "$STEADY_ROOMS" --members 2 --rate 1 --duration "$DURATION" \
  --warmup "$WARMUP" --compare-baseline
bench group-memory --server "$SERVER_URL" --rooms 1 --members "$GROUP" --rate 1 --duration "$DURATION" \
  --warmup "$WARMUP" --compare-baseline
stop_pid "$SERVER_PID"

# --- (c) steady, Redis; (d) two nodes on Redis ----------------------------------------------------------
start_redis
start_server steady-redis-server --redis-url "$REDIS_URL" --redis-prefix b1
bench steady-redis --server "$SERVER_URL" --rooms "$STEADY_ROOMS" --members 2 --rate 1 --duration "$DURATION" \
  --warmup "$WARMUP" --compare-baseline
stop_pid "$SERVER_PID"
start_server two-nodes-a --redis-url "$REDIS_URL" --redis-prefix b2
a_pid=$SERVER_PID; a_url=$SERVER_URL
start_server two-nodes-b --redis-url "$REDIS_URL" --redis-prefix b2
bench steady-redis-2nodes --server "$a_url,$SERVER_URL" --rooms "$STEADY_ROOMS" --members 2 --rate 1 \
  --duration "$DURATION" --warmup "$WARMUP" --compare-baseline
stop_pid "$a_pid"; stop_pid "$SERVER_PID"

# --- (e) saturation: raise the rate until p99 > 100 ms (or a loss/error) ---------------------------------
saturate() { # name, then flags selecting the target
  local name=$1; shift
  local steps=()
  # An unmeasured run first, so the ladder starts on a warmed-up JIT rather than a freshly started server.
  bench "saturation-$name-warmup" "$@" --rooms "$SAT_ROOMS" --members "$SAT_MEMBERS" --rate 2 \
    --duration "$SAT_DURATION" --warmup 0 >/dev/null
  for rate in $SAT_RATES; do
    bench "saturation-$name-$rate" "$@" --rooms "$SAT_ROOMS" --members "$SAT_MEMBERS" --rate "$rate" \
      --duration "$SAT_DURATION" --warmup 5s
    steps+=("$RES/saturation-$name-$rate.json")
    local stop
    stop=$(json_get "$RES/saturation-$name-$rate.json" \
      '"yes" if (not j["clean"]) or j[[k for k in ("vanish","relay") if k in j][0]]["latencyMs"]["p99"] > 100 else "no"')
    [[ $stop == yes ]] && break
  done
  python3 - "$RES/saturation-$name.json" "$name" "${steps[@]}" <<'EOF'
import json, sys
out, name, files = sys.argv[1], sys.argv[2], sys.argv[3:]
steps = []
for f in files:
    j = json.load(open(f))
    r = j.get("vanish") or j.get("relay")
    steps.append({"rate": j["options"]["rate"], "deliveredPerSecond": r["deliveredPerSecond"],
                  "p99": r["latencyMs"]["p99"], "clean": j["clean"], "lost": r["lost"], "errors": r["errors"]})
ok = [s for s in steps if s["clean"] and s["p99"] <= 100]
best = max(ok, key=lambda s: s["deliveredPerSecond"]) if ok else None
saturated = bool(steps) and (not steps[-1]["clean"] or steps[-1]["p99"] > 100)
json.dump({"target": name, "steps": steps, "best": best, "saturated": saturated}, open(out, "w"), indent=2)
print(f"   saturation {name}: best {best}")
EOF
}
saturate relay --baseline-relay
start_server saturation-memory-server
saturate memory --server "$SERVER_URL"
stop_pid "$SERVER_PID"
start_server saturation-redis-server --redis-url "$REDIS_URL" --redis-prefix b3
saturate redis --server "$SERVER_URL"
stop_pid "$SERVER_PID"
stop_pid "$REDIS_PID"

# --- the report ------------------------------------------------------------------------------------------
python3 "$ROOT/bench/report.py" "$RES" >"$RES/summary.md"
cat "$RES/summary.md"
if [[ $QUICK == 0 && "${NO_DOCS:-0}" != 1 ]]; then
  python3 "$ROOT/bench/report.py" "$RES" --update "$ROOT/docs/PERFORMANCE.md"
  echo "== docs/PERFORMANCE.md updated from $RES"
fi
echo "== results in $RES"
