#!/usr/bin/env python3
"""Where the event -> outbox latency went, from a flight recording of `herald bench pipeline` (ADR 0043).

Usage: breakdown.py RECORDING.jfr BENCH_OUTPUT.txt

The recording needs Herald's own events (dev.herald.IngestBatch, dev.herald.CustomerClaim; on by default in any
recording) and, for the stalls, jdk.GCPhasePause and jdk.FileForce. The bench's output gives the latency phase's
wall-clock bounds ("latency: ... from <instant>" and "latency: all processed at <instant>").

Each batch's messages are spread evenly between its newest and its oldest message's age; an event's latency is its
age at the batch's receive plus the batch's route time (the bench stamps an event when its exchange completes).
For the events at or above the p99 it splits that latency into: the wait while their consumer thread was busy with
earlier batches (split again into those batches' claim waits, transactions and JMS commits), the rest of the wait
(the thread was free: broker delivery, scheduling), then their own batch's claim wait and transaction. GC pauses
and file forces that overlap the events' lifetimes are reported beside (they are inside the other figures).
"""
import bisect
import calendar
import json
import re
import subprocess
import sys
import time


def instant_ns(text):
    """An ISO instant with up to nanoseconds as integer nanoseconds since the epoch."""
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z", text)
    seconds = calendar.timegm(time.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S"))
    return seconds * 1_000_000_000 + int((m.group(2) or "0").ljust(9, "0")[:9])


def duration_ns(text):
    """A java.time.Duration text (PT0.0123S, PT1M2.5S) as nanoseconds."""
    m = re.match(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", text)
    hours, minutes, secs = m.group(1), m.group(2), m.group(3)
    whole, _, frac = (secs or "0").partition(".")
    ns = int(whole) * 1_000_000_000 + int(frac.ljust(9, "0")[:9] or 0)
    return ns + (int(hours or 0) * 3600 + int(minutes or 0) * 60) * 1_000_000_000


def overlap(a0, a1, b0, b1):
    return max(0, min(a1, b1) - max(a0, b0))


def main(recording, bench_output):
    text = open(bench_output).read()
    phase_from = instant_ns(re.search(r"latency: .* from (\S+)", text).group(1))
    phase_to = instant_ns(re.search(r"latency: all processed at (\S+)", text).group(1))
    printed = subprocess.run(["jfr", "print", "--json", "--events",
                              "dev.herald.IngestBatch,dev.herald.CustomerClaim,jdk.GCPhasePause,jdk.FileForce",
                              recording], check=True, capture_output=True, text=True).stdout
    events = json.loads(printed)["recording"]["events"]

    batches, claims, pauses, forces = [], {}, [], []
    for e in events:
        v = e["values"]
        start = instant_ns(v["startTime"])
        end = start + duration_ns(v["duration"])
        thread = v["eventThread"]["javaThreadId"] if v.get("eventThread") else None
        if e["type"] == "dev.herald.IngestBatch":
            route = duration_ns(v["routeTime"])
            batches.append(dict(thread=thread, start=start, end=end, size=v["size"], route=route,
                                commit=duration_ns(v["jmsCommitTime"]), cpu=duration_ns(v.get("routeCpuTime", "PT0S")), oldest=duration_ns(v["oldestAge"]),
                                newest=duration_ns(v["newestAge"]), claim=0))
        elif e["type"] == "dev.herald.CustomerClaim":
            claims.setdefault(thread, []).append((start, end - start))
        elif e["type"] == "jdk.GCPhasePause":
            pauses.append((start, end))
        elif e["type"] == "jdk.FileForce":
            forces.append((start, end, v["eventThread"]["javaName"] if v.get("eventThread") else "?"))

    # each batch's claim wait: the claim events its thread recorded inside the batch's route (summed, should a
    # batch ever claim more than once)
    for t in claims:
        claims[t].sort()
    for b in batches:
        b["route_end"] = b["end"] - b["commit"]
        starts = claims.get(b["thread"], [])
        i = bisect.bisect_left(starts, (b["start"], -1))
        while i < len(starts) and starts[i][0] <= b["route_end"]:
            b["claim"] += starts[i][1]
            i += 1

    by_thread = {}
    for b in sorted(batches, key=lambda b: b["start"]):
        by_thread.setdefault(b["thread"], []).append(b)

    latencies = []  # (latency, batch, sent)
    for b in batches:
        if b["route_end"] < phase_from or b["start"] > phase_to:
            continue
        for k in range(b["size"]):
            age = b["oldest"] if b["size"] == 1 else b["oldest"] + (b["newest"] - b["oldest"]) * k / (b["size"] - 1)
            sent = b["start"] - age
            if sent < phase_from - 5_000_000:
                continue  # a message of the previous phase
            latencies.append((b["route_end"] - sent, b, sent))
    latencies.sort(key=lambda x: x[0])
    n = len(latencies)
    pct = lambda q: latencies[max(0, min(n - 1, int(-(-q * n // 1)) - 1))][0] / 1e6
    print(f"events in phase: {n}; estimated p50 {pct(0.5):.1f} ms, p99 {pct(0.99):.1f} ms, max {pct(1.0):.1f} ms")
    sizes = sorted(b["size"] for b in batches if phase_from <= b["start"] <= phase_to)
    print(f"batches in phase: {len(sizes)}, size p50 {sizes[len(sizes) // 2]}, max {sizes[-1]}")

    tail = [x for x in latencies if x[0] >= pct(0.99) * 1e6]
    parts = dict(busy_claim=0, busy_tx=0, busy_commit=0, thread_free=0, own_claim=0, own_tx=0)
    gc = ff = ff_count = 0
    ff_threads = {}
    for lat, b, sent in tail:
        earlier = by_thread[b["thread"]]
        busy_claim = busy_tx = busy_commit = 0
        for o in earlier:
            if o is b or o["end"] <= sent or o["start"] >= b["start"]:
                continue
            claim0, claim1 = o["start"], o["start"] + o["claim"]
            tx1 = o["route_end"]
            busy_claim += overlap(sent, b["start"], claim0, claim1)
            busy_tx += overlap(sent, b["start"], claim1, tx1)
            busy_commit += overlap(sent, b["start"], tx1, o["end"])
        wait = b["start"] - sent
        parts["busy_claim"] += busy_claim
        parts["busy_tx"] += busy_tx
        parts["busy_commit"] += busy_commit
        parts["thread_free"] += max(0, wait - busy_claim - busy_tx - busy_commit)
        parts["own_claim"] += b["claim"]
        parts["own_tx"] += b["route_end"] - b["start"] - b["claim"]
        gc += sum(overlap(sent, b["route_end"], p0, p1) for p0, p1 in pauses)
        for f0, f1, name in forces:
            o = overlap(sent, b["route_end"], f0, f1)
            if o:
                ff += o
                ff_count += 1
                kind = re.sub(r"[-#\d\s]+$", "", name)[:40]
                ff_threads[kind] = ff_threads.get(kind, 0) + o
    k = len(tail)
    total = sum(parts.values())
    print(f"events at or above the p99: {k}, mean latency {sum(x[0] for x in tail) / k / 1e6:.1f} ms")
    labels = dict(busy_claim="waiting: thread busy, earlier batches' claim waits",
                  busy_tx="waiting: thread busy, earlier batches' route (transaction)",
                  busy_commit="waiting: thread busy, earlier batches' JMS commits",
                  thread_free="waiting: thread free (broker delivery, scheduling)",
                  own_claim="own batch: claim wait", own_tx="own batch: route (transaction)")
    for key, label in labels.items():
        print(f"  {label:58s} {parts[key] / k / 1e6:7.1f} ms  {100 * parts[key] / total:5.1f} %")
    print(f"  overlapping GC pauses (inside the above)                   {gc / k / 1e6:7.1f} ms")
    print(f"  overlapping file forces (inside the above)                 {ff / k / 1e6:7.1f} ms"
          f" ({ff_count / k:.1f} per event)")
    for name, t in sorted(ff_threads.items(), key=lambda x: -x[1])[:4]:
        print(f"    by {name:54s} {t / k / 1e6:7.1f} ms")
    own = {id(b): b for _, b, _ in tail}.values()
    tail_sizes = sorted(b["size"] for b in own)
    print(f"  their batches: {len(tail_sizes)}, size p50 {tail_sizes[len(tail_sizes) // 2]}, max {tail_sizes[-1]};"
          f" route CPU {sum(b['cpu'] for b in own) / len(tail_sizes) / 1e6:.1f} ms of"
          f" {sum(b['route'] for b in own) / len(tail_sizes) / 1e6:.1f} ms route time (means per batch)")
    in_phase = [b for b in batches if phase_from <= b["start"] <= phase_to]
    if in_phase:
        mean = lambda key: sum(b[key] for b in in_phase) / len(in_phase) / 1e6
        print(f"all batches in phase: claim wait {mean('claim'):.1f} ms, route {mean('route'):.1f} ms"
              f" (CPU {mean('cpu'):.1f} ms),"
              f" JMS commit {mean('commit'):.1f} ms (means per batch)")
        gc_total = sum(overlap(phase_from, phase_to, p0, p1) for p0, p1 in pauses)
        print(f"GC pauses in phase: {sum(1 for p0, p1 in pauses if phase_from <= p0 <= phase_to)},"
              f" {gc_total / 1e6:.1f} ms in all, longest"
              f" {max([(p1 - p0) / 1e6 for p0, p1 in pauses if phase_from <= p0 <= phase_to] or [0]):.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
