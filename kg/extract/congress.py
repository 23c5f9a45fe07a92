"""When a session of the National People's Congress met (data/reference/npc_sessions.csv).

A national report is delivered at a session it names (`第一届全国人民代表大会第二次会议`, `十四届全国人大四次会议`)
far more often than it prints its year; the session's opening month gives the year, and the season gives the
year planned for (a session of November or December plans for the next year, as the reports of 1963 and 1981 do).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.extract.reference_csv import read_csv

SESSIONS_PER_TERM = 5  # from the sixth term on: one session a year for the five years of a term


@dataclass(frozen=True)
class Calendar:
    opened: dict[tuple[int, int], dt.date]  # (term, session) → first day of the month it opened

    @classmethod
    def load(cls, path: Path) -> "Calendar":
        opened: dict[tuple[int, int], dt.date] = {}
        for line, row in read_csv(path, ("term", "session", "opened")):
            try:
                term = int(row["term"])
                year, month = (int(x) for x in row["opened"].split("-"))
                first = dt.date(year, month, 1)
            except ValueError:
                raise InputError("expected a term number and an opening month YYYY-MM", file=path, line=line) from None
            if row["session"] == "yearly":
                for n in range(1, SESSIONS_PER_TERM + 1):
                    opened[(term, n)] = dt.date(year + n - 1, 3 if n > 1 else month, 1)
            elif row["session"].isdigit():
                opened[(term, int(row["session"]))] = first
            else:
                raise InputError(f"session {row['session']!r} is neither a number nor 'yearly'", file=path, line=line)
        return cls(opened)

    def opened_at(self, term: int, session: int) -> dt.date | None:
        return self.opened.get((term, session))
