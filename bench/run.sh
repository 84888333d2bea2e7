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
# SAT_ROOMS, SAT_MEMBERS, SAT_RATES (the saturation ladder), NO_DOCS=1 (leave docs/PERFORMANCE.md alone),
# ONLY="steady-memory steady-redis …" (run only these sections: cold-start idle steady-memory steady-redis
# idle-redis saturation files soak; the docs are then left alone, since their tables would be partial).
#
# files (issue 17): `vanish bench files` uploads and downloads FILES_COUNT files of FILES_BYTES (default 20 of
# 10 MiB) through the client library, one at a time, on the memory engine and on Redis; then twice as many with
# FILES_PARALLEL (default 4) uploads at once while the server's live heap after a full GC is sampled
# (`jcmd GC.class_histogram`, which collects first) — that second run's MiB/s are not the figures (the GCs slow
# it). The server gets VANISH_RATE_UPLOAD_BYTES=off, VANISH_RATE_DOWNLOAD_BYTES=off and room / file limits that fit the run.
#
# The soak (issue 14) is NOT part of the full run — it takes SOAK_SECONDS (default 1800) plus about 4 minutes,
# twice (memory engine, then Redis) — and runs only on demand: `ONLY=soak bench/run.sh`, or SOAK=1 with the
# full run. SOAK_SECONDS, SOAK_ARGS (extra `vanish bench soak` flags, e.g. "--room-rate 2"), SOAK_KEYS_WAIT
# (seconds after the last room ended before Redis's keys are counted; default 65 = the 60 s seat grace + 5).
# A soak-only run (ONLY=soak) updates just the Soak section of docs/PERFORMANCE.md (unless NO_DOCS=1).
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
SERVER_ARGS="${SERVER_ARGS:---rate-rooms off --rate-seats off --rate-lookups off --rate-message-bytes off --sockets-per-ip 0 --connections-per-ip 0}"
PIDS=()
ONLY="${ONLY:-}"
want() { [[ -z "$ONLY" || " $ONLY " == *" $1 "* ]]; }
want_soak() { [[ " $ONLY " == *" soak "* || ( -z "$ONLY" && "${SOAK:-0}" == 1 ) ]]; }

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

# The metrics listener of each node started, by its public URL (metrics are never on the public port).
declare -A METRICS_OF=()

# start_server NAME [serve flags...]: sets SERVER_PID and SERVER_URL (its metrics: ${METRICS_OF[$SERVER_URL]})
start_server() {
  local name=$1; shift
  local port mport; port=$(free_port); mport=$(free_port)
  # shellcheck disable=SC2086
  java $SERVER_JVM -jar "$JAR" serve --host 127.0.0.1 --port "$port" --metrics-address "127.0.0.1:$mport" \
    ${SERVER_ARGS:-} "$@" >"$RES/$name.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  SERVER_URL="http://127.0.0.1:$port"
  METRICS_OF[$SERVER_URL]="http://127.0.0.1:$mport"
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

# The server processes the current scenario measures (their CPU time per delivery); set before bench().
CPU_PIDS=()
CLK_TCK=$(getconf CLK_TCK)

cpu_ticks() { # the user + system CPU ticks of every pid given, summed (fields 14 and 15 of /proc/PID/stat)
  local total=0 pid t
  for pid in "$@"; do
    t=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}

connections_lost() { # url: the node's vanish_engine_connection_lost_total, from its metrics listener (-1 when it does not answer)
  curl -fs "${METRICS_OF[$1]}/metrics" 2>/dev/null | awk '/^vanish_engine_connection_lost_total/ {s += $NF} END {print s + 0}' \
    || echo -1
}

# bench NAME [bench flags...]: the table goes to the terminal and NAME.txt, the JSON report to NAME.json, and
# NAME-cpu.json gets the CPU time the servers in CPU_PIDS spent from the moment every member was connected
# (the generator's ready file) to the end of the run: sending, fan-out and the drain, not the joins.
# A run that lost messages or had errors exits 1: recorded (the report says so), not fatal to the script.
bench() {
  local name=$1; shift
  echo "== $name: vanish bench $*"
  rm -f "$RES/$name.ready"
  # shellcheck disable=SC2086
  java $GEN_JVM -jar "$JAR" bench --label "$name" --out "$RES/$name.json" --ready-file "$RES/$name.ready" "$@" \
    >"$RES/$name.txt" 2>"$RES/$name.err" &
  local gen=$! t0=-1
  while kill -0 "$gen" 2>/dev/null; do
    if [[ -f "$RES/$name.ready" ]]; then t0=$(cpu_ticks "${CPU_PIDS[@]}"); break; fi
    sleep 0.05
  done
  wait "$gen" || echo "   ($name: not clean, see $RES/$name.txt)"
  local t1; t1=$(cpu_ticks "${CPU_PIDS[@]}")
  cat "$RES/$name.txt"
  if [[ ${#CPU_PIDS[@]} -gt 0 && $t0 -ge 0 ]]; then
    python3 -c 'import json,sys; t=(int(sys.argv[3])-int(sys.argv[2]))/int(sys.argv[4]); json.dump({"serverCpuSeconds": t,
      "servers": int(sys.argv[5])}, open(sys.argv[1],"w"), indent=2)' "$RES/$name-cpu.json" "$t0" "$t1" "$CLK_TCK" "${#CPU_PIDS[@]}"
  fi
}

# record_lost NAME URL...: the nodes' pub/sub connection losses, summed, into NAME-lost.json (0 on a healthy run)
record_lost() {
  local name=$1; shift
  local total=0 url n
  for url in "$@"; do n=$(connections_lost "$url"); total=$((total + n)); done
  echo "{\"connectionsLost\": $total}" >"$RES/$name-lost.json"
  echo "   $name: pub/sub connections lost: $total"
}

json_get() { # file, python expression over j
  python3 -c "import json,sys; j=json.load(open(sys.argv[1])); print($2)" "$1"
}

heap_live_bytes() { # pid: the live heap right after a full GC (the class histogram collects first), from jcmd
  jcmd "$1" GC.class_histogram 2>/dev/null | awk '/^Total/ {print $3; found=1} END {if (!found) print -1}'
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
  COLD_RUNS=1; IDLE_REDIS_HOLD=6
  FILES_COUNT=${FILES_COUNT:-3}; FILES_BYTES=${FILES_BYTES:-1048576}; FILES_PARALLEL=${FILES_PARALLEL:-2}
else
  FILES_COUNT=${FILES_COUNT:-20}; FILES_BYTES=${FILES_BYTES:-10485760}; FILES_PARALLEL=${FILES_PARALLEL:-4}
  IDLE_ROOMS=5000; STEADY_ROOMS=1000; DURATION=60s; WARMUP=10s; GROUP=50
  # Rooms of 10 keep each member within the server's 10 msgs/s per member while fan-out reaches 90,000/s.
  SAT_ROOMS=${SAT_ROOMS:-100}; SAT_MEMBERS=${SAT_MEMBERS:-10}; SAT_RATES=${SAT_RATES:-"1 2 3 4 4.5 5 5.5 6 6.5 7 8 9 10"}
  SAT_DURATION=20s
  # Twelve of the Redis subscriber's 5-second liveness probes (issue 12: each one misfired on a busy connection).
  COLD_RUNS=3; IDLE_REDIS_HOLD=60
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
if want cold-start; then
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
fi

# --- (a) idle members, memory engine ---------------------------------------------------------------------
if want idle; then
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
fi

# --- (b) steady, memory; (f) group room -----------------------------------------------------------------
if want steady-memory; then
start_server steady-memory-server
CPU_PIDS=("$SERVER_PID")
bench steady-memory --server "$SERVER_URL" --rooms "$STEADY_ROOMS" --members 2 --rate 1 --duration "$DURATION" \
  --warmup "$WARMUP" --compare-baseline
bench group-memory --server "$SERVER_URL" --rooms 1 --members "$GROUP" --rate 1 --duration "$DURATION" \
  --warmup "$WARMUP" --compare-baseline
stop_pid "$SERVER_PID"
fi

# --- (c) steady, Redis; (d) two nodes on Redis ----------------------------------------------------------
if want steady-redis || want idle-redis || want saturation || want files; then start_redis; fi
if want steady-redis; then
start_server steady-redis-server --redis-url "$REDIS_URL" --redis-prefix b1
CPU_PIDS=("$SERVER_PID")
bench steady-redis --server "$SERVER_URL" --rooms "$STEADY_ROOMS" --members 2 --rate 1 --duration "$DURATION" \
  --warmup "$WARMUP" --compare-baseline
record_lost steady-redis "$SERVER_URL"
stop_pid "$SERVER_PID"
start_server two-nodes-a --redis-url "$REDIS_URL" --redis-prefix b2
a_pid=$SERVER_PID; a_url=$SERVER_URL
start_server two-nodes-b --redis-url "$REDIS_URL" --redis-prefix b2
CPU_PIDS=("$a_pid" "$SERVER_PID")
bench steady-redis-2nodes --server "$a_url,$SERVER_URL" --rooms "$STEADY_ROOMS" --members 2 --rate 1 \
  --duration "$DURATION" --warmup "$WARMUP" --compare-baseline
record_lost steady-redis-2nodes "$a_url" "$SERVER_URL"
stop_pid "$a_pid"; stop_pid "$SERVER_PID"
fi

# --- (h) idle members on Redis: nobody talks for IDLE_REDIS_HOLD; not one unavailable frame, no lost connection
if want idle-redis; then
start_server idle-redis-server --redis-url "$REDIS_URL" --redis-prefix b4
idle_pid=$SERVER_PID
rm -f "$RES/idle-redis.ready" "$RES/idle-redis.release"
java $GEN_JVM -jar "$JAR" bench --label idle-redis --server "$SERVER_URL" --rooms "$IDLE_ROOMS" --members 2 --rate 0 \
  --ramp 1000 --hold 15m --ready-file "$RES/idle-redis.ready" --release-file "$RES/idle-redis.release" \
  --out "$RES/idle-redis.json" >"$RES/idle-redis.txt" 2>"$RES/idle-redis.err" &
gen=$!
PIDS+=("$gen")
echo "== idle on Redis: $((IDLE_ROOMS * 2)) members connecting, then $IDLE_REDIS_HOLD s of silence"
for ((i = 0; i < 6000; i++)); do [[ -f "$RES/idle-redis.ready" ]] && break; kill -0 "$gen" 2>/dev/null || break; sleep 0.1; done
sleep "$IDLE_REDIS_HOLD"
after=$(heap_used_bytes "$idle_pid")
touch "$RES/idle-redis.release"
wait "$gen" || true
record_lost idle-redis "$SERVER_URL"
python3 -c 'import json,sys; json.dump({"holdSeconds": int(sys.argv[2]), "heapAfterBytes": int(sys.argv[3])},
  open(sys.argv[1],"w"), indent=2)' "$RES/idle-redis-heap.json" "$IDLE_REDIS_HOLD" "$after"
cat "$RES/idle-redis.txt"
stop_pid "$idle_pid"
fi

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
    step = {"rate": j["options"]["rate"], "deliveredPerSecond": r["deliveredPerSecond"],
            "p99": r["latencyMs"]["p99"], "clean": j["clean"], "lost": r["lost"], "errors": r["errors"]}
    cpu = f[:-len(".json")] + "-cpu.json"
    try:
        step["serverCpuMicrosPerDelivery"] = json.load(open(cpu))["serverCpuSeconds"] * 1e6 / max(1, r["delivered"])
    except (OSError, KeyError, ValueError):
        pass
    steps.append(step)
ok = [s for s in steps if s["clean"] and s["p99"] <= 100]
best = max(ok, key=lambda s: s["deliveredPerSecond"]) if ok else None
saturated = bool(steps) and (not steps[-1]["clean"] or steps[-1]["p99"] > 100)
json.dump({"target": name, "steps": steps, "best": best, "saturated": saturated}, open(out, "w"), indent=2)
print(f"   saturation {name}: best {best}")
EOF
}
if want saturation; then
CPU_PIDS=()
saturate relay --baseline-relay
start_server saturation-memory-server
CPU_PIDS=("$SERVER_PID")
saturate memory --server "$SERVER_URL"
stop_pid "$SERVER_PID"
start_server saturation-redis-server --redis-url "$REDIS_URL" --redis-prefix b3
CPU_PIDS=("$SERVER_PID")
saturate redis --server "$SERVER_URL"
record_lost saturation-redis "$SERVER_URL"
stop_pid "$SERVER_PID"
fi

# --- (j) files: upload and download throughput, and the server's heap while uploads are in flight ----------
# files_run NAME [serve flags...]: NAME.json (the measured run), NAME-heap.json (the sampled one) and
# NAME-server.json (live heap idle, the largest sample during the sampled run, after it; RSS; samples).
files_run() {
  local name=$1; shift
  export VANISH_RATE_UPLOAD_BYTES=off VANISH_RATE_DOWNLOAD_BYTES=off VANISH_MAX_FILE_BYTES="$FILES_BYTES"
  export VANISH_ROOM_FILE_BYTES=$(((FILES_BYTES + 65536) * (FILES_PARALLEL + 1)))
  start_server "$name-server" "$@"
  unset VANISH_RATE_UPLOAD_BYTES VANISH_RATE_DOWNLOAD_BYTES VANISH_MAX_FILE_BYTES VANISH_ROOM_FILE_BYTES
  local pid=$SERVER_PID url=$SERVER_URL idle max=-1 samples=0 h after rss c0 c1
  idle=$(heap_live_bytes "$pid")
  c0=$(cpu_ticks "$pid")
  echo "== $name: vanish bench files --files $FILES_COUNT --file-bytes $FILES_BYTES"
  # shellcheck disable=SC2086
  java $GEN_JVM -jar "$JAR" bench files --label "$name" --server "$url" --files "$FILES_COUNT" --file-bytes "$FILES_BYTES" \
    --out "$RES/$name.json" >"$RES/$name.txt" 2>"$RES/$name.err" || echo "   ($name: not clean, see $RES/$name.txt)"
  c1=$(cpu_ticks "$pid")
  cat "$RES/$name.txt"
  echo "== $name-heap: the same with $FILES_PARALLEL uploads at once, the server's live heap sampled"
  rm -f "$RES/$name-heap.ready"
  # shellcheck disable=SC2086
  java $GEN_JVM -jar "$JAR" bench files --label "$name-heap" --server "$url" --files "$((FILES_COUNT * 2))" \
    --file-bytes "$FILES_BYTES" --parallel "$FILES_PARALLEL" --ready-file "$RES/$name-heap.ready" \
    --out "$RES/$name-heap.json" >"$RES/$name-heap.txt" 2>"$RES/$name-heap.err" &
  local gen=$!
  PIDS+=("$gen")
  while kill -0 "$gen" 2>/dev/null; do
    if [[ -f "$RES/$name-heap.ready" ]]; then
      h=$(heap_live_bytes "$pid")
      if kill -0 "$gen" 2>/dev/null && ((h > max)); then max=$h; fi
      samples=$((samples + 1))
      sleep 0.2
    else
      sleep 0.05
    fi
  done
  wait "$gen" || echo "   ($name-heap: not clean, see $RES/$name-heap.txt)"
  after=$(heap_live_bytes "$pid")
  rss=$(awk '/VmRSS/ {print $2 * 1024}' "/proc/$pid/status")
  python3 - "$RES/$name-server.json" "$idle" "$max" "$after" "$rss" "$samples" "$FILES_PARALLEL" \
    "$((c1 - c0))" "$CLK_TCK" "$FILES_COUNT" "$FILES_BYTES" <<'EOF'
import json, sys
idle, peak, after, rss, samples, parallel, ticks, tck, count, size = map(int, sys.argv[2:12])
chunk = 262144
# The server's CPU during the measured run (every file up once and down once), per MiB moved either way.
moved_mib = 2 * count * size / 2**20
j = {"cpuMsPerMiB": round(ticks * 1000 / tck / moved_mib, 2) if moved_mib else None,
     "heapIdleBytes": idle, "heapMaxDuringBytes": peak if peak >= 0 else None, "heapAfterBytes": after,
     "rssBytes": rss, "samples": samples, "parallel": parallel,
     "growthChunksPerUpload": round((peak - idle) / (parallel * chunk), 2) if peak >= 0 and idle >= 0 else None}
json.dump(j, open(sys.argv[1], "w"), indent=2)
print("   " + json.dumps(j))
EOF
  stop_pid "$pid"
}
if want files; then
files_run files-memory
files_run files-redis --redis-url "$REDIS_URL" --redis-prefix b6
fi

# --- (i) soak: room churn at a fixed rate (on demand only, see the header) --------------------------------
# soak NAME REDIS_PORT|- [serve flags...]: the generator writes NAME.json; the server's heap after a full GC
# before the load, at the warm-up mark, at the end mark and once every room ended, and (on Redis) the room
# keys left SOAK_KEYS_WAIT s after the last room ended, go to NAME-server.json.
soak() {
  local name=$1 rport=$2; shift 2
  start_server "$name-server" "$@"
  local pid=$SERVER_PID url=$SERVER_URL
  local idle warm=-1 end=-1 drained
  idle=$(heap_used_bytes "$pid")
  rm -f "$RES/$name.warm" "$RES/$name.end"
  echo "== $name: vanish bench soak --duration ${SOAK_SECONDS}s ${SOAK_ARGS:-}"
  # shellcheck disable=SC2086
  java $GEN_JVM -jar "$JAR" bench soak --label "$name" --server "$url" --duration "${SOAK_SECONDS}s" ${SOAK_ARGS:-} \
    --warm-file "$RES/$name.warm" --end-file "$RES/$name.end" --out "$RES/$name.json" >"$RES/$name.txt" 2>"$RES/$name.err" &
  local gen=$!
  PIDS+=("$gen")
  while kill -0 "$gen" 2>/dev/null; do
    if [[ $warm == -1 && -f "$RES/$name.warm" ]]; then warm=$(heap_used_bytes "$pid"); echo "   heap at the warm-up mark: $warm"; fi
    if [[ $end == -1 && -f "$RES/$name.end" ]]; then end=$(heap_used_bytes "$pid"); echo "   heap at the end mark: $end"; fi
    sleep 0.2
  done
  wait "$gen" || echo "   ($name: not clean, see $RES/$name.json)"
  drained=$(heap_used_bytes "$pid")
  local keys=-1 total=-1 waited=0
  if [[ $rport != - ]]; then
    waited=${SOAK_KEYS_WAIT:-65}
    echo "   waiting ${waited} s (seat grace) before counting Redis keys"
    sleep "$waited"
    # SCAN, not DBSIZE: SCAN skips keys whose TTL passed but that Redis has not reclaimed yet.
    redis-cli -p "$rport" --scan --pattern "$SOAK_PREFIX:{*" >"$RES/$name-keys.txt"
    keys=$(wc -l <"$RES/$name-keys.txt")
    total=$(redis-cli -p "$rport" --scan | wc -l)
  fi
  python3 - "$RES/$name-server.json" "$idle" "$warm" "$end" "$drained" "$keys" "$total" "$waited" <<'EOF'
import json, sys
idle, warm, end, drained, keys, total, waited = map(int, sys.argv[2:9])
j = {"heapIdleBytes": idle, "heapWarmBytes": warm, "heapEndBytes": end, "heapDrainedBytes": drained,
     "heapGrowth": (end - warm) / warm if warm > 0 and end > 0 else None}
if keys >= 0:
    j.update({"redisRoomKeysLeft": keys, "redisKeysLeft": total, "keysCountedAfterSeconds": waited})
json.dump(j, open(sys.argv[1], "w"), indent=2)
print("   " + json.dumps(j))
EOF
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print("   clean:", j["clean"], "errors:", j["errorKinds"], "counts:", json.dumps(j["counts"]))' \
    "$RES/$name.json" 2>/dev/null || tail -n 20 "$RES/$name.err"
  stop_pid "$pid"
}
if want_soak; then
  SOAK_SECONDS=${SOAK_SECONDS:-1800}
  soak soak-memory -
  [[ -z "${REDIS_URL:-}" ]] && start_redis
  SOAK_PREFIX=b5
  soak soak-redis "${REDIS_URL##*:}" --redis-url "$REDIS_URL" --redis-prefix "$SOAK_PREFIX"
fi
[[ -n "${REDIS_PID:-}" ]] && stop_pid "$REDIS_PID"

# --- the report ------------------------------------------------------------------------------------------
python3 "$ROOT/bench/report.py" "$RES" >"$RES/summary.md"
cat "$RES/summary.md"
if [[ $QUICK == 0 && "${NO_DOCS:-0}" != 1 && -z "$ONLY" ]]; then
  python3 "$ROOT/bench/report.py" "$RES" --update "$ROOT/docs/PERFORMANCE.md"
  echo "== docs/PERFORMANCE.md updated from $RES"
elif [[ $QUICK == 0 && "${NO_DOCS:-0}" != 1 && "$ONLY" == soak ]]; then
  python3 "$ROOT/bench/report.py" "$RES" --update-soak "$ROOT/docs/PERFORMANCE.md"
  echo "== the Soak section of docs/PERFORMANCE.md updated from $RES"
fi
echo "== results in $RES"
