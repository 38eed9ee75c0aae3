#!/usr/bin/env python3
"""Compute handle time, FCR and CSAT for ISO week 2021-W02 of the PwC call-centre file.

The PwC practice data set (5,000 calls, 8 agents, 2021-01-01 to 2021-03-31)
is read straight from its CSV, independently of the product's mapping code:

- `Date` is DD/MM/YYYY and `Time` is local wall time. The zone is taken as
  UTC, so the week is the calendar days 2021-01-11 to 2021-01-17.
- A call is answered when `Answered (Y/N)` is Y. Every call is inbound.
- aht: mean of `AvgTalkDuration` (h:mm:ss) over answered calls.
- fcr: answered calls with `Resolved` = Y / answered calls.
- csat: mean of `Satisfaction rating` over rows whose rating is neither 0
  nor empty (the file writes 0 on unanswered calls to mean "no rating").

Usage:
    python3 test/reference/pwc_reference.py [CSV] [--output FILE]

CSV defaults to ../shared/realdata/pwc-call-centre.csv beside the repository.
Agent keys are lower-cased, as the product's report writes them.
"""

import argparse
import csv
import json
import sys
from datetime import date
from pathlib import Path

WEEK_FIRST_DAY = date(2021, 1, 11)
WEEK_LAST_DAY = date(2021, 1, 17)
DEFAULT_CSV = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "pwc-call-centre.csv"


def parse_day_first(text: str) -> date:
    day, month, year = (int(part) for part in text.strip().split("/"))
    return date(year, month, day)


def parse_hms(text: str) -> int:
    hours, minutes, seconds = (int(part) for part in text.strip().split(":"))
    return hours * 3600 + minutes * 60 + seconds


def ratio(numerator: float, denominator: int) -> dict:
    value = numerator / denominator if denominator else None
    return {"numerator": numerator, "denominator": denominator, "value": value}


class Tally:
    """Counts and sums for one agent or for the whole team."""

    def __init__(self) -> None:
        self.rows = 0
        self.answered = 0
        self.talk_seconds = 0
        self.resolved = 0
        self.rating_sum = 0
        self.ratings = 0

    def add(self, row: dict) -> None:
        self.rows += 1
        if row["Answered (Y/N)"].strip().upper() == "Y":
            self.answered += 1
            self.talk_seconds += parse_hms(row["AvgTalkDuration"])
            if row["Resolved"].strip().upper() == "Y":
                self.resolved += 1
        rating = row["Satisfaction rating"].strip()
        if rating not in ("", "0"):
            self.rating_sum += int(rating)
            self.ratings += 1

    def to_json(self) -> dict:
        return {
            "rows": self.rows,
            "answered": self.answered,
            "unanswered": self.rows - self.answered,
            "aht": ratio(self.talk_seconds, self.answered),
            "fcr": ratio(self.resolved, self.answered),
            "csat": ratio(self.rating_sum, self.ratings),
        }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT_CSV, help="path of pwc-call-centre.csv")
    parser.add_argument("--output", type=Path, help="write the JSON here instead of stdout")
    args = parser.parse_args(argv)

    if not args.csv.is_file():
        print(f"pwc_reference: {args.csv} not found; pass the path of pwc-call-centre.csv", file=sys.stderr)
        return 3

    team = Tally()
    agents: dict[str, Tally] = {}
    # utf-8-sig drops the byte-order mark the export starts with.
    with args.csv.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if not WEEK_FIRST_DAY <= parse_day_first(row["Date"]) <= WEEK_LAST_DAY:
                continue
            agent = row["Agent"].strip().lower()
            agents.setdefault(agent, Tally()).add(row)
            team.add(row)

    report = {
        "source": "pwc-call-centre.csv",
        "week": "2021-W02",
        "from": WEEK_FIRST_DAY.isoformat(),
        "to": WEEK_LAST_DAY.isoformat(),
        "timezone": "UTC",
        "agents": [{"agent": key, **agents[key].to_json()} for key in sorted(agents)],
        "team": team.to_json(),
    }
    text = json.dumps(report, indent=2) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
