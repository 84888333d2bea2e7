#!/usr/bin/env python3
"""Turns one bench/results/<date>/ directory (written by bench/run.sh) into the Markdown tables of
docs/PERFORMANCE.md: the targets with measured values and a verdict, then one table per scenario.

    python3 bench/report.py bench/results/<date>                 print the Markdown
    python3 bench/report.py bench/results/<date> --update FILE   replace FILE's generated section(s)
    python3 bench/report.py bench/results/<date> --update-soak FILE   replace only its Soak section

Only the text between the markers <!-- bench:begin --> and <!-- bench:end --> is replaced (and, when the
run has soak results, between <!-- soak:begin --> and <!-- soak:end -->; a run without them leaves that
section alone); the rest of the file (method, profile findings) is written by people. Python 3 standard
library only.
"""
import json
import os
import sys

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
SOAK_BEGIN, SOAK_END = "<!-- soak:begin -->", "<!-- soak:end -->"


def load(res, name):
    path = os.path.join(res, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def ms(v):
    return "—" if v is None else f"{v:.2f}"


def num(v):
    return "—" if v is None else f"{v:,.0f}"


def verdict(ok):
    return "—" if ok is None else ("met" if ok else "**missed**")


def cpu_per_delivery(res, name, j, target="vanish"):
    """Server CPU microseconds per delivery (every server process of the run, from all members connected to the
    end of the drain), or None: the relay runs inside the generator, and older runs did not measure it."""
    cpu = load(res, name + "-cpu")
    r = j.get(target) if j else None
    if target != "vanish" or not cpu or not r or not r.get("delivered"):
        return None
    return cpu["serverCpuSeconds"] * 1e6 / r["delivered"]


def us(v):
    return "—" if v is None else f"{v:.1f}"


def steady_row(label, j, target="vanish", cpu=None):
    r = j.get(target) if j else None
    if not r:
        return f"| {label} | — | — | — | — | — | — | — | — | — | — | — |"
    lat, con = r["latencyMs"], r["connectMs"]
    return (f"| {label} | {r['connected']}/{r['members']} | {num(r['sentPerSecond'])} | {num(r['deliveredPerSecond'])} "
            f"| {ms(lat['p50'])} | {ms(lat['p90'])} | {ms(lat['p99'])} | {ms(lat['p999'])} | {ms(lat['max'])} "
            f"| {r['lost']} / {r['duplicates']} / {r['errors']} | {us(cpu)} "
            f"| {ms(con['p50'])} / {ms(con['p99'])} / {ms(con['max'])} |")


def shape(j, fallback):
    """The run's real shape from its options (a --quick run is smaller than the standard scenario)."""
    if not j:
        return fallback
    o = j["options"]
    return f"{o['rooms']:,} room{'s' if o['rooms'] != 1 else ''} × {o['members']}, {o['rate']:g} msg/s, {o['durationSeconds']:g} s"


def lat(j, key="p99", target="vanish"):
    r = j.get(target) if j else None
    return r["latencyMs"][key] if r else None


def lost(j, target="vanish"):
    r = j.get(target) if j else None
    return r["lost"] + r["duplicates"] if r else None


def render(res):
    machine = load(res, "machine") or {}
    idle, idle_heap = load(res, "idle"), load(res, "idle-heap")
    steady_mem, steady_redis = load(res, "steady-memory"), load(res, "steady-redis")
    two_nodes, group = load(res, "steady-redis-2nodes"), load(res, "group-memory")
    sat = {t: load(res, "saturation-" + t) for t in ("memory", "redis", "relay")}
    cold = load(res, "coldstart")
    out = []
    mem_gib = machine.get("memoryBytes", 0) / 2**30
    out.append(f"Measured {machine.get('date', '?')} at commit `{machine.get('commit', '?')}` on {machine.get('nproc', '?')} "
               f"CPUs ({machine.get('cpu', '?')}), {mem_gib:.0f} GiB RAM, {machine.get('java', '?')}; server JVM flags "
               f"`{machine.get('serverJvmFlags', '')}`; generator on the same machine (JVM flags "
               f"`{machine.get('generatorJvmFlags') or 'default'}`). Raw JSON: "
               f"`bench/results/{os.path.basename(os.path.normpath(res))}/`.")
    out.append("")

    # --- targets ---
    def best(t):
        s = sat.get(t)
        return s["best"]["deliveredPerSecond"] if s and s.get("best") else None

    relay_best = best("relay")
    ratio = best("memory") / relay_best if best("memory") is not None and relay_best else None
    idle_r = idle.get("vanish") if idle else None
    heap = idle_heap.get("heapAfterBytes") if idle_heap else None
    per_member = idle_heap.get("perMemberBytes") if idle_heap else None
    idle_ok = None
    if idle_r and heap is not None:
        idle_ok = idle_r["connected"] == idle_r["members"] and idle_r["errors"] == 0 and heap <= 200 * 2**20
    out.append("| scenario | target | measured | verdict |")
    out.append("|---|---|---|---|")
    out.append(f"| 10,000 members idle (5,000 rooms × 2) | all connected, 0 errors, heap after GC ≤ 200 MiB (≤ 20 KB/member) | "
               + (f"{idle_r['connected']}/{idle_r['members']} connected, {idle_r['errors']} errors, heap "
                  f"{heap / 2**20:.1f} MiB, {per_member:,} B/member" if idle_r and heap is not None and per_member is not None else "—")
               + f" | {verdict(idle_ok)} |")

    def steady(label, j, p50_max, p99_max):
        if not j or "vanish" not in j:
            return f"| {label} | {('p50 ≤ %d ms, ' % p50_max) if p50_max else ''}p99 ≤ {p99_max} ms, 0 lost | — | — |"
        ok = lost(j) == 0 and j["vanish"]["errors"] == 0 and lat(j) <= p99_max and (p50_max is None or lat(j, "p50") <= p50_max)
        return (f"| {label} | {('p50 ≤ %d ms, ' % p50_max) if p50_max else ''}p99 ≤ {p99_max} ms, 0 lost | p50 {ms(lat(j, 'p50'))} ms, "
                f"p99 {ms(lat(j))} ms, {j['vanish']['lost']} lost | {verdict(ok)} |")

    idle_redis, idle_redis_heap = load(res, "idle-redis"), load(res, "idle-redis-heap")
    idle_redis_lost = load(res, "idle-redis-lost")
    ir = idle_redis.get("vanish") if idle_redis else None
    if ir:
        ir_ok = (ir["connected"] == ir["members"] and ir["errors"] == 0
                 and (idle_redis_lost or {}).get("connectionsLost", 1) == 0)
        kinds = ", ".join(f"{k} {v}" for k, v in ir.get("errorKinds", {}).items())
        out.append(f"| {ir['members']:,} members idle on Redis for {idle_redis_heap['holdSeconds'] if idle_redis_heap else '?'} s | "
                   f"all connected, 0 errors (no `unavailable` frame), 0 pub/sub connections lost | "
                   f"{ir['connected']}/{ir['members']} connected, {ir['errors']} errors{' (' + kinds + ')' if kinds else ''}, "
                   f"{(idle_redis_lost or {}).get('connectionsLost', '?')} lost connections"
                   + (f", heap {idle_redis_heap['heapAfterBytes'] / 2**20:.1f} MiB" if idle_redis_heap else "")
                   + f" | {verdict(ir_ok)} |")
    out.append(steady(f"steady: {shape(steady_mem, '1,000 rooms × 2, 1 msg/s, 60 s')} (memory)", steady_mem, 3, 20))
    out.append(steady("same on the Redis engine", steady_redis, None, 40))
    out.append(steady("same on two nodes on Redis (no target of its own; Redis's shown)", two_nodes, None, 40))
    sat_ok = None
    if best("memory") is not None and best("redis") is not None and ratio is not None:
        sat_ok = best("memory") >= 40000 and best("redis") >= 20000 and ratio >= 0.6
    out.append(f"| saturation: raise the rate until p99 > 100 ms | ≥ 40,000 deliveries/s memory, ≥ 20,000/s Redis; ≥ 60 % of "
               f"the relay | memory {num(best('memory'))}/s, Redis {num(best('redis'))}/s, relay {num(relay_best)}/s; "
               f"memory/relay {'—' if ratio is None else f'{ratio:.0%}'} | {verdict(sat_ok)} |")
    out.append(steady(f"group room: {shape(group, '1 room × 50, 1 msg/s, 60 s')}", group, None, 30))
    files = {e: (load(res, "files-" + e), load(res, "files-" + e + "-server")) for e in ("memory", "redis")}
    fm, fm_srv = files["memory"]
    files_ok = None
    if fm and fm_srv and fm_srv.get("growthChunksPerUpload") is not None:
        files_ok = (fm["clean"] and fm["upload"]["mibPerSecond"] >= 50 and fm["download"]["mibPerSecond"] >= 50
                    and fm_srv["growthChunksPerUpload"] <= 8)
    out.append("| files: 10 MiB files through the client library, one node (memory) | ≥ 50 MiB/s up and down; live heap "
               "growth while uploads are in flight ≤ a few chunks (≤ 8 × 256 KiB) per upload | "
               + (f"up {fm['upload']['mibPerSecond']:.1f} MiB/s, down {fm['download']['mibPerSecond']:.1f} MiB/s, "
                  f"{fm['verified']}/{fm['options']['files']} intact; heap +{(fm_srv or {}).get('growthChunksPerUpload', '—')} "
                  f"chunks per upload" if fm else "—")
               + f" | {verdict(files_ok)} |")
    cold_ok = cold["maxMs"] <= 2000 if cold else None
    out.append(f"| cold start | `java -jar vanish.jar` to `/healthz` 200 in ≤ 2 s | "
               + (f"{', '.join(str(x) for x in cold['runsMs'])} ms (max {cold['maxMs']})" if cold else "—")
               + f" | {verdict(cold_ok)} |")
    out.append("")

    # --- steady scenarios, Vanish beside the relay of the same run ---
    out.append("### Steady load and group room (Vanish and the baseline relay of the same run)")
    out.append("")
    out.append("| run | connected | sent/s | delivered/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | lost / dup / errors | server CPU µs/delivery | connect p50 / p99 / max ms |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for label, name, j in (("steady, memory", "steady-memory", steady_mem), ("steady, Redis", "steady-redis", steady_redis),
                           ("steady, 2 nodes on Redis", "steady-redis-2nodes", two_nodes),
                           ("group room, memory", "group-memory", group)):
        out.append(steady_row(label, j, cpu=cpu_per_delivery(res, name, j)))
        if j and "relay" in j:
            out.append(steady_row("↳ baseline relay", j, "relay"))
            rt = j.get("ratio") or {}
            out.append(f"| ↳ Vanish / relay | | | ×{rt.get('deliveredPerSecond')} | | | ×{rt.get('p99')} | | | | | |")
    out.append("")
    out.append("Server CPU per delivery is the user + system time of the server process(es), from the moment every "
               "member was connected to the end of the drain, divided by the deliveries (2 nodes: both processes).")
    lost_rows = [(n, load(res, n + "-lost")) for n in ("steady-redis", "steady-redis-2nodes", "idle-redis", "saturation-redis")]
    lost_rows = [(n, l) for n, l in lost_rows if l is not None]
    if lost_rows:
        out.append("Pub/sub connections lost (`vanish_engine_connection_lost_total`, read from each node at the end): "
                   + ", ".join(f"{n} {l['connectionsLost']}" for n, l in lost_rows) + ".")
    out.append("")

    # --- saturation ladders ---
    out.append("### Saturation ladders")
    out.append("")
    for t in ("memory", "redis", "relay"):
        s = sat.get(t)
        if not s:
            continue
        first = load(res, f"saturation-{t}-{s['steps'][0]['rate']:g}") if s["steps"] else None
        ladder = (f"{first['options']['rooms']} rooms × {first['options']['members']} members, "
                 f"{first['options']['durationSeconds']:g} s per step") if first else ""
        note = "" if s.get("saturated") else " — the ladder ended before p99 passed 100 ms, so this is a lower bound"
        out.append(f"**{t}** ({ladder}): best {num(s['best']['deliveredPerSecond']) if s.get('best') else '—'} deliveries/s "
                   f"with p99 ≤ 100 ms and nothing lost{note}")
        out.append("")
        out.append("| msgs/s per member | delivered/s | p99 ms | server CPU µs/delivery | clean |")
        out.append("|---|---|---|---|---|")
        for step in s["steps"]:
            out.append(f"| {step['rate']:g} | {num(step['deliveredPerSecond'])} | {ms(step['p99'])} | "
                       f"{us(step.get('serverCpuMicrosPerDelivery'))} | "
                       f"{'yes' if step['clean'] else 'no (lost ' + str(step['lost']) + ', errors ' + str(step['errors']) + ')'} |")
        out.append("")

    # --- files ---
    if any(j for j, _ in files.values()):
        out.append("### Files")
        out.append("")
        out.append("`vanish bench files` (bench/run.sh section `files`): files of random bytes uploaded one at a time "
                   "through the client library (encrypt, PUT each chunk, then the file message), then downloaded into "
                   "memory and checked (GET, decrypt, SHA-256) and deleted. MiB/s = bytes / the time of that direction. "
                   "The live heap is the server's right after a full GC (`jcmd GC.class_histogram`), sampled during a "
                   "second run with several uploads at once; its growth is given in 256 KiB chunks per upload in flight. "
                   "Server CPU per MiB moved = the node's user + system CPU during the measured run / (MiB uploaded + "
                   "MiB downloaded): the figure that holds across machines (on Redis, redis-server's own CPU is not in it).")
        out.append("")
        out.append("| engine | files × size | upload MiB/s | download MiB/s | per file up p50 / max ms | per file down p50 / max ms "
                   "| intact / errors | server CPU per MiB moved | live heap idle → max during (uploads at once) → after | growth per upload | RSS |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|")
        for label, (j, srv) in (("memory", files["memory"]), ("Redis", files["redis"])):
            if not j:
                continue
            srv = srv or {}
            up, down, o = j["upload"], j["download"], j["options"]
            out.append(f"| {label} | {o['files']} × {o['fileBytes'] / 2**20:.1f} MiB | {up['mibPerSecond']:.1f} | "
                       f"{down['mibPerSecond']:.1f} | {ms(up['fileMs']['p50'])} / {ms(up['fileMs']['max'])} | "
                       f"{ms(down['fileMs']['p50'])} / {ms(down['fileMs']['max'])} | {j['verified']}/{o['files']} / {j['errors']} | "
                       f"{srv.get('cpuMsPerMiB', '—')} ms | {mib(srv.get('heapIdleBytes'))} → {mib(srv.get('heapMaxDuringBytes'))} ({srv.get('parallel', '—')}) → "
                       f"{mib(srv.get('heapAfterBytes'))} | {srv.get('growthChunksPerUpload', '—')} chunks | {mib(srv.get('rssBytes'))} |")
        out.append("")

    # --- idle ---
    if idle_heap:
        out.append("### Idle members")
        out.append("")
        out.append(f"{idle_heap['members']:,} members connected; server heap after GC {idle_heap['heapBeforeBytes'] / 2**20:.1f} MiB "
                   f"before they joined and {idle_heap['heapAfterBytes'] / 2**20:.1f} MiB with them "
                   f"({idle_heap['perMemberBytes']:,} bytes per member); process RSS {idle_heap['rssBytes'] / 2**20:.0f} MiB."
                   + (f" Connect time p50 / p99 / max: {ms(idle_r['connectMs']['p50'])} / {ms(idle_r['connectMs']['p99'])} / "
                      f"{ms(idle_r['connectMs']['max'])} ms." if idle_r else ""))
        out.append("")
    return "\n".join(out)


def mib(v):
    return "—" if v is None or v < 0 else f"{v / 2**20:.1f} MiB"


def render_soak(res):
    """The Soak section (issue 14): one row per engine that ran; None when no soak ran."""
    runs = [(label, load(res, name), load(res, name + "-server"))
            for label, name in (("memory", "soak-memory"), ("Redis", "soak-redis"))]
    runs = [(label, j, srv) for label, j, srv in runs if j]
    if not runs:
        return None
    o = runs[0][1]["options"]
    out = [f"Measured {runs[0][1].get('date', '?')[:10]} at commit `{runs[0][1].get('commit', '?')}`: "
           f"{o['durationSeconds']:g} s of churn, {o['roomRate']:g} new room/s living {o['ttlMinSeconds']}–{o['ttlMaxSeconds']} s "
           f"({o['destroyFraction']:.0%} destroyed part-way), {o['members']} members at once + 1 late joiner, 1 leaver, "
           f"{o['dropsPerRoom']} socket cut per room, {o['rate']:g} msg/s per member; a non-reader every "
           f"{o['nonReaderEverySeconds']:g} s. Heap after a full GC (`jcmd GC.run`, `GC.heap_info`) at the warm-up mark "
           f"({o['warmupSeconds']:g} s) and at the end mark (when creation stops). "
           f"Raw JSON: `bench/results/{os.path.basename(os.path.normpath(res))}/soak-*.json`.", ""]
    out.append("| engine | rooms (expired / destroyed) | live rooms at marks | joins / leaves / resumed | sent / expected deliveries "
               "| lost / dup / errors | non-readers cut | heap warm → end (target ≤ +10 %) | heap idle → drained | Redis room keys left (target 0) | verdict |")
    out.append("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, j, srv in runs:
        c = j["counts"]
        srv = srv or {}
        growth = srv.get("heapGrowth")
        keys = srv.get("redisRoomKeysLeft")
        ok = (j["clean"] and growth is not None and growth <= 0.10 and (keys is None or keys == 0))
        kinds = ", ".join(f"{k} {v}" for k, v in j.get("errorKinds", {}).items())
        out.append(f"| {label} | {c['roomsCreated']:,} ({c['roomsExpired']:,} / {c['roomsDestroyed']:,}) "
                   f"| {j.get('liveRoomsAtWarm')} / {j.get('liveRoomsAtEnd')} "
                   f"| {c['joins']:,} / {c['leaves']:,} / {c['resumed']:,} of {c['drops']:,} cut "
                   f"| {c['sent']:,} / {c['expected']:,} | {c['lost']} / {c['duplicates']} / {j['errors']}"
                   f"{' (' + kinds + ')' if kinds else ''} | {c['nonReadersCut']}/{c['nonReaders']} "
                   f"| {mib(srv.get('heapWarmBytes'))} → {mib(srv.get('heapEndBytes'))}"
                   f" ({'—' if growth is None else f'{growth:+.1%}'}) "
                   f"| {mib(srv.get('heapIdleBytes'))} → {mib(srv.get('heapDrainedBytes'))} "
                   f"| {'—' if keys is None else keys} | {verdict(ok)} |")
    for label, j, srv in runs:
        w, e = j.get("liveRoomsAtWarm") or 0, j.get("liveRoomsAtEnd") or 0
        srv = srv or {}
        if w > 0 and e > 0 and abs(e - w) > 0.1 * e and srv.get("heapIdleBytes", -1) > 0:
            per = lambda heap, live: (heap - srv["heapIdleBytes"]) / live / 1024
            out.append(f"{label}: the warm-up mark came before the live rooms levelled out ({w} then {e}; a run shorter "
                       f"than twice the longest lifetime + 30 s), so warm → end compares different loads; per live room "
                       f"above the idle heap: {per(srv['heapWarmBytes'], w):.0f} KiB at the warm-up mark, "
                       f"{per(srv['heapEndBytes'], e):.0f} KiB at the end mark.")
            out.append("")
    return "\n".join(out)


def replace_between(doc, begin, end, text, path):
    start, stop = doc.find(begin), doc.find(end)
    if start < 0 or stop < start:
        print(f"{path} has no {begin} … {end} section", file=sys.stderr)
        return None
    return doc[: start + len(begin)] + "\n" + text + "\n" + doc[stop:]


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    soak = render_soak(argv[1])
    if len(argv) >= 4 and argv[2] in ("--update", "--update-soak"):
        with open(argv[3]) as f:
            doc = f.read()
        if argv[2] == "--update":
            doc = replace_between(doc, BEGIN, END, render(argv[1]), argv[3])
        if doc is not None and soak is not None:
            doc = replace_between(doc, SOAK_BEGIN, SOAK_END, soak, argv[3])
        if doc is None:
            return 1
        with open(argv[3], "w") as f:
            f.write(doc)
    else:
        print(render(argv[1]))
        if soak is not None:
            print("\n### Soak\n\n" + soak)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
