#!/usr/bin/env python3
"""Compute leads won per agent per week for June 2017 of the CRM sales-pipeline file.

The file (8,800 deals of a public "CRM Sales Opportunities" sample) is read
straight from its CSV, independently of the product's mapping code:

- A deal is won when `deal_stage` is "Won"; its won date is `close_date`,
  written month-first as M/D/YYYY. Open deals have no close date.
- The zone is taken as UTC, so the period is the 30 calendar days of
  June 2017 and lasts 30 / 7 weeks.
- The file has no lead-source column, so every won deal counts.
- Per agent: won deals closed in June / (30 / 7). The team value pools the
  listed agents (those with a deal won in June): their won deals over
  (agents x 30 / 7), so it is won deals per agent per week.

Usage:
    python3 test/reference/crm_reference.py [CSV]

CSV defaults to ../shared/realdata/crm-sales-pipeline.csv beside the
repository. The JSON goes to stdout.
"""

import csv
import json
import sys
from datetime import date
from pathlib import Path

FIRST_DAY = date(2017, 6, 1)
LAST_DAY = date(2017, 6, 30)
WEEKS = 30 / 7
DEFAULT_CSV = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "crm-sales-pipeline.csv"


def parse_month_first(text: str) -> date:
    month, day, year = (int(part) for part in text.strip().split("/"))
    return date(year, month, day)


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_CSV
    if not path.is_file():
        print(f"crm_reference: {path} not found; pass the path of crm-sales-pipeline.csv", file=sys.stderr)
        return 3

    total_rows = 0
    won: dict[str, int] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            total_rows += 1
            if row["deal_stage"].strip().lower() != "won":
                continue
            if not FIRST_DAY <= parse_month_first(row["close_date"]) <= LAST_DAY:
                continue
            agent = row["sales_agent"].strip().lower()
            won[agent] = won.get(agent, 0) + 1

    total_won = sum(won.values())
    report = {
        "source": path.name,
        "period": "2017-06",
        "timezone": "UTC",
        "total_rows": total_rows,
        "agents": [
            {"agent": agent, "numerator": won[agent], "denominator": WEEKS, "value": won[agent] / WEEKS}
            for agent in sorted(won)
        ],
        "team": {
            "numerator": total_won,
            "denominator": len(won) * WEEKS,
            "value": total_won / (len(won) * WEEKS) if won else None,
        },
    }
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
