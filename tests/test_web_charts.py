"""Trend charts: inline SVG, escaped labels, zero-filled periods, nothing external."""

from __future__ import annotations

from iton.analysis.trends import TrendPoint
from iton.web.charts import trend_svg


def test_months_without_mentions_are_zeros():
    points = [TrendPoint("2021-01-01", "a", 3, 1), TrendPoint("2021-04-01", "a", 1, 1)]
    svg = trend_svg(points, "x", "month")
    polyline = svg.split('points="', 1)[1].split('"', 1)[0]
    assert len(polyline.split()) == 4  # January to April: four periods


def test_labels_are_escaped_and_nothing_is_fetched():
    svg = trend_svg([TrendPoint("2021-01-03", "<script>x</script>", 2, 1)], "<b>t</b>", "week")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    assert "href" not in svg and "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_empty_chart_says_so():
    assert "אין נתונים" in trend_svg([], "t")


def test_many_outlets_fold_into_other():
    points = [TrendPoint("2021-01-01", f"o{i}", 10 - i, 1) for i in range(9)]
    svg = trend_svg(points, "t", "month")
    assert "אחר" in svg and "o0" in svg and "o8" not in svg
