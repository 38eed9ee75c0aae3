#!/usr/bin/env python3
"""Compute the thirteen call-centre KPIs from a folder of canonical CSV exports.

This is an independent reference for the TypeScript engine. It is written
from the metric, input and CLI specifications and docs/decisions.md alone,
with the Python standard library only. Both run on the same data, and their
reports are compared number for number.

Usage:
    python3 test/reference/kpi_reference.py DATA_DIR --week 2026-W47 \
        --as-of 2026-11-30T08:00:00-05:00 [--config FILE]
    python3 test/reference/kpi_reference.py DATA_DIR --from 2026-11-16 \
        --to 2026-11-22 --as-of 2026-11-23 [--config FILE]

The config defaults to DATA_DIR/kpi.config.json when that file exists. The
JSON report goes to stdout; errors go to stderr with exit code 2 (usage or
config) or 3 (input).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# ---------------------------------------------------------------------------
# Metric table: id, unit, default target. Order is the JSON output order.
# ---------------------------------------------------------------------------

METRICS = [
    ("aht", "seconds", {"op": "<", "value": 300}),
    ("fcr", "ratio", {"op": ">", "value": 0.80}),
    ("calls_per_hour", "calls per hour", {"op": "between", "min": 8, "max": 12}),
    ("hold_time", "seconds", {"op": "<", "value": 30}),
    ("after_call_work", "seconds", {"op": "<", "value": 120}),
    ("csat", "score 1–5", {"op": ">=", "value": 4.5}),
    ("complaint_rate", "ratio", {"op": "<", "value": 0.02}),
    ("escalation_rate", "ratio", {"op": "<", "value": 0.10}),
    ("callback_rate", "ratio", {"op": "<", "value": 0.15}),
    ("shift_adherence", "ratio", {"op": ">=", "value": 0.95}),
    ("bookings_per_shift", "bookings per shift", {"op": ">=", "value": 5}),
    ("leads_won_per_week", "leads per week", {"op": ">=", "value": 2}),
    ("same_day_resolution", "ratio", {"op": ">=", "value": 0.90}),
]

# Required columns that identify each canonical file kind from its header row.
# The first kind whose columns are all present wins, so kinds with an id column
# come before the generic agent-only layouts.
KIND_SIGNATURES = [
    ("calls", {"call_id", "agent", "direction", "started_at", "talk_seconds", "outcome"}),
    ("surveys", {"survey_id", "submitted_at", "score"}),
    ("complaints", {"complaint_id", "agent", "created_at"}),
    ("bookings", {"booking_id", "agent", "created_at"}),
    ("leads", {"lead_id", "agent", "stage"}),
    ("tickets", {"ticket_id", "created_by", "created_at"}),
    ("agent_status", {"agent", "status", "started_at", "ended_at"}),
    ("schedule", {"agent", "activity", "starts_at", "ends_at"}),
    ("agents", {"agent", "name"}),
]
KIND_ORDER = ["calls", "agent_status", "schedule", "bookings", "leads",
              "tickets", "surveys", "complaints", "agents"]

# Every column each kind reads, required or optional. A repeated column name
# is an error only when it is one of these.
KIND_COLUMNS = {
    "calls": {"call_id", "agent", "direction", "started_at", "ended_at", "talk_seconds", "hold_seconds",
              "after_call_work_seconds", "outcome", "escalated", "callback_required", "customer"},
    "agent_status": {"agent", "status", "started_at", "ended_at"},
    "schedule": {"agent", "activity", "starts_at", "ends_at"},
    "bookings": {"booking_id", "agent", "created_at"},
    "leads": {"lead_id", "agent", "stage", "won_at", "source"},
    "tickets": {"ticket_id", "created_by", "created_at", "resolved_at"},
    "surveys": {"survey_id", "call_id", "agent", "submitted_at", "score"},
    "complaints": {"complaint_id", "agent", "call_id", "created_at"},
    "agents": {"agent", "name", "aliases"},
}

# Which columns of each kind hold timestamps (for date-order detection).
TIMESTAMP_COLUMNS = {
    "calls": ["started_at", "ended_at"],
    "agent_status": ["started_at", "ended_at"],
    "schedule": ["starts_at", "ends_at"],
    "bookings": ["created_at"],
    "leads": ["won_at"],
    "tickets": ["created_at", "resolved_at"],
    "surveys": ["submitted_at"],
    "complaints": ["created_at"],
    "agents": [],
}

OUTCOMES = {"resolved", "escalated", "callback", "unresolved", "abandoned", "missed", "voicemail"}
UNHANDLED_OUTCOMES = {"abandoned", "missed", "voicemail"}
STATUSES = {"available", "on_call", "after_call_work", "break", "away", "offline", "other"}
ACTIVITIES = {"shift", "break"}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class InputError(Exception):
    """A problem with a data file that stops the report (exit code 3)."""


class UsageError(Exception):
    """A problem with the arguments or the config (exit code 2)."""


class RowRejected(Exception):
    """A row that fails validation; carries the column, value and reason."""

    def __init__(self, column: str, value: str, reason: str):
        super().__init__(reason)
        self.column = column
        self.value = value
        self.reason = reason


# ---------------------------------------------------------------------------
# Value formats
# ---------------------------------------------------------------------------

ISO_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?"
    r"\s*(Z|z|[+-]\d{2}:?\d{2})?"
)
SLASH_RE = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?"
)
EPOCH_RE = re.compile(r"\d{9,13}(\.\d+)?")


def local_to_instant(wall: datetime, zone: ZoneInfo) -> float | None:
    """Convert a naive wall time in `zone` to epoch seconds.

    An ambiguous fall-back time takes the earlier instant (fold=0); a time in
    a spring-forward gap does not survive the round trip and returns None.
    """
    aware = wall.replace(tzinfo=zone, fold=0)
    utc = aware.astimezone(timezone.utc)
    if utc.astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return utc.timestamp()


def detect_slash_order(values: list[str]) -> str | None:
    """Return 'dmy' or 'mdy' for a column of slash dates, None if it has none.

    Raises InputError when the values contradict each other or are all
    ambiguous, because guessing would silently swap days and months.
    """
    day_first = month_first = False
    seen = False
    for value in values:
        match = SLASH_RE.fullmatch(value.strip())
        if not match:
            continue
        seen = True
        first, second = int(match.group(1)), int(match.group(2))
        if first > 12:
            day_first = True
        if second > 12:
            month_first = True
    if not seen:
        return None
    if day_first and month_first:
        raise InputError("mixes day-first and month-first dates")
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    raise InputError("has only ambiguous dates (day and month both <= 12); set the column's date order")


def parse_timestamp(text: str, zone: ZoneInfo, slash_order: str | None) -> float:
    """Parse one timestamp cell into epoch seconds or raise ValueError."""
    value = text.strip()

    match = ISO_RE.fullmatch(value)
    if match:
        year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3))
        hour = int(match.group(4) or 0)
        minute = int(match.group(5) or 0)
        second = int(match.group(6) or 0)
        fraction = float(match.group(7)) if match.group(7) else 0.0
        wall = datetime(year, month, day, hour, minute, second)
        offset_text = match.group(8)
        if offset_text:
            if offset_text in ("Z", "z"):
                offset = timedelta(0)
            else:
                digits = offset_text[1:].replace(":", "")
                offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
                if offset_text[0] == "-":
                    offset = -offset
            return wall.replace(tzinfo=timezone(offset)).timestamp() + fraction
        instant = local_to_instant(wall, zone)
        if instant is None:
            raise ValueError("local time falls in a daylight-saving gap")
        return instant + fraction

    match = SLASH_RE.fullmatch(value)
    if match:
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        month, day = (first, second) if slash_order == "mdy" else (second, first)
        hour, minute = int(match.group(4)), int(match.group(5))
        seconds = int(match.group(6) or 0)
        meridiem = match.group(7)
        if meridiem:
            if not 1 <= hour <= 12:
                raise ValueError("12-hour clock hour out of range")
            hour = hour % 12 + (12 if meridiem.lower() == "pm" else 0)
        instant = local_to_instant(datetime(year, month, day, hour, minute, seconds), zone)
        if instant is None:
            raise ValueError("local time falls in a daylight-saving gap")
        return instant

    if EPOCH_RE.fullmatch(value):
        number = float(value)
        # Ten digits are seconds until the year 2286; thirteen are milliseconds.
        return number / 1000 if number >= 1e11 else number

    raise ValueError("not a timestamp")


DURATION_UNITS_RE = re.compile(
    r"(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m)?\s*(?:(\d+(?:\.\d+)?)\s*s)?"
)
NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")


def parse_duration(text: str) -> float:
    """Parse seconds, m:ss, h:mm:ss or '4m 5s' into seconds or raise ValueError."""
    value = text.strip()
    if NUMBER_RE.fullmatch(value):
        return float(value)

    if ":" in value:
        parts = value.split(":")
        if len(parts) not in (2, 3) or not all(NUMBER_RE.fullmatch(p) for p in parts):
            raise ValueError("not a duration")
        if len(parts) == 2:
            minutes, seconds = float(parts[0]), float(parts[1])
            if seconds >= 60:
                raise ValueError("seconds part of m:ss is 60 or more")
            return minutes * 60 + seconds
        hours, minutes, seconds = (float(p) for p in parts)
        if minutes >= 60 or seconds >= 60:
            raise ValueError("minutes or seconds part of h:mm:ss is 60 or more")
        return hours * 3600 + minutes * 60 + seconds

    match = DURATION_UNITS_RE.fullmatch(value)
    if value and match and any(match.groups()):
        hours, minutes, seconds = (float(g) if g else 0.0 for g in match.groups())
        return hours * 3600 + minutes * 60 + seconds

    raise ValueError("not a duration")


def parse_boolean(text: str) -> bool:
    value = text.strip().lower()
    if value in ("true", "yes", "y", "1"):
        return True
    if value in ("false", "no", "n", "0", ""):
        return False
    raise ValueError("not a boolean")


# ---------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------


def decode_bytes(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith(b"\xff\xfe"):
        return raw[2:].decode("utf-16-le")
    if raw.startswith(b"\xfe\xff"):
        return raw[2:].decode("utf-16-be")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


@dataclass
class Row:
    line: int
    cells: dict[str, str]


@dataclass
class Ledger:
    kind: str
    file: str
    rows_read: int = 0
    rows_used: int = 0
    rows_outside_period: int = 0
    rows_duplicate: int = 0
    rows_rejected: int = 0
    rejects: list[dict] = field(default_factory=list)

    def reject(self, line: int, column: str, value: str, reason: str) -> None:
        self.rows_rejected += 1
        self.rejects.append({"line": line, "column": column, "value": value, "reason": reason})

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "file": self.file,
            "rowsRead": self.rows_read,
            "rowsUsed": self.rows_used,
            "rowsOutsidePeriod": self.rows_outside_period,
            "rowsDuplicate": self.rows_duplicate,
            "rowsRejected": self.rows_rejected,
            "rejects": sorted(self.rejects, key=lambda reject: reject["line"]),
        }


@dataclass
class SourceFile:
    kind: str
    name: str
    columns: set[str]
    rows: list[Row]
    slash_orders: dict[str, str | None]
    ledger: Ledger


def read_source(path: Path) -> SourceFile:
    """Read one CSV file, recognize its kind and split it into rows."""
    text = decode_bytes(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t", "|"], key=lambda d: first_line.count(d))
    if first_line.count(delimiter) == 0:
        delimiter = ","

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header_cells = next(reader, None)
    if header_cells is None:
        raise InputError(f"{path.name}: the file is empty; expected a header row")
    header = [cell.strip().lower() for cell in header_cells]

    named = [name for name in header if name]
    columns = set(named)

    kind = next((k for k, required in KIND_SIGNATURES if required <= columns), None)
    if kind is None:
        raise InputError(f"{path.name}: the header row matches no canonical file kind; header is {header_cells}")

    for name in sorted(columns & KIND_COLUMNS[kind]):
        if named.count(name) > 1:
            positions = [str(i + 1) for i, n in enumerate(header) if n == name]
            raise InputError(f"{path.name}: column {name!r} appears twice (positions {', '.join(positions)}); "
                             "rename or remove one of them")

    rows: list[Row] = []
    malformed: list[tuple[int, str]] = []
    previous_line = reader.line_num
    for fields in reader:
        start_line = previous_line + 1
        previous_line = reader.line_num
        if all(cell.strip() == "" for cell in fields):
            continue
        if len(fields) < len(header):
            malformed.append((start_line, f"row has {len(fields)} fields, the header has {len(header)}"))
            continue
        if len(fields) > len(header) and any(cell.strip() for cell in fields[len(header):]):
            malformed.append((start_line, f"row has {len(fields)} fields, the header has {len(header)}"))
            continue
        # A repeated column the kind does not read keeps its last value, which is never used.
        cells = {name: fields[i] for i, name in enumerate(header) if name}
        rows.append(Row(start_line, cells))

    slash_orders: dict[str, str | None] = {}
    for column in TIMESTAMP_COLUMNS[kind]:
        if column in columns:
            try:
                slash_orders[column] = detect_slash_order([row.cells[column] for row in rows])
            except InputError as error:
                raise InputError(f"{path.name}: column {column!r} {error}") from None

    ledger = Ledger(kind, path.name)
    ledger.rows_read = len(rows) + len(malformed)
    for line, reason in malformed:
        ledger.reject(line, "", "", reason)
    return SourceFile(kind, path.name, columns, rows, slash_orders, ledger)


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


@dataclass
class Call:
    call_id: str
    agent: str
    direction: str
    started: float
    talk: float
    hold: float | None  # None when the file has no hold column
    after_call_work: float | None  # None when the file has no after-call work column
    outcome: str
    escalated: bool
    callback: bool
    in_period: bool = False

    @property
    def handled(self) -> bool:
        return bool(self.agent) and self.outcome not in UNHANDLED_OUTCOMES


@dataclass
class Interval:
    agent: str
    label: str  # status name or schedule activity
    start: float
    end: float


@dataclass
class Ticket:
    agent: str
    created: float
    resolved: float | None


@dataclass
class Config:
    zone: ZoneInfo
    zone_name: str
    business_days: set[int]  # 0 = Monday
    open_time: time
    close_time: time
    holidays: set[date]
    targets: dict[str, dict]
    aht_includes_after_call_work: bool
    adherence_counts_after_call_work: bool
    won_stages: set[str]


@dataclass
class Period:
    label: str
    start: float
    end: float
    days: int

    def contains(self, instant: float) -> bool:
        return self.start <= instant < self.end

    def overlaps(self, start: float, end: float) -> bool:
        if start == end:
            return self.contains(start)
        return start < self.end and end > self.start


@dataclass
class Dataset:
    """Rows that passed validation and deduplication and lie in the period."""

    calls: list[Call] = field(default_factory=list)
    statuses: list[Interval] = field(default_factory=list)
    shifts: list[Interval] = field(default_factory=list)
    breaks: list[Interval] = field(default_factory=list)
    bookings: list[str] = field(default_factory=list)  # agent per booking
    won_leads: list[tuple[str, bool]] = field(default_factory=list)  # (agent, counts)
    tickets: list[Ticket] = field(default_factory=list)
    surveys: list[tuple[str, float]] = field(default_factory=list)  # (agent, score)
    complaints: list[str] = field(default_factory=list)  # agent per complaint
    kinds_present: set[str] = field(default_factory=set)
    hold_column_present: bool = False
    after_call_work_column_present: bool = False
    listed_agents: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Loading: validate -> dedupe -> place in or outside the period
# ---------------------------------------------------------------------------


class Loader:
    def __init__(self, sources: list[SourceFile], config: Config, period: Period):
        self.sources = sources
        self.config = config
        self.period = period
        self.data = Dataset()
        self.aliases: dict[str, str] = {}
        # Every valid, non-duplicate call leg, in and out of the period, by call_id.
        self.legs: dict[str, list[Call]] = {}

    def agent_key(self, raw: str) -> str:
        key = raw.strip().lower()
        return self.aliases.get(key, key)

    def timestamp(self, source: SourceFile, row: Row, column: str, required: bool = True) -> float | None:
        text = row.cells.get(column, "")
        if text.strip() == "":
            if required:
                raise RowRejected(column, text, "missing timestamp")
            return None
        try:
            return parse_timestamp(text, self.config.zone, source.slash_orders.get(column))
        except ValueError as error:
            raise RowRejected(column, text, f"invalid timestamp: {error}") from None

    def duration(self, row: Row, column: str, empty_is_zero: bool) -> float:
        text = row.cells.get(column, "")
        if text.strip() == "":
            if empty_is_zero:
                return 0.0
            raise RowRejected(column, text, "missing duration")
        try:
            return parse_duration(text)
        except ValueError as error:
            raise RowRejected(column, text, f"invalid duration: {error}") from None

    def boolean(self, row: Row, column: str) -> bool:
        text = row.cells.get(column, "")
        try:
            return parse_boolean(text)
        except ValueError:
            raise RowRejected(column, text, "invalid boolean") from None

    @staticmethod
    def required_text(row: Row, column: str) -> str:
        text = row.cells.get(column, "").strip()
        if not text:
            raise RowRejected(column, "", f"missing {column}")
        return text

    def required_agent(self, row: Row, column: str = "agent") -> str:
        return self.agent_key(self.required_text(row, column))

    @staticmethod
    def enumerated(row: Row, column: str, allowed: set[str]) -> str:
        text = row.cells.get(column, "")
        value = text.strip().lower()
        if value not in allowed:
            raise RowRejected(column, text, f"unknown {column}")
        return value

    def load(self) -> Dataset:
        by_kind = {kind: [s for s in self.sources if s.kind == kind] for kind in KIND_ORDER}
        self.data.kinds_present = {s.kind for s in self.sources}

        # The roster comes first because it maps every other file's agent ids,
        # and calls before surveys and complaints, which join to call legs.
        for source in by_kind["agents"]:
            self.load_roster(source)
        for source in by_kind["calls"]:
            self.load_calls(source)
        for source in by_kind["agent_status"]:
            self.load_intervals(source, "status", "started_at", "ended_at", STATUSES)
        for source in by_kind["schedule"]:
            self.load_intervals(source, "activity", "starts_at", "ends_at", ACTIVITIES)
        for source in by_kind["bookings"]:
            self.load_bookings(source)
        for source in by_kind["leads"]:
            self.load_leads(source)
        for source in by_kind["tickets"]:
            self.load_tickets(source)
        for source in by_kind["surveys"]:
            self.load_surveys(source)
        for source in by_kind["complaints"]:
            self.load_complaints(source)
        return self.data

    def place(self, ledger: Ledger, in_period: bool, agent: str | None) -> bool:
        if in_period:
            ledger.rows_used += 1
            if agent:
                self.data.listed_agents.add(agent)
        else:
            ledger.rows_outside_period += 1
        return in_period

    def each_valid_row(self, source: SourceFile, validate):
        """Yield (row, record) for rows that validate; count the rejects."""
        for row in source.rows:
            try:
                record = validate(row)
            except RowRejected as rejected:
                source.ledger.reject(row.line, rejected.column, rejected.value, rejected.reason)
                continue
            yield row, record

    def load_roster(self, source: SourceFile) -> None:
        def validate(row: Row):
            key = self.required_text(row, "agent").lower()
            aliases = [a.strip().lower() for a in row.cells.get("aliases", "").split(";") if a.strip()]
            return key, row.cells.get("name", "").strip(), aliases

        for _, (key, name, aliases) in self.each_valid_row(source, validate):
            # NOTE: roster rows have no anchor instant, so every valid row counts as used.
            source.ledger.rows_used += 1
            self.data.names[key] = name or key
            for alias in aliases:
                self.aliases[alias] = key

    def load_calls(self, source: SourceFile) -> None:
        has_hold = "hold_seconds" in source.columns
        has_after_call_work = "after_call_work_seconds" in source.columns
        self.data.hold_column_present |= has_hold
        self.data.after_call_work_column_present |= has_after_call_work

        def validate(row: Row) -> Call:
            call_id = self.required_text(row, "call_id")
            agent = self.agent_key(row.cells.get("agent", ""))
            direction = self.enumerated(row, "direction", {"inbound", "outbound"})
            started = self.timestamp(source, row, "started_at")
            self.timestamp(source, row, "ended_at", required=False)
            talk = self.duration(row, "talk_seconds", empty_is_zero=False)
            hold = self.duration(row, "hold_seconds", empty_is_zero=True) if has_hold else None
            after_call_work = (
                self.duration(row, "after_call_work_seconds", empty_is_zero=True) if has_after_call_work else None
            )
            outcome = self.enumerated(row, "outcome", OUTCOMES)
            escalated = outcome == "escalated" or self.boolean(row, "escalated")
            callback = outcome == "callback" or self.boolean(row, "callback_required")
            return Call(call_id, agent, direction, started, talk, hold, after_call_work, outcome, escalated, callback)

        seen: set[tuple[str, str]] = set()
        for _, call in self.each_valid_row(source, validate):
            key = (call.call_id, call.agent)
            if key in seen:
                source.ledger.rows_duplicate += 1
                continue
            seen.add(key)
            self.legs.setdefault(call.call_id, []).append(call)
            if self.place(source.ledger, self.period.contains(call.started), call.agent):
                call.in_period = True
                self.data.calls.append(call)

    def load_intervals(self, source: SourceFile, label_column: str, start_column: str,
                       end_column: str, allowed: set[str]) -> None:
        def validate(row: Row) -> Interval:
            agent = self.required_agent(row)
            label = self.enumerated(row, label_column, allowed)
            start = self.timestamp(source, row, start_column)
            end = self.timestamp(source, row, end_column)
            if end < start:
                raise RowRejected(end_column, row.cells[end_column], f"{end_column} is before {start_column}")
            return Interval(agent, label, start, end)

        seen: set[tuple] = set()
        for _, interval in self.each_valid_row(source, validate):
            key = (interval.agent, interval.label, interval.start, interval.end)
            if key in seen:
                source.ledger.rows_duplicate += 1
                continue
            seen.add(key)
            in_period = self.period.overlaps(interval.start, interval.end)
            if interval.label == "shift":
                in_period = in_period or self.period.contains(interval.start)
            if not self.place(source.ledger, in_period, interval.agent):
                continue
            if source.kind == "agent_status":
                self.data.statuses.append(interval)
            elif interval.label == "shift":
                self.data.shifts.append(interval)
            else:
                self.data.breaks.append(interval)

    def dedupe_by_id(self, source: SourceFile, validate, id_column: str):
        """Yield valid records whose id was not seen before in this file."""
        seen: set[str] = set()
        for row, record in self.each_valid_row(source, validate):
            row_id = row.cells[id_column].strip()
            if row_id in seen:
                source.ledger.rows_duplicate += 1
                continue
            seen.add(row_id)
            yield record

    def load_bookings(self, source: SourceFile) -> None:
        def validate(row: Row):
            self.required_text(row, "booking_id")
            return self.required_agent(row), self.timestamp(source, row, "created_at")

        for agent, created in self.dedupe_by_id(source, validate, "booking_id"):
            if self.place(source.ledger, self.period.contains(created), agent):
                self.data.bookings.append(agent)

    def load_leads(self, source: SourceFile) -> None:
        has_source_column = "source" in source.columns

        def validate(row: Row):
            self.required_text(row, "lead_id")
            agent = self.required_agent(row)
            stage = self.required_text(row, "stage").lower()
            won_at = self.timestamp(source, row, "won_at", required=False)
            won = stage in self.config.won_stages
            if won and won_at is None:
                raise RowRejected("won_at", row.cells.get("won_at", ""), "won lead has no won_at")
            # NOTE: with a source column, an empty source cell is not `outbound`, so it does not count.
            counts = not has_source_column or row.cells.get("source", "").strip().lower() == "outbound"
            return agent, won, won_at, counts

        for agent, won, won_at, counts in self.dedupe_by_id(source, validate, "lead_id"):
            # Leads that are not won have no anchor instant and belong to no period.
            in_period = won and self.period.contains(won_at)
            if self.place(source.ledger, in_period, agent):
                self.data.won_leads.append((agent, counts))

    def load_tickets(self, source: SourceFile) -> None:
        def validate(row: Row) -> Ticket:
            self.required_text(row, "ticket_id")
            agent = self.required_agent(row, "created_by")
            created = self.timestamp(source, row, "created_at")
            resolved = self.timestamp(source, row, "resolved_at", required=False)
            if resolved is not None and resolved < created:
                raise RowRejected("resolved_at", row.cells["resolved_at"], "resolved_at is before created_at")
            return Ticket(agent, created, resolved)

        for ticket in self.dedupe_by_id(source, validate, "ticket_id"):
            if self.place(source.ledger, self.period.contains(ticket.created), ticket.agent):
                self.data.tickets.append(ticket)

    def load_surveys(self, source: SourceFile) -> None:
        def validate(row: Row):
            self.required_text(row, "survey_id")
            submitted = self.timestamp(source, row, "submitted_at")
            score_text = row.cells.get("score", "")
            try:
                score = float(score_text.strip())
            except ValueError:
                raise RowRejected("score", score_text, "score is not a number") from None
            if not 1 <= score <= 5:
                raise RowRejected("score", score_text, "score is outside 1 to 5")

            agent_text = row.cells.get("agent", "").strip()
            own_agent = self.agent_key(agent_text) if agent_text else ""
            legs = self.legs.get(row.cells.get("call_id", "").strip(), [])
            if legs:
                # A transferred call goes to the leg of the survey's own agent,
                # else to the leg that started last (the agent who ended the call).
                matching = [leg for leg in legs if own_agent and leg.agent == own_agent]
                leg = matching[0] if matching else max(legs, key=lambda c: c.started)
                return leg.agent or own_agent, leg.started, score
            if not own_agent:
                raise RowRejected("agent", "", "survey has no agent and no known call_id")
            return own_agent, submitted, score

        for agent, anchor, score in self.dedupe_by_id(source, validate, "survey_id"):
            if self.place(source.ledger, self.period.contains(anchor), agent):
                self.data.surveys.append((agent, score))

    def load_complaints(self, source: SourceFile) -> None:
        def validate(row: Row):
            self.required_text(row, "complaint_id")
            agent = self.required_agent(row)
            created = self.timestamp(source, row, "created_at")
            legs = self.legs.get(row.cells.get("call_id", "").strip(), [])
            if legs:
                own_legs = [leg for leg in legs if leg.agent == agent] or legs
                return agent, min(leg.started for leg in own_legs)
            return agent, created

        for agent, anchor in self.dedupe_by_id(source, validate, "complaint_id"):
            if self.place(source.ledger, self.period.contains(anchor), agent):
                self.data.complaints.append(agent)


# ---------------------------------------------------------------------------
# Interval arithmetic on (start, end) pairs of epoch seconds
# ---------------------------------------------------------------------------


def union(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def intersect(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Intersect two unions of disjoint sorted intervals."""
    result = []
    for a_start, a_end in a:
        for b_start, b_end in b:
            start, end = max(a_start, b_start), min(a_end, b_end)
            if end > start:
                result.append((start, end))
    return union(result)


def subtract(a: list[tuple[float, float]], b: list[tuple[float, float]]) -> list[tuple[float, float]]:
    result = []
    for start, end in a:
        pieces = [(start, end)]
        for b_start, b_end in b:
            next_pieces = []
            for p_start, p_end in pieces:
                if b_end <= p_start or b_start >= p_end:
                    next_pieces.append((p_start, p_end))
                    continue
                if b_start > p_start:
                    next_pieces.append((p_start, b_start))
                if b_end < p_end:
                    next_pieces.append((b_end, p_end))
            pieces = next_pieces
        result.extend(pieces)
    return union(result)


def total(intervals: list[tuple[float, float]]) -> float:
    return sum(end - start for start, end in intervals)


# ---------------------------------------------------------------------------
# Metrics
# ---------------------------------------------------------------------------


def business_day_close(created: float, config: Config) -> float:
    """Return the closing instant of the business day a ticket belongs to.

    A ticket created at or after closing time, on a weekend or on a holiday
    belongs to the next business day.
    """
    local = datetime.fromtimestamp(created, config.zone)
    day = local.date()
    if not is_business_day(day, config) or local.time() >= config.close_time:
        day += timedelta(days=1)
        while not is_business_day(day, config):
            day += timedelta(days=1)
    close = local_to_instant(datetime.combine(day, config.close_time), config.zone)
    if close is None:
        raise UsageError(f"closing time {config.close_time} falls in a daylight-saving gap on {day}")
    return close


def is_business_day(day: date, config: Config) -> bool:
    return day.weekday() in config.business_days and day not in config.holidays


def calendar_days_with_status(intervals: list[tuple[float, float]], period: Period, zone: ZoneInfo) -> int:
    """Count team-zone calendar days of the period that an interval touches."""
    days = set()
    for start, end in intervals:
        start, end = max(start, period.start), min(end, period.end)
        if end <= start:
            continue
        day = datetime.fromtimestamp(start, zone).date()
        last = datetime.fromtimestamp(end, zone).date()
        # An interval that ends exactly at midnight does not touch the next day.
        if datetime.fromtimestamp(end, zone).time() == time(0) and last > day:
            last -= timedelta(days=1)
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return len(days)


def agent_ratios(agent: str, data: Dataset, config: Config, period: Period, as_of: float) -> dict:
    """Return {metric id: (numerator, denominator)} for one agent, None when the source is absent."""
    present = data.kinds_present
    calls = [c for c in data.calls if c.agent == agent and c.handled]
    handled = len(calls)
    ratios: dict[str, tuple[float, float] | None] = {}

    if "calls" in present:
        handle_time = 0.0
        for call in calls:
            handle_time += call.talk + (call.hold or 0.0)
            if config.aht_includes_after_call_work:
                handle_time += call.after_call_work or 0.0
        ratios["aht"] = (handle_time, handled)

        inbound = [c for c in calls if c.direction == "inbound"]
        first_call_resolved = [c for c in inbound if c.outcome == "resolved" and not c.escalated and not c.callback]
        ratios["fcr"] = (len(first_call_resolved), len(inbound))

        with_hold = [c for c in calls if c.hold is not None]
        ratios["hold_time"] = (sum(c.hold for c in with_hold), len(with_hold)) if data.hold_column_present else None
        with_acw = [c for c in calls if c.after_call_work is not None]
        ratios["after_call_work"] = (
            (sum(c.after_call_work for c in with_acw), len(with_acw)) if data.after_call_work_column_present else None
        )

        ratios["escalation_rate"] = (len([c for c in calls if c.escalated]), handled)
        ratios["callback_rate"] = (len([c for c in calls if c.callback]), handled)
    else:
        for metric in ("aht", "fcr", "hold_time", "after_call_work", "escalation_rate", "callback_rate"):
            ratios[metric] = None

    clip = [(period.start, period.end)]
    shifts = union([(i.start, i.end) for i in data.shifts if i.agent == agent])
    breaks = union([(i.start, i.end) for i in data.breaks if i.agent == agent])
    scheduled = intersect(subtract(shifts, breaks), clip)
    statuses = [i for i in data.statuses if i.agent == agent]

    if "schedule" in present:
        shift_seconds = total(scheduled)
    elif "agent_status" in present:
        logged_in = union([(i.start, i.end) for i in statuses if i.label not in ("offline", "break")])
        shift_seconds = total(intersect(logged_in, clip))
    else:
        shift_seconds = None
    if "calls" in present and shift_seconds is not None:
        ratios["calls_per_hour"] = (handled, shift_seconds / 3600)
    else:
        ratios["calls_per_hour"] = None

    ratios["csat"] = None
    if "surveys" in present:
        scores = [score for who, score in data.surveys if who == agent]
        ratios["csat"] = (sum(scores), len(scores))

    ratios["complaint_rate"] = None
    if "complaints" in present and "calls" in present:
        ratios["complaint_rate"] = (data.complaints.count(agent), handled)

    ratios["shift_adherence"] = None
    if "schedule" in present and "agent_status" in present:
        available_statuses = {"available", "on_call"}
        if config.adherence_counts_after_call_work:
            available_statuses.add("after_call_work")
        available = union([(i.start, i.end) for i in statuses if i.label in available_statuses])
        ratios["shift_adherence"] = (total(intersect(available, scheduled)), total(scheduled))

    ratios["bookings_per_shift"] = None
    if "bookings" in present:
        if "schedule" in present:
            shift_count = len([s for s in data.shifts if s.agent == agent and period.contains(s.start)])
            ratios["bookings_per_shift"] = (data.bookings.count(agent), shift_count)
        elif "agent_status" in present:
            active = [(i.start, i.end) for i in statuses if i.label != "offline"]
            ratios["bookings_per_shift"] = (
                data.bookings.count(agent), calendar_days_with_status(active, period, config.zone))

    ratios["leads_won_per_week"] = None
    if "leads" in present:
        won = len([1 for who, counts in data.won_leads if who == agent and counts])
        ratios["leads_won_per_week"] = (won, period.days / 7)

    ratios["same_day_resolution"] = None
    if "tickets" in present:
        resolved_same_day = 0
        counted = 0
        for ticket in data.tickets:
            if ticket.agent != agent:
                continue
            close = business_day_close(ticket.created, config)
            # A resolution after as-of has not happened yet at as-of.
            resolved = ticket.resolved if ticket.resolved is not None and ticket.resolved <= as_of else None
            if resolved is None and close > as_of:
                continue
            counted += 1
            if resolved is not None and resolved <= close:
                resolved_same_day += 1
        ratios["same_day_resolution"] = (resolved_same_day, counted)

    return ratios


def status_for(value: float, target: dict) -> str:
    op = target["op"]
    if op == "between":
        return "pass" if target["min"] <= value <= target["max"] else "fail"
    limit = target["value"]
    passed = {"<": value < limit, "<=": value <= limit, ">": value > limit, ">=": value >= limit}[op]
    return "pass" if passed else "fail"


def metric_results(ratios: dict, config: Config) -> dict:
    results = {}
    for metric, unit, _ in METRICS:
        target = config.targets[metric]
        ratio = ratios.get(metric)
        if ratio is None:
            results[metric] = {"value": None, "unit": unit, "numerator": None, "denominator": None,
                               "target": target, "status": "no_data"}
            continue
        numerator, denominator = ratio
        if denominator == 0:
            results[metric] = {"value": None, "unit": unit, "numerator": numerator, "denominator": denominator,
                               "target": target, "status": "no_data"}
            continue
        value = numerator / denominator
        results[metric] = {"value": value, "unit": unit, "numerator": numerator, "denominator": denominator,
                           "target": target, "status": status_for(value, target)}
    return results


def team_ratios(per_agent: dict[str, dict]) -> dict:
    """Pool Σ numerators / Σ denominators over agents whose metric has data."""
    team = {}
    for metric, _, _ in METRICS:
        contributions = [
            results[metric] for results in per_agent.values() if results[metric]["status"] != "no_data"
        ]
        if not contributions and all(results[metric]["numerator"] is None for results in per_agent.values()):
            team[metric] = None
            continue
        team[metric] = (
            sum(r["numerator"] for r in contributions),
            sum(r["denominator"] for r in contributions),
        )
    return team


# ---------------------------------------------------------------------------
# Config, period, output
# ---------------------------------------------------------------------------


def load_config(path: Path | None) -> Config:
    raw = {}
    if path is not None:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise UsageError(f"cannot read config {path}: {error}") from None

    zone_name = raw.get("timezone") or os.environ.get("TZ") or "UTC"
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"timezone {zone_name!r} is not an IANA zone name; use e.g. America/New_York") from None

    hours = raw.get("businessHours", {})
    days = hours.get("days", ["mon", "tue", "wed", "thu", "fri"])
    try:
        business_days = {WEEKDAYS.index(d.lower()) for d in days}
    except ValueError:
        raise UsageError(f"businessHours.days {days!r} must use mon..sun") from None

    targets = {metric: default for metric, _, default in METRICS}
    targets.update(raw.get("targets", {}))
    metrics = raw.get("metrics", {})
    won_stages = metrics.get("leads_won_per_week", {}).get("wonStages", ["won"])

    return Config(
        zone=zone,
        zone_name=zone_name,
        business_days=business_days,
        open_time=time.fromisoformat(hours.get("open", "09:00")),
        close_time=time.fromisoformat(hours.get("close", "17:00")),
        holidays={date.fromisoformat(d) for d in raw.get("holidays", [])},
        targets=targets,
        aht_includes_after_call_work=bool(metrics.get("aht", {}).get("includeAfterCallWork", False)),
        adherence_counts_after_call_work=bool(metrics.get("shift_adherence", {}).get("countAfterCallWork", False)),
        won_stages={s.lower() for s in won_stages},
    )


def local_midnight(day: date, zone: ZoneInfo) -> float:
    instant = local_to_instant(datetime.combine(day, time(0)), zone)
    if instant is None:
        raise UsageError(f"midnight of {day} does not exist in {zone}")
    return instant


def make_period(args, zone: ZoneInfo) -> Period:
    if args.week:
        match = re.fullmatch(r"(\d{4})-W(\d{2})", args.week)
        if not match:
            raise UsageError(f"--week {args.week!r} is not an ISO week; write e.g. 2026-W47")
        first = date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        last = first + timedelta(days=6)
        label = args.week
    elif args.from_date and args.to_date:
        first, last = date.fromisoformat(args.from_date), date.fromisoformat(args.to_date)
        if last < first:
            raise UsageError(f"--to {last} is before --from {first}")
        label = f"{first}..{last}"
    else:
        raise UsageError("give a period: --week YYYY-Www, or --from DATE and --to DATE")
    days = (last - first).days + 1
    return Period(label, local_midnight(first, zone), local_midnight(last + timedelta(days=1), zone), days)


def parse_as_of(text: str | None, zone: ZoneInfo) -> float:
    if text is None:
        return datetime.now(timezone.utc).timestamp()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return local_midnight(date.fromisoformat(text), zone)
    try:
        return parse_timestamp(text, zone, None)
    except ValueError:
        raise UsageError(f"--as-of {text!r} is not a date or timestamp; write e.g. 2026-11-30T08:00:00-05:00") from None


def format_instant(instant: float, zone: ZoneInfo) -> str:
    return datetime.fromtimestamp(instant, zone).isoformat()


def plain_numbers(value):
    """Print whole floats as integers, as JavaScript's JSON.stringify does."""
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return int(value)
    if isinstance(value, dict):
        return {k: plain_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_numbers(v) for v in value]
    return value


def build_report(data_dir: Path, config: Config, period: Period, as_of: float) -> dict:
    paths = sorted(p for p in data_dir.iterdir() if p.suffix.lower() in (".csv", ".tsv", ".txt") and p.is_file())
    sources = [read_source(p) for p in paths]
    data = Loader(sources, config, period).load()

    per_agent = {}
    for agent in sorted(data.listed_agents):
        per_agent[agent] = metric_results(agent_ratios(agent, data, config, period, as_of), config)
    team = metric_results(team_ratios(per_agent), config)

    sources.sort(key=lambda s: (KIND_ORDER.index(s.kind), s.name))
    return plain_numbers({
        "schemaVersion": 1,
        "period": {
            "label": period.label,
            "start": format_instant(period.start, config.zone),
            "end": format_instant(period.end, config.zone),
            "timezone": config.zone_name,
        },
        "asOf": format_instant(as_of, config.zone),
        "agents": [
            {"agent": agent, "name": data.names.get(agent, agent), "metrics": results}
            for agent, results in per_agent.items()
        ],
        "team": {"metrics": team},
        "dataQuality": {"sources": [s.ledger.to_json() for s in sources]},
    })


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Reference KPI report from canonical CSV files.")
    parser.add_argument("data_dir", type=Path, help="folder of canonical .csv/.tsv/.txt exports")
    parser.add_argument("--config", type=Path, help="config JSON (default: DATA_DIR/kpi.config.json if present)")
    parser.add_argument("--week", help="ISO week, e.g. 2026-W47")
    parser.add_argument("--from", dest="from_date", help="first day of the period, YYYY-MM-DD")
    parser.add_argument("--to", dest="to_date", help="last day of the period (included), YYYY-MM-DD")
    parser.add_argument("--as-of", dest="as_of", help="the instant treated as now (default: the current time)")
    args = parser.parse_args(argv)

    try:
        config_path = args.config
        if config_path is None and (args.data_dir / "kpi.config.json").is_file():
            config_path = args.data_dir / "kpi.config.json"
        config = load_config(config_path)
        period = make_period(args, config.zone)
        as_of = parse_as_of(args.as_of, config.zone)
        report = build_report(args.data_dir, config, period, as_of)
    except UsageError as error:
        print(f"kpi_reference: {error}", file=sys.stderr)
        return 2
    except InputError as error:
        print(f"kpi_reference: {error}", file=sys.stderr)
        return 3

    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
