"""Pure tests of the chart pieces added for the Commandes, Origine and GTS pages: the make-up of each year
in percent (`share_charts.stacked_shares`) and the room left for the labels of the bars."""

from __future__ import annotations

import pytest

from pipelines.published import Figure, text_for
from pipelines.reference import couleurs
from visuals import charts, palette, share_charts
from visuals.charts import Item


def published(series: dict[str, list[tuple[int, int | None]]]) -> dict:
    """Counts per category and year as the published figures the chart takes: (year, share, count);
    None is a masked count."""
    totals: dict[int, int] = {}
    for points in series.values():
        for year, v in points:
            totals[year] = totals.get(year, 0) + (v or 0)
    out = {}
    for key, points in series.items():
        out[key] = []
        for year, v in points:
            if v is None:
                out[key].append((year, Figure("masqué", masked=True), Figure("< 5", masked=True)))
                continue
            share = 100 * v / totals[year] if totals[year] else None
            out[key].append(
                (
                    year,
                    Figure(text_for(share, "%", "part"), value=share, kind="part"),
                    Figure(text_for(v, "nombre"), value=v),
                )
            )
    return out


def test_stacked_shares_make_100_percent_a_year_with_the_counts_in_the_hover() -> None:
    colours = palette.colour_map(["ACCES_MAINTIEN", "ENERGIE_DETTES", "HABITAT_DALO"], couleurs.fixed())
    fig = share_charts.stacked_shares(
        published(
            {
                "ACCES_MAINTIEN": [(2023, 76), (2024, 74)],
                "ENERGIE_DETTES": [(2023, 55), (2024, 54)],
                "HABITAT_DALO": [(2023, 21), (2024, 45)],
            }
        ),
        {
            "ACCES_MAINTIEN": "Accès et Maintien",
            "ENERGIE_DETTES": "Énergie et dettes multiples",
            "HABITAT_DALO": "PIG, Diogène et DALO",
        },
        colours,
        "Groupes — 2023–2024",
    )
    assert fig.layout.barmode == "stack"
    assert [t.name for t in fig.data] == ["Accès et Maintien", "Énergie et dettes multiples", "PIG, Diogène et DALO"]
    assert list(fig.data[0].x) == ["2023", "2024"]
    # 2024: 74 / 173 = 42,8 %, 54 / 173 = 31,2 %, 45 / 173 = 26,0 % (report, III.D: 43 / 31 / 26)
    assert fig.data[0].y[1] == pytest.approx(100 * 74 / 173)
    assert fig.data[2].y[1] == pytest.approx(100 * 45 / 173)
    for i in range(2):
        assert sum(t.y[i] for t in fig.data) == pytest.approx(100)
    assert list(fig.data[2].customdata) == ["21", "45"]
    assert fig.data[1].marker.color == colours["ENERGIE_DETTES"]
    assert "(%{customdata})" in fig.data[0].hovertemplate
    assert list(fig.layout.yaxis.range) == [0, 100]
    assert fig.layout.separators == ",\u202f"


def test_stacked_shares_year_without_any_case_has_no_bar_and_no_division_by_zero() -> None:
    fig = share_charts.stacked_shares(
        published({"A": [(2022, 0), (2023, 3)], "B": [(2022, 0), (2023, 1)]}), {}, {}, "T"
    )
    assert fig.data[0].y[0] is None
    assert fig.data[0].y[1] == pytest.approx(75.0)


def test_stacked_shares_leave_out_a_category_zero_every_year() -> None:
    fig = share_charts.stacked_shares(published({"A": [(2023, 2)], "NON_RECONNU": [(2023, 0)]}), {}, {}, "T")
    assert [t.name for t in fig.data] == ["A"]


def test_stacked_shares_with_nothing_say_so_in_french() -> None:
    fig = share_charts.stacked_shares(published({"A": [(2023, 0), (2024, 0)]}), {}, {}, "T")
    assert fig.layout.annotations[0].text == "Aucune donnée pour ces filtres"
    assert share_charts.stacked_shares({}, {}, {}, "T").layout.annotations[0].text == "Aucune donnée pour ces filtres"


def test_stacked_shares_mark_a_masked_segment_never_a_number() -> None:
    fig = share_charts.stacked_shares(published({"A": [(2023, 40)], "B": [(2023, None)]}), {}, {}, "T")
    assert [t.name for t in fig.data] == ["A", "B"]  # B keeps its place in the legend
    assert list(fig.data[1].y) == [None]  # and draws no number
    assert [a.text for a in fig.layout.annotations] == ["+ < 5"]


def test_bars_with_labels_leave_room_for_them() -> None:
    fig = charts.bars([Item("A", "Centre-Soyaux", 51, text="51 (21,5 %)"), Item("B", "Cognac", 30, text="30")], {}, "T")
    assert fig.layout.xaxis.range[1] > 51 * 1.2
    assert list(fig.data[0].text) == ["51 (21,5 %)", "30"]
    plain = charts.bars([Item("A", "Centre-Soyaux", 51)], {}, "T")
    assert plain.layout.xaxis.range is None


def test_bars_of_small_counts_have_whole_ticks() -> None:
    fig = charts.bars([Item("DALO", "Orientation DALO", 4), Item("AVDL", "AVDL", 3)], {}, "Refus")
    assert fig.layout.xaxis.dtick == 1
    assert charts.bars([Item("A", "A", 135)], {}, "T").layout.xaxis.dtick is None
    assert charts.bars([Item("A", "A", 4.5)], {}, "T", percent=True).layout.xaxis.dtick is None
