"""An agency's form across its years: differences with blanks and across the two editions."""

from __future__ import annotations

from sitegen.compare import (
    CONTINUITY_CELL,
    YearRecord,
    change,
    compare_years,
    headlines,
    union_keys,
)
from template.form import cell_specs

NEW = ("applications", "new", "total")
OTHER_2019 = ("applications", "other", "total")
OTHER_MISC_2021 = ("applications", "other_misc", "total")
RULES_MADE_2019 = ("active", "rules", "new_made")
RULES_ISSUED_2021 = ("active", "rules", "issued")
LICENSING_DECISIONS = ("active", "licensing", "decisions")  # in both editions


def _row(rows, key):  # noqa: ANN001, ANN202
    return next(r for r in rows if r.key == key)


def test_change_is_none_when_either_side_is_blank_never_a_zero() -> None:
    assert change(None, 5) is None
    assert change(5, None) is None
    assert change(None, None) is None
    assert change(0, 5) == 5
    assert change(7, 0) == -7
    assert change(3, 3) == 0
    assert change(360.16274, 100.5) == round(100.5 - 360.16274, 6)


def test_blank_cell_stays_blank_and_breaks_the_chain_of_changes() -> None:
    rows = compare_years(
        [
            YearRecord(2021, "2021", {NEW: 10}),
            YearRecord(2022, "2021", {NEW: None}),
            YearRecord(2023, "2021", {NEW: 4}),
        ]
    )
    years = _row(rows, NEW).years
    assert [y.value for y in years] == [10, None, 4]
    assert [y.change for y in years] == [None, None, None]
    assert years[1].blank and not years[0].blank


def test_change_only_from_the_year_just_before() -> None:
    rows = compare_years([YearRecord(2019, "2019", {NEW: 10}), YearRecord(2021, "2021", {NEW: 4})])
    assert [y.change for y in _row(rows, NEW).years] == [None, None]  # 2020 is missing


def test_cells_of_one_edition_appear_only_for_its_years() -> None:
    rows = compare_years(
        [
            YearRecord(2020, "2019", {RULES_MADE_2019: 3, OTHER_2019: 1, LICENSING_DECISIONS: 8}),
            YearRecord(
                2021, "2021", {RULES_ISSUED_2021: 2, OTHER_MISC_2021: 0, LICENSING_DECISIONS: 5}
            ),
        ]
    )
    made = _row(rows, RULES_MADE_2019).years
    assert (made[0].present, made[0].value) == (True, 3)
    assert (made[1].present, made[1].value, made[1].blank, made[1].change) == (
        False,
        None,
        False,
        None,
    )
    issued = _row(rows, RULES_ISSUED_2021).years
    assert not issued[0].present and issued[1].value == 2 and issued[1].change is None
    other = _row(rows, OTHER_2019).years
    assert other[0].value == 1 and not other[1].present
    # A cell both editions have lines up by its code: the change crosses editions
    assert [y.change for y in _row(rows, LICENSING_DECISIONS).years] == [None, -3]


def test_union_keeps_the_form_order_and_every_cell_of_both_editions() -> None:
    keys = union_keys(["2019", "2021"])
    assert set(keys) == {s.key for e in ("2019", "2021") for s in cell_specs(e)}
    assert len(keys) == len(set(keys))
    application_rows = [k[1] for k in keys if k[0] == "applications" and k[2] == "total"]
    assert application_rows.index("other") < application_rows.index("other_misc")
    assert application_rows.index("other_misc") < application_rows.index("total")
    assert application_rows[-1] == "carried_forward"
    assert keys.index(RULES_MADE_2019) < keys.index(RULES_ISSUED_2021)
    assert union_keys(["2019"]) == [s.key for s in cell_specs("2019")]


def test_unrecognised_form_has_no_cells_but_keeps_its_column() -> None:
    rows = compare_years([YearRecord(2020, None, {}), YearRecord(2021, "2021", {NEW: 1})])
    assert [y.present for y in _row(rows, NEW).years] == [False, True]


def test_continuity_break_marked_on_the_carried_over_cell_of_that_year() -> None:
    rows = compare_years(
        [
            YearRecord(2021, "2021", {CONTINUITY_CELL: 2}),
            YearRecord(2022, "2021", {CONTINUITY_CELL: 5}),
        ],
        continuity_breaks=[2022],
    )
    assert [y.breaks_continuity for y in _row(rows, CONTINUITY_CELL).years] == [False, True]
    assert not any(y.breaks_continuity for r in rows if r.key != CONTINUITY_CELL for y in r.years)


def test_headlines_keep_blanks() -> None:
    result = headlines([("本年新收", 12, 10), ("行政复议", None, 3), ("予以公开", 4, None)])
    assert [(h.value, h.previous, h.change) for h in result] == [
        (12, 10, 2),
        (None, 3, None),
        (4, None, None),
    ]
