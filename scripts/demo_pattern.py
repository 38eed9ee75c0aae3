#!/usr/bin/env python3
"""Print the pass/fail pattern of a KPI report JSON as a table.

Reads the report from a file argument or stdin, e.g.
    python3 test/reference/kpi_reference.py fixtures/demo --week 2026-W47 \
        --as-of 2026-11-30T08:00:00-05:00 | python3 scripts/demo_pattern.py

Exits 1 when some metric has no agent on one side of its target, because the
demo data is built so that every metric has agents that pass and agents that
fail.
"""

import json
import sys

SYMBOLS = {"pass": "P", "fail": "F", "no_data": "-"}


def main() -> int:
    source = open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 else sys.stdin
    report = json.load(source)
    metrics = list(report["team"]["metrics"])

    print("agent".ljust(28) + " ".join(m[:6].rjust(6) for m in metrics))
    for agent in report["agents"]:
        cells = [SYMBOLS[agent["metrics"][m]["status"]].rjust(6) for m in metrics]
        print(agent["agent"].ljust(28) + " ".join(cells))

    print()
    one_sided = []
    for metric in metrics:
        statuses = {a["metrics"][metric]["status"] for a in report["agents"]}
        values = [a["metrics"][metric]["value"] for a in report["agents"]]
        shown = ", ".join("-" if v is None else f"{v:.3f}" for v in values)
        print(f"{metric:22} {shown}")
        if not {"pass", "fail"} <= statuses:
            one_sided.append(metric)

    if one_sided:
        print(f"\nmetrics without both a pass and a fail: {', '.join(one_sided)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
