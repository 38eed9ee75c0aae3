#!/usr/bin/env python3
"""Compute calls, FCR and bookings for ISO week 2023-W45 of the restaurant booking-calls file.

The file (25,100 calls to a restaurant booking line, 2023-11-01 to
2023-11-14) is read straight from its CSV, independently of the product's
mapping code:

- `Call Date` is YYYY-MM-DD and `Call Time` local wall time. The zone is
  taken as UTC, so the week is the calendar days 2023-11-06 to 2023-11-12.
- Every call is inbound. A call is answered unless `Call Outcome` is
  "Call unanswered" (those rows also have an empty `Time Answered`).
- fcr: answered calls whose outcome is "Booking completed" / answered calls
  ("No availability" is answered but not resolved).
- bookings: calls whose outcome is "Booking completed", by `Agent ID`.

Usage:
    python3 test/reference/restaurant_reference.py [CSV]

CSV defaults to ../shared/realdata/restaurant-booking-calls.csv beside the
repository. The JSON goes to stdout.
"""

import csv
import json
import sys
from datetime import date
from pathlib import Path

WEEK_FIRST_DAY = date(2023, 11, 6)
WEEK_LAST_DAY = date(2023, 11, 12)
DEFAULT_CSV = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "restaurant-booking-calls.csv"


class Tally:
    """Counts for one agent or for the whole team."""

    def __init__(self) -> None:
        self.rows = 0
        self.answered = 0
        self.bookings = 0

    def add(self, row: dict) -> None:
        self.rows += 1
        outcome = row["Call Outcome"].strip()
        if outcome != "Call unanswered":
            self.answered += 1
        if outcome == "Booking completed":
            self.bookings += 1

    def to_json(self) -> dict:
        return {
            "rows": self.rows,
            "answered": self.answered,
            "unanswered": self.rows - self.answered,
            "bookings": self.bookings,
            "fcr": {
                "numerator": self.bookings,
                "denominator": self.answered,
                "value": self.bookings / self.answered if self.answered else None,
            },
        }


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT_CSV
    if not path.is_file():
        print(f"restaurant_reference: {path} not found; pass the path of restaurant-booking-calls.csv", file=sys.stderr)
        return 3

    total_rows = 0
    total_bookings = 0
    team = Tally()
    agents: dict[str, Tally] = {}
    # utf-8-sig drops the byte-order mark the export starts with.
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            total_rows += 1
            if row["Call Outcome"].strip() == "Booking completed":
                total_bookings += 1
            if not WEEK_FIRST_DAY <= date.fromisoformat(row["Call Date"].strip()) <= WEEK_LAST_DAY:
                continue
            agent = row["Agent ID"].strip().lower()
            agents.setdefault(agent, Tally()).add(row)
            team.add(row)

    report = {
        "source": path.name,
        "week": "2023-W45",
        "timezone": "UTC",
        "total_rows": total_rows,
        "total_bookings": total_bookings,
        "agents": [{"agent": key, **agents[key].to_json()} for key in sorted(agents)],
        "team": team.to_json(),
    }
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
