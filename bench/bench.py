#!/usr/bin/env python3
"""Helpers of bench/run: parse wrk and pgbench output, walk an Okta-style import, time requests,
and turn the collected figures into the result table and JSON. Only talks to 127.0.0.1."""
import json
import re
import sys
import time
import urllib.request

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(text):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    return float(m.group(1)) * UNITS[m.group(2)]


def parse_wrk(path, jar_ticks=None, pg_ticks=None):
    out = {"rate": 0.0, "p50_ms": None, "p99_ms": None, "requests": 0, "errors": 0}
    provisioned, seconds = None, None
    for line in open(path):
        line = line.strip()
        if line.startswith("Requests/sec:"):
            out["rate"] = float(line.split()[1])
        elif re.match(r"^\d+ requests in", line):
            out["requests"] = int(line.split()[0])
            seconds = ms(line.split()[3].rstrip(",")) / 1000.0
        elif line.startswith("provisioned:"):
            provisioned = int(line.split()[1])
        elif line.startswith("Non-2xx"):
            out["errors"] += int(line.split()[-1])
        elif line.startswith("Socket errors"):
            out["errors"] += sum(int(n) for n in re.findall(r"\d+", line))
        elif re.match(r"^(50|99)(\.0+)?%\s", line):
            pct, value = line.split()[:2]
            out["p50_ms" if pct.startswith("50") else "p99_ms"] = round(ms(value), 2)
    if provisioned is not None:
        # the provisioning storm: users created per second (each one a lookup and a create)
        out["users_per_s"] = round(provisioned / seconds, 1)
    if jar_ticks is not None and out["requests"]:
        # CPU time per request (ticks are 10 ms): the jar's, and PostgreSQL's backends'
        out["jar_cpu_us"] = round(int(jar_ticks) * 10000 / out["requests"])
        out["pg_cpu_us"] = round(int(pg_ticks) * 10000 / out["requests"])
    return out


def merge(parts):
    """Measurements of one load taken in several slices, as one: requests over the slices' time, CPU per request
    weighted by requests, the median slice's p50 and the worst slice's p99."""
    requests = sum(p["requests"] for p in parts)
    seconds = sum(p["requests"] / p["rate"] for p in parts if p["rate"])
    out = {"rate": round(requests / seconds, 2) if seconds else 0.0,
           "p50_ms": sorted(p["p50_ms"] for p in parts)[len(parts) // 2],
           "p99_ms": max(p["p99_ms"] for p in parts), "requests": requests,
           "errors": sum(p["errors"] for p in parts), "slices": [p["rate"] for p in parts]}
    for cpu in ("jar_cpu_us", "pg_cpu_us"):
        if requests and all(cpu in p for p in parts):
            out[cpu] = round(sum(p[cpu] * p["requests"] for p in parts) / requests)
    return out


def parse_pgbench(path, pg_ticks=None):
    out = {"rate": 0.0, "latency_ms": None, "failed": 0}
    done = 0
    for line in open(path):
        if line.startswith("number of transactions actually processed"):
            done = int(line.split(":")[1].split("/")[0])
        if line.startswith("tps ="):
            out["rate"] = float(line.split()[2])
        elif line.startswith("latency average"):
            out["latency_ms"] = float(line.split()[3])
        elif line.startswith("number of failed"):
            out["failed"] = int(line.split()[4])
    if pg_ticks is not None and done:
        out["pg_cpu_us"] = round(int(pg_ticks) * 10000 / done)
    return out


def get(url, key):
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + key})
    start = time.perf_counter()
    with urllib.request.urlopen(req) as r:
        body = json.load(r)
    return (time.perf_counter() - start) * 1000.0, body


def walk(base, key, mode, count):
    """Reads the whole location in pages of `count`, by startIndex or by cursor; times every page."""
    times, seen, index, cursor = [], 0, 1, ""
    while True:
        page_cursor = cursor
        q = f"count={count}&" + (f"startIndex={index}" if mode == "index" else f"cursor={cursor}")
        elapsed, body = get(f"{base}/Users?{q}", key)
        times.append(elapsed)
        got = len(body.get("Resources", []))
        seen += got
        if mode == "index":
            index += got
            if got == 0 or index > body["totalResults"]:
                break
        else:
            cursor = body.get("nextCursor")
            if not cursor:
                break
    # First and last page, each the median of three reads so one GC pause does not decide.
    first = sorted([times[0]] + [get(f"{base}/Users?count={count}&" + ("startIndex=1" if mode == "index" else "cursor="), key)[0] for _ in range(2)])[1]
    last_q = f"startIndex={index - got}" if mode == "index" else f"cursor={page_cursor}"
    last = sorted([times[-1]] + [get(f"{base}/Users?count={count}&{last_q}", key)[0] for _ in range(2)])[1]
    return {"pages": len(times), "users": seen, "first_ms": round(first, 1), "last_ms": round(last, 1),
            "total_s": round(sum(times) / 1000.0, 1)}


def cold(base_url, pairs_file, n, warm_pairs=1):
    """Times the first request to each of n locations not used since the restart."""
    pairs = [l.split() for l in open(pairs_file) if l.strip()]
    timings = []
    for i, (loc, key) in enumerate(pairs[: warm_pairs + n]):
        elapsed, _ = get(f"{base_url}/scim/v2/{loc}/Users?filter=userName%20eq%20%22nobody%40example.com%22", key)
        timings.append(round(elapsed, 1))
    first, rest = timings[:warm_pairs], sorted(timings[warm_pairs:])
    return {"process_first_ms": first[0], "cold_median_ms": rest[len(rest) // 2], "cold_max_ms": rest[-1],
            "cold_locations": len(rest)}


def verdict(value, op, target):
    if value is None:
        return "n/a"
    return "pass" if (value >= target if op == ">=" else value <= target) else "MISS"


def report(results_path, out_path):
    r = json.load(open(results_path))
    rows = []

    def row(name, value, unit, ratio_desc, ratio, op, target):
        rows.append({"measure": name, "value": value, "unit": unit, "compared_with": ratio_desc,
                     "ratio": None if ratio is None else round(ratio, 3), "target": f"{op} {target}",
                     "result": verdict(ratio if ratio is not None else value, op, target)})

    def rate(key):
        return r.get(key, {}).get("rate")

    if "create" in r:
        row("SCIM creates/s (POST /Users)", rate("create"), "req/s",
            f"pgbench insert {rate('pg_insert'):.0f} tps", rate("create") / rate("pg_insert"), ">=", 0.60)
    if "storm" in r and "users_per_s" in r["storm"]:
        row("Okta provisioning storm: users/s (lookup, then create)", r["storm"]["users_per_s"], "users/s",
            f"{rate('storm'):.0f} req/s", None, ">=", 0)
    if "lookup_100k" in r:
        row("SCIM lookups/s at 100k users", rate("lookup_100k"), "req/s",
            f"pgbench lookup {rate('pg_lookup'):.0f} tps", rate("lookup_100k") / rate("pg_lookup"), ">=", 0.50)
        row("lookup p99 at 100k users, c=32", r["lookup_100k"]["p99_ms"], "ms", "", None, "<=", 10)
    if "lookup_1m" in r and "lookup_10k" in r:
        row("lookups/s at 1M users", rate("lookup_1m"), "req/s",
            f"at 10k users {rate('lookup_10k'):.0f}/s", rate("lookup_1m") / rate("lookup_10k"), ">=", 0.80)
    if "pg_lookup_1m" in r and "pg_lookup_10k" in r:
        row("  (pgbench lookups/s at 1M users)", rate("pg_lookup_1m"), "tps",
            f"at 10k users {rate('pg_lookup_10k'):.0f}/s", rate("pg_lookup_1m") / rate("pg_lookup_10k"), ">=", 0.80)
    for mode in ("index", "cursor"):
        w = r.get(f"import_{mode}")
        if w:
            row(f"import by {mode}: last page ({w['pages']} pages of 100)", w["last_ms"], "ms",
                f"first page {w['first_ms']} ms", w["last_ms"] / w["first_ms"], "<=", 2.0)
    if "patch" in r:
        row("PATCH deactivations/s", rate("patch"), "req/s", "", None, ">=", 0)
    if "members" in r:
        row("member adds/s, 50k-member group", rate("members"), "req/s", "", None, ">=", 0)
    for key, name in (("org_lookup", "organization lookups/s by userName (all its locations)"),
                      ("org_create", "organization creates/s (POST /Users, routed)")):
        base = key.replace("org_", "org_location_")
        if key in r:
            row(name, rate(key), "req/s", f"at one location {rate(base):.0f}/s", rate(key) / rate(base), ">=", 0.80)
    loc = r.get("locations")
    if loc:
        row(f"DB connections, {loc['count']} locations under load", loc["max_connections"], "conn",
            "", None, "<=", loc["budget"])
        row("first request to a cold location (median / max)", loc["cold"]["cold_max_ms"], "ms",
            f"median {loc['cold']['cold_median_ms']} ms", None, "<=", 100)
        row(f"RSS of the jar, {loc['count']} locations under load", loc["max_rss_mib"], "MiB", "", None, "<=", 512)
        row(f"start-up to ready, {loc['count']} locations", loc["startup_s"], "s", "", None, "<=", 5)
    r["table"] = rows
    json.dump(r, open(out_path, "w"), indent=2)
    print(f"\n{'measure':58} {'value':>10} {'unit':6} {'compared with':30} {'ratio':>7} {'target':>9}  result")
    for x in rows:
        v = x["value"]
        v = f"{v:.1f}" if isinstance(v, float) else str(v)
        ratio = "" if x["ratio"] is None else f"{x['ratio']:.3f}"
        print(f"{x['measure']:58} {v:>10} {x['unit']:6} {x['compared_with']:30} {ratio:>7} {x['target']:>9}  {x['result']}")
    cpu = {k: (v.get("jar_cpu_us", 0), v["pg_cpu_us"]) for k, v in r.items() if isinstance(v, dict) and "pg_cpu_us" in v}
    if cpu:
        print("\nCPU per request or transaction, µs (jar / PostgreSQL):",
              ", ".join(f"{k} {j}/{p}" for k, (j, p) in cpu.items()))
    errors = {k: v.get("errors") for k, v in r.items() if isinstance(v, dict) and v.get("errors")}
    if errors:
        print("non-2xx or socket errors:", errors)
    print(f"\n{r.get('machine', '')}\nwritten to {out_path}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "wrk":
        print(json.dumps(parse_wrk(*args)))
    elif cmd == "merge":
        print(json.dumps(merge([json.loads(a) for a in args])))
    elif cmd == "pgbench":
        print(json.dumps(parse_pgbench(*args)))
    elif cmd == "walk":
        print(json.dumps(walk(args[0], args[1], args[2], int(args[3]))))
    elif cmd == "cold":
        print(json.dumps(cold(args[0], args[1], int(args[2]))))
    elif cmd == "report":
        report(args[0], args[1])
