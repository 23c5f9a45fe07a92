"""kg/views/paging.py and kg/views/reading_order.py: which rows a page shows, which page numbers are refused, and the order."""

from __future__ import annotations

import pytest

from kg.errors import BadParameter, NotFound
from kg.views import paging, reading_order


def test_windows_count_rows_from_one():
    w = paging.window("figures", 2, 60)
    assert (w.first, w.last, w.pages, w.previous, w.next, w.param) == (26, 50, 3, 1, 3, "figures_page")
    assert paging.window("figures", 3, 60).rows(list(range(60))) == list(range(50, 60))
    empty = paging.window("goals", 1, 0)
    assert (empty.first, empty.last, empty.pages, empty.next) == (0, 0, 1, None)


def test_past_the_last_page_is_not_found():
    with pytest.raises(NotFound, match="figures_page=4: the list of figures has 3 pages"):
        paging.window("figures", 4, 60)
    with pytest.raises(NotFound, match="has 1 page "):
        paging.window("goals", 2, 0)


def test_requested_pages_are_whole_numbers_of_lists_the_page_has():
    assert paging.requested({"figures_page": "3", "lang": "en"}, ("figures",)) == {"figures": 3}
    assert paging.requested({}, ()) == {}
    for bad in ("0", "03", "x", "-2", "1e3", ""):
        with pytest.raises(BadParameter):
            paging.requested({"figures_page": bad}, ("figures",))
    with pytest.raises(BadParameter, match="no list called 'goals'"):
        paging.requested({"goals_page": "1"}, ("figures",))


def test_reading_order_is_newest_report_first_then_the_report_s_own_order():
    years = {"jinjiangshi-2024": 2024, "jinjiangshi-2025": 2025}
    goals = ["goal/jinjiangshi-2024-s01-t1-2", "goal/jinjiangshi-2025-s04-t1-10", "goal/jinjiangshi-2025-s04-t1-9",
             "goal/other-1"]
    ordered = sorted(goals, key=lambda g: reading_order.statement_key(g, years))
    assert ordered == ["goal/jinjiangshi-2025-s04-t1-9", "goal/jinjiangshi-2025-s04-t1-10",
                       "goal/jinjiangshi-2024-s01-t1-2", "goal/other-1"]
    assert reading_order.split_report("jinjiangshi-2025-s04", years) == ("jinjiangshi-2025", "s04")
    assert reading_order.split_report("anhaizhen", years) == (None, "anhaizhen")
