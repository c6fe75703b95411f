#!/usr/bin/env python3
"""Each node's busy share in a cluster job, from the job's JSON report (GET /api/jobs/ID/report).

usage: busy_share.py REPORT.json SLOTS

A node's busy share is the share of its fetchers' time that they were fetching while the job's queue was not empty:
the sum, over the URLs the node fetched, of the part of each fetch (from its request's start to its whole body, or
to its end when no body came) that lies between the job's start and the moment the queue ran empty, divided by
SLOTS (fetchers a node) times that moment. The queue runs empty when the last URL starts; after that a fetcher with
nothing to do is idle because the job has no more work, not because the cluster failed to hand it any.

Prints one line per node, sorted by name: "node busy_share urls", the share with two decimals; and a last line
"queue_empty_s S", when the queue ran empty, in seconds since the job's start.
"""
import json
import sys


def busy_shares(report, slots):
    items = [i for i in report["items"] if i.get("node") and i["timings"].get("startedMs") is not None]
    if not items:
        return {}, 0.0
    empty_at = max(i["timings"]["startedMs"] for i in items)
    busy, urls = {}, {}
    for item in items:
        t = item["timings"]
        start = t["startedMs"]
        end = t.get("bodyDoneMs") if t.get("bodyDoneMs") is not None else t.get("doneMs")
        if end is None:
            end = empty_at
        overlap = max(0.0, min(end, empty_at) - max(start, 0.0))
        busy[item["node"]] = busy.get(item["node"], 0.0) + overlap
        urls[item["node"]] = urls.get(item["node"], 0) + 1
    if empty_at <= 0:
        return {node: (1.0, urls[node]) for node in busy}, 0.0
    return {node: (busy[node] / (slots * empty_at), urls[node]) for node in busy}, empty_at


def main(argv):
    if len(argv) != 3 or not argv[2].isdigit() or int(argv[2]) < 1:
        sys.stderr.write("usage: busy_share.py REPORT.json SLOTS\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        report = json.load(f)
    shares, empty_at = busy_shares(report, int(argv[2]))
    for node in sorted(shares):
        share, count = shares[node]
        print(f"{node} {share:.2f} {count}")
    print(f"queue_empty_s {empty_at / 1000:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
