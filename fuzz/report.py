#!/usr/bin/env python3
"""The fuzzing record's table (docs/RELIABILITY.md) from `scripts/fuzz run` logs: per target, the seconds it
ran, executions, coverage (edges: libFuzzer's `cov`, features: `ft`), the corpus it grew, peak RSS, and
whether it stopped on a finding. Usage: fuzz/report.py [build-fuzz/logs]"""
import os
import re
import sys

logs = sys.argv[1] if len(sys.argv) > 1 else "build-fuzz/logs"
print("| target | seconds | executions | exec/s | coverage (edges) | features | corpus | peak RSS MB | stopped on |")
print("|---|---|---|---|---|---|---|---|---|")
for name in sorted(os.listdir(logs)):
    if not name.endswith(".log"):
        continue
    text = open(os.path.join(logs, name), encoding="utf-8", errors="replace").read()
    stats = dict(re.findall(r"^stat::(\w+):\s+(\d+)", text, re.M))
    status = re.findall(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)/\S+.*?exec/s: (\d+)", text, re.M)
    done = re.search(r"Done (\d+) runs in (\d+) second", text)
    finding = re.search(r"SUMMARY: (\w+Sanitizer: [\w-]+|libFuzzer: [\w-]+)", text) or re.search(r"^(fuzz: .*)$", text, re.M)
    if not status:
        continue
    execs, cov, ft, corp, rate = status[-1]
    seconds = done.group(2) if done else "?"
    print(f"| {name[:-4]} | {seconds} | {int(stats.get('number_of_executed_units', execs)):,} | {rate} | {cov} | {ft} | "
          f"{corp} | {stats.get('peak_rss_mb', '?')} | {finding.group(1) if finding else 'time (no finding)'} |")
