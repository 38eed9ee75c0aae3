#!/usr/bin/env python3
"""Compare two KPI report JSON documents number by number.

Usage:
    python3 scripts/compare_reports.py EXPECTED.json ACTUAL.json [--tolerance 1e-9]

Typical use compares the TypeScript engine with the Python reference:
    node bin/kpi.cjs report --week 2026-W47 --as-of 2026-11-30T08:00:00-05:00 \
        --data fixtures/demo --json > /tmp/ts.json
    python3 scripts/compare_reports.py fixtures/demo/expected-2026-W47.json /tmp/ts.json

Compared: the period, the listed agents, and for every agent and the team
each metric's value, numerator, denominator and status, and each source's
ledger counts. Numbers match when their relative difference is at most the
tolerance, so a different summation order does not count as a difference.
Reject lists, names, units and targets are not compared. Prints one line
per difference and exits 1 when there is any.
"""

import argparse
import json
import math
import sys

LEDGER_COUNTS = ["rowsRead", "rowsUsed", "rowsOutsidePeriod", "rowsDuplicate", "rowsRejected"]
METRIC_FIELDS = ["value", "numerator", "denominator", "status"]


def same(expected, actual, tolerance: float) -> bool:
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(expected, actual, rel_tol=tolerance, abs_tol=tolerance)
    return expected == actual


def compare_metrics(where: str, expected: dict, actual: dict, tolerance: float, differences: list[str]) -> None:
    for metric, expected_result in expected.items():
        actual_result = actual.get(metric)
        if actual_result is None:
            differences.append(f"{where} {metric}: missing")
            continue
        for name in METRIC_FIELDS:
            if not same(expected_result.get(name), actual_result.get(name), tolerance):
                differences.append(
                    f"{where} {metric}.{name}: expected {expected_result.get(name)!r}, got {actual_result.get(name)!r}")


def compare(expected: dict, actual: dict, tolerance: float) -> list[str]:
    differences: list[str] = []

    for key in ["label", "start", "end", "timezone"]:
        if expected["period"].get(key) != actual["period"].get(key):
            differences.append(
                f"period.{key}: expected {expected['period'].get(key)!r}, got {actual['period'].get(key)!r}")

    expected_agents = {a["agent"]: a for a in expected["agents"]}
    actual_agents = {a["agent"]: a for a in actual["agents"]}
    for key in sorted(expected_agents.keys() - actual_agents.keys()):
        differences.append(f"agent {key}: missing")
    for key in sorted(actual_agents.keys() - expected_agents.keys()):
        differences.append(f"agent {key}: not expected")
    for key in sorted(expected_agents.keys() & actual_agents.keys()):
        compare_metrics(key, expected_agents[key]["metrics"], actual_agents[key]["metrics"], tolerance, differences)

    compare_metrics("team", expected["team"]["metrics"], actual["team"]["metrics"], tolerance, differences)

    actual_sources = {(s["kind"], s["file"]): s for s in actual["dataQuality"]["sources"]}
    for source in expected["dataQuality"]["sources"]:
        where = f"source {source['kind']} {source['file']}"
        other = actual_sources.get((source["kind"], source["file"]))
        if other is None:
            differences.append(f"{where}: missing")
            continue
        for count in LEDGER_COUNTS:
            if source[count] != other.get(count):
                differences.append(f"{where} {count}: expected {source[count]}, got {other.get(count)}")

    return differences


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Compare two KPI report JSON documents.")
    parser.add_argument("expected", help="report to compare against, e.g. the Python reference's output")
    parser.add_argument("actual", help="report under test")
    parser.add_argument("--tolerance", type=float, default=1e-9, help="relative tolerance for numbers (default 1e-9)")
    args = parser.parse_args(argv)

    with open(args.expected, encoding="utf-8") as handle:
        expected = json.load(handle)
    with open(args.actual, encoding="utf-8") as handle:
        actual = json.load(handle)

    differences = compare(expected, actual, args.tolerance)
    for line in differences:
        print(line)
    if differences:
        print(f"{len(differences)} differences", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
