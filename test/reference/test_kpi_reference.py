"""Unit tests for the Python reference. Run: python3 -m unittest discover -s test/reference"""

import json
import tempfile
import unittest
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import kpi_reference as ref

NEW_YORK = ZoneInfo("America/New_York")
REPOSITORY = Path(__file__).resolve().parents[2]


def epoch(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


class TimestampTest(unittest.TestCase):
    def test_offset_is_absolute(self):
        self.assertEqual(ref.parse_timestamp("2026-11-02T09:14:05-05:00", NEW_YORK, None),
                         epoch("2026-11-02T14:14:05+00:00"))

    def test_z_suffix_is_utc(self):
        self.assertEqual(ref.parse_timestamp("2026-11-02T14:14:05Z", NEW_YORK, None),
                         epoch("2026-11-02T14:14:05+00:00"))

    def test_local_time_uses_zone(self):
        # 09:14:05 EST is UTC-5, so 14:14:05Z.
        self.assertEqual(ref.parse_timestamp("2026-11-02 09:14:05", NEW_YORK, None),
                         epoch("2026-11-02T14:14:05+00:00"))

    def test_fall_back_takes_earlier_instant(self):
        # 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST); the earlier wins.
        self.assertEqual(ref.parse_timestamp("2026-11-01 01:30:00", NEW_YORK, None),
                         epoch("2026-11-01T05:30:00+00:00"))

    def test_spring_forward_gap_rejected(self):
        with self.assertRaises(ValueError):
            ref.parse_timestamp("2026-03-08 02:30:00", NEW_YORK, None)

    def test_month_first_pm(self):
        # 01:30 PM EDT on 10/26 is 17:30Z.
        self.assertEqual(ref.parse_timestamp("10/26/2026 01:30 PM", NEW_YORK, "mdy"),
                         epoch("2026-10-26T17:30:00+00:00"))

    def test_twelve_am_is_midnight(self):
        self.assertEqual(ref.parse_timestamp("11/17/2026 12:05 AM", NEW_YORK, "mdy"),
                         epoch("2026-11-17T05:05:00+00:00"))

    def test_twelve_pm_is_noon(self):
        self.assertEqual(ref.parse_timestamp("11/17/2026 12:05 PM", NEW_YORK, "mdy"),
                         epoch("2026-11-17T17:05:00+00:00"))

    def test_day_first(self):
        self.assertEqual(ref.parse_timestamp("17/11/2026 14:00:30", NEW_YORK, "dmy"),
                         epoch("2026-11-17T19:00:30+00:00"))

    def test_epoch_seconds(self):
        self.assertEqual(ref.parse_timestamp("1794924845", NEW_YORK, None), 1794924845)

    def test_epoch_milliseconds(self):
        self.assertEqual(ref.parse_timestamp("1794924845500", NEW_YORK, None), 1794924845.5)

    def test_garbage_rejected(self):
        with self.assertRaises(ValueError):
            ref.parse_timestamp("next tuesday", NEW_YORK, None)


class SlashOrderTest(unittest.TestCase):
    def test_day_over_twelve_first_is_dmy(self):
        self.assertEqual(ref.detect_slash_order(["01/02/2026 10:00", "13/02/2026 10:00"]), "dmy")

    def test_day_over_twelve_second_is_mdy(self):
        self.assertEqual(ref.detect_slash_order(["01/02/2026 10:00", "02/13/2026 10:00"]), "mdy")

    def test_all_ambiguous_raises(self):
        with self.assertRaises(ref.InputError):
            ref.detect_slash_order(["01/02/2026 10:00", "03/04/2026 10:00"])

    def test_contradiction_raises(self):
        with self.assertRaises(ref.InputError):
            ref.detect_slash_order(["13/02/2026 10:00", "02/13/2026 10:00"])

    def test_iso_column_has_no_order(self):
        self.assertIsNone(ref.detect_slash_order(["2026-11-02 09:00:00"]))


class DurationTest(unittest.TestCase):
    def test_forms(self):
        cases = [
            ("245", 245),
            ("245.5", 245.5),
            ("4:05", 245),  # 4*60 + 5
            ("0:02:23", 143),  # 2*60 + 23
            ("00:02:23", 143),
            ("1:00:01", 3601),  # 3600 + 1
            ("4m 5s", 245),
            ("1h 2m", 3720),  # 3600 + 120
        ]
        for text, seconds in cases:
            with self.subTest(text=text):
                self.assertEqual(ref.parse_duration(text), seconds)

    def test_invalid_forms(self):
        for text in ["-5", "4:7x", "abc", "", "1:75", "1:2:3:4"]:
            with self.subTest(text=text):
                with self.assertRaises(ValueError):
                    ref.parse_duration(text)


class BooleanTest(unittest.TestCase):
    def test_forms(self):
        for text, value in [("true", True), ("YES", True), ("y", True), ("1", True),
                            ("false", False), ("No", False), ("n", False), ("0", False), ("", False)]:
            with self.subTest(text=text):
                self.assertEqual(ref.parse_boolean(text), value)

    def test_other_text_rejected(self):
        with self.assertRaises(ValueError):
            ref.parse_boolean("maybe")


class ReadSourceTest(unittest.TestCase):
    def read(self, data: bytes) -> ref.SourceFile:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "export.csv"
            path.write_bytes(data)
            return ref.read_source(path)

    def test_kind_from_header(self):
        source = self.read(b"booking_id,agent,created_at\nB1,ana,2026-11-02 09:00:00\n")
        self.assertEqual(source.kind, "bookings")

    def test_header_case_and_spaces_ignored(self):
        source = self.read(b" Booking_ID ,AGENT,created_at\nB1,ana,2026-11-02 09:00:00\n")
        self.assertEqual(source.kind, "bookings")

    def test_utf8_bom_and_crlf(self):
        source = self.read(b"\xef\xbb\xbfbooking_id,agent,created_at\r\nB1,ana,2026-11-02 09:00:00\r\n")
        self.assertEqual(source.rows[0].cells["booking_id"], "B1")

    def test_utf16_with_bom(self):
        text = "booking_id;agent;created_at\r\nB1;Zoë;2026-11-02 09:00:00\r\n"
        source = self.read(b"\xff\xfe" + text.encode("utf-16-le"))
        self.assertEqual(source.rows[0].cells["agent"], "Zoë")

    def test_windows_1252_fallback(self):
        source = self.read("booking_id,agent,created_at\nB1,Zoë,2026-11-02 09:00:00\n".encode("cp1252"))
        self.assertEqual(source.rows[0].cells["agent"], "Zoë")

    def test_tab_delimiter(self):
        source = self.read(b"booking_id\tagent\tcreated_at\nB1\tana\t2026-11-02 09:00:00\n")
        self.assertEqual(source.rows[0].cells["agent"], "ana")

    def test_line_number_after_quoted_newline(self):
        # Header is line 1, the first row spans lines 2-3, a blank line 4, so the next row starts on line 5.
        source = self.read(b'booking_id,agent,created_at\n"B\n1",ana,2026-11-02 09:00:00\n\nB2,bo,2026-11-02 10:00:00\n')
        self.assertEqual([row.line for row in source.rows], [2, 5])

    def test_short_row_rejected(self):
        source = self.read(b"booking_id,agent,created_at\nB1,ana\n")
        self.assertEqual(source.ledger.rows_rejected, 1)

    def test_trailing_delimiter_accepted(self):
        source = self.read(b"booking_id,agent,created_at\nB1,ana,2026-11-02 09:00:00,\n")
        self.assertEqual(len(source.rows), 1)

    def test_extra_value_rejected(self):
        source = self.read(b"booking_id,agent,created_at\nB1,ana,2026-11-02 09:00:00,x\n")
        self.assertEqual(source.ledger.rows_rejected, 1)

    def test_repeated_read_column_raises(self):
        with self.assertRaises(ref.InputError):
            self.read(b"booking_id,agent,created_at,agent\nB1,ana,2026-11-02 09:00:00,bo\n")

    def test_repeated_unread_column_accepted(self):
        source = self.read(b"booking_id,agent,created_at,note,note\nB1,ana,2026-11-02 09:00:00,a,b\n")
        self.assertEqual(len(source.rows), 1)

    def test_empty_row_not_counted(self):
        source = self.read(b"booking_id,agent,created_at\n,,\nB1,ana,2026-11-02 09:00:00\n")
        self.assertEqual(source.ledger.rows_read, 1)


class IntervalTest(unittest.TestCase):
    def test_union_merges_overlaps(self):
        self.assertEqual(ref.union([(5, 8), (0, 3), (2, 6)]), [(0, 8)])

    def test_subtract_splits(self):
        self.assertEqual(ref.subtract([(0, 10)], [(3, 4), (6, 7)]), [(0, 3), (4, 6), (7, 10)])

    def test_intersect(self):
        self.assertEqual(ref.intersect([(0, 5), (8, 12)], [(4, 9)]), [(4, 5), (8, 9)])


class BusinessDayTest(unittest.TestCase):
    def setUp(self):
        self.config = ref.load_config(None)
        self.config.zone = NEW_YORK
        self.config.holidays = {datetime(2026, 11, 26).date()}

    def test_before_close_is_same_day(self):
        close = ref.business_day_close(epoch("2026-11-17T16:59:00-05:00"), self.config)
        self.assertEqual(close, epoch("2026-11-17T17:00:00-05:00"))

    def test_at_close_is_next_day(self):
        close = ref.business_day_close(epoch("2026-11-17T17:00:00-05:00"), self.config)
        self.assertEqual(close, epoch("2026-11-18T17:00:00-05:00"))

    def test_friday_evening_is_monday(self):
        close = ref.business_day_close(epoch("2026-11-20T18:00:00-05:00"), self.config)
        self.assertEqual(close, epoch("2026-11-23T17:00:00-05:00"))

    def test_holiday_eve_skips_holiday(self):
        close = ref.business_day_close(epoch("2026-11-25T18:00:00-05:00"), self.config)
        self.assertEqual(close, epoch("2026-11-27T17:00:00-05:00"))


class GoldenSmallTest(unittest.TestCase):
    def test_report_matches_hand_computed(self):
        folder = REPOSITORY / "fixtures" / "golden" / "small"
        config = ref.load_config(folder / "kpi.config.json")
        args = type("Args", (), {"week": "2026-W44", "from_date": None, "to_date": None})()
        period = ref.make_period(args, config.zone)
        as_of = ref.parse_as_of("2026-11-02T12:00:00-05:00", config.zone)
        report = ref.build_report(folder, config, period, as_of)
        for source in report["dataQuality"]["sources"]:
            for reject in source["rejects"]:
                del reject["reason"]
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        self.assertEqual(report, expected)


class WithoutScheduleTest(unittest.TestCase):
    """The small golden set without schedule.csv falls back to the status log."""

    @classmethod
    def setUpClass(cls):
        source = REPOSITORY / "fixtures" / "golden" / "small"
        with tempfile.TemporaryDirectory() as folder:
            for path in source.glob("*.csv"):
                if path.name != "schedule.csv":
                    (Path(folder) / path.name).write_bytes(path.read_bytes())
            config = ref.load_config(source / "kpi.config.json")
            args = type("Args", (), {"week": "2026-W44", "from_date": None, "to_date": None})()
            period = ref.make_period(args, config.zone)
            as_of = ref.parse_as_of("2026-11-02T12:00:00-05:00", config.zone)
            report = ref.build_report(Path(folder), config, period, as_of)
        cls.metrics = {agent["agent"]: agent["metrics"] for agent in report["agents"]}

    def test_logged_in_hours_exclude_offline_and_break(self):
        # Ana: Mon 09:00-11:00 + 11:40-13:00 (away counts) = 200 min, Tue 09:05-11:00 + 11:30-13:00 = 205 min; 405 min = 6.75 h.
        self.assertEqual(self.metrics["ana@example.com"]["calls_per_hour"]["denominator"], 6.75)

    def test_logged_in_hours_across_fall_back(self):
        # Cy: 02:00Z-04:45Z (2.75 h) + 05:15Z-11:00Z (5.75 h) = 8.5 h.
        self.assertEqual(self.metrics["cy@example.com"]["calls_per_hour"]["denominator"], 8.5)

    def test_shift_count_is_days_with_status(self):
        # Cy is logged in on Saturday 10-31 and Sunday 11-01: 2 days.
        self.assertEqual(self.metrics["cy@example.com"]["bookings_per_shift"]["denominator"], 2)

    def test_adherence_has_no_data(self):
        self.assertEqual(self.metrics["ana@example.com"]["shift_adherence"]["status"], "no_data")


if __name__ == "__main__":
    unittest.main()
