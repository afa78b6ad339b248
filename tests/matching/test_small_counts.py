"""Small-count protection: no count below the threshold is shown to a coordinator or written to a
file, and none can be worked out from the totals and the other cells shown beside it."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from directory.models import Kind
from matching.indicator_display import indicators_csv_rows, indicators_display
from matching.indicators import indicators_compute
from matching.small_counts import HIDDEN, suppress
from tests.factories import login_verified
from tests.matching.test_indicators import start


def grid(cells: list[list[int]]):
    """A table with row totals, column totals and a grand total, as figures and relations."""
    values, relations = {}, []
    for r, row in enumerate(cells):
        for c, v in enumerate(row):
            values[(r, c)] = v
        values[("row", r)] = sum(row)
        relations.append([(r, c) for c in range(len(row))] + [("row", r)])
    for c in range(len(cells[0])):
        values[("col", c)] = sum(row[c] for row in cells)
        relations.append([(r, c) for r in range(len(cells))] + [("col", c)])
    values["all"] = sum(map(sum, cells))
    relations.append([("row", r) for r in range(len(cells))] + ["all"])
    relations.append([("col", c) for c in range(len(cells[0]))] + ["all"])
    return values, relations


def test_a_small_cell_is_hidden_with_a_partner_in_its_row_and_column():
    values, relations = grid([[1, 5, 7], [4, 6, 9], [8, 3, 10]])
    hidden = suppress(values, relations, threshold=3)
    assert (0, 0) in hidden
    assert any((0, c) in hidden for c in (1, 2)) and any((r, 0) in hidden for r in (1, 2))
    assert ("row", 0) not in hidden and "all" not in hidden  # totals stay when they can


def test_zero_is_shown_and_a_table_without_small_counts_is_untouched():
    values, relations = grid([[0, 5], [4, 0]])
    assert suppress(values, relations, threshold=3) == set()


@pytest.mark.parametrize("seed", range(30))
def test_no_relation_ever_has_exactly_one_hidden_member(seed):
    rng = __import__("random").Random(seed)
    cells = [[rng.choice([0, 1, 2, 3, 4, 9]) for _ in range(5)] for _ in range(4)]
    values, relations = grid(cells)
    hidden = suppress(values, relations, threshold=3)
    assert all(sum(k in hidden for k in rel) != 1 for rel in relations)
    assert all(k in hidden for k, v in values.items() if 0 < v < 3)


def test_a_hidden_cell_cannot_be_derived_by_subtracting_what_is_shown():
    """Brute force on a small table: every table consistent with what is shown gives the hidden
    small cell more than one possible value."""
    cells = [[1, 4], [5, 6]]
    values, relations = grid(cells)
    hidden = suppress(values, relations, threshold=3)
    shown = {k: v for k, v in values.items() if k not in hidden}
    possible = set()
    for a, b, c, d in itertools.product(range(12), repeat=4):
        candidate, _ = grid([[a, b], [c, d]])
        if all(candidate[k] == v for k, v in shown.items()):
            possible.add(a)
    assert len(possible) > 1


def test_the_csv_hides_small_counts_and_the_totals_that_would_reveal_them(boss):
    start(boss, dt.date(2026, 6, 1))  # one placement: every count it touches is 1
    start(boss, dt.date(2026, 7, 1), area_slug="magome", kind=Kind.SALON)
    for on, n in ((dt.date(2026, 7, 2), 3), (dt.date(2026, 9, 2), 4)):
        for _ in range(n):
            start(boss, on, area_slug="kamata-nishi")
    for _ in range(5):
        start(boss, dt.date(2026, 8, 3), area_slug="den-en-chofu")
    rows = indicators_csv_rows(indicators_compute(user=boss.user, fiscal_year=2026))
    values = {(r[0], r[1], r[2]): r[3] for r in rows}
    placed = "つなげた件数（参加開始）"
    assert values[(placed, "月別", "2026年6月")] == HIDDEN
    assert values[(placed, "エリア別", "大森西")] == HIDDEN
    assert values[(placed, "エリア別", "馬込")] == HIDDEN
    assert values[(placed, "エリア別", "蒲田西")] == "7"
    assert values[(placed, "地域別", "大森")] == HIDDEN  # 2: small
    assert values[(placed, "種類別", "サロン・通いの場")] == HIDDEN
    assert not {"1", "2"} & {v for k, v in values.items() if k[0] == placed}
    assert rows[-1][0] == "注" and "3未満" in rows[-1][2]


def test_with_a_threshold_of_one_nothing_is_hidden(boss):
    start(boss, dt.date(2026, 6, 1))
    rows = indicators_csv_rows(indicators_compute(user=boss.user, fiscal_year=2026), threshold=1)
    assert ["つなげた件数（参加開始）", "月別", "2026年6月", "1"] in rows
    assert HIDDEN not in {r[3] for r in rows}


def test_a_share_is_hidden_when_its_parts_could_name_someone(boss):
    start(boss, dt.date(2026, 4, 1))
    start(boss, dt.date(2026, 4, 1), end_on=dt.date(2026, 5, 1))
    start(boss, dt.date(2026, 4, 1))
    shown = indicators_display(
        indicators_compute(user=boss.user, fiscal_year=2026), protect=True, threshold=3
    )
    # 2 of 3 still attend: the one who stopped could be worked out from 2 and 3.
    assert shown.retention["percent"] == "—"
    assert HIDDEN in (shown.retention["numerator"], shown.retention["denominator"])


def test_a_coordinator_sees_small_counts_hidden_and_a_supervisor_sees_them(
    client, boss, coordinator_omori, supervisor, settings
):
    settings.MATCHING_SMALL_COUNT_THRESHOLD = 3
    start(boss, dt.date(2026, 6, 1))
    login_verified(client, coordinator_omori)
    page = client.get(reverse("matching:indicators")).content.decode()
    assert "6月: ＊（伏せています）" in page and "6月: 1件" not in page
    assert "3未満の件数と、合計から逆算できないように" in page
    client.logout()
    login_verified(client, supervisor)
    page = client.get(reverse("matching:indicators")).content.decode()
    assert "6月: 1件" in page and "＊（伏せています）" not in page
