"""The scorecard's inline SVG charts: marks, words beside them, nothing said by colour alone."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from portalqa.reporting.charts import Bar, Series, bar_chart, line_chart


def parse(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def test_bars_are_drawn_to_scale_with_their_figures_in_words():
    svg = bar_chart(
        [Bar("Alpha", 80.0, "80.0 % · B", "B"), Bar("Beta", 40.0, "40.0 % · E", "E")],
        chart_id="c",
        title="Scores",
        description="One bar per portal",
    )
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"
    assert root.find("title").text == "Scores" and root.find("desc").text == "One bar per portal"
    bars = root.findall(".//rect")
    alpha, beta = (float(b.get("width")) for b in bars)
    assert alpha == 2 * beta
    assert [b.get("class") for b in bars] == ["bar tone-B", "bar tone-E"]
    texts = [t.text for t in root.iter("text")]
    assert "Alpha" in texts and "80.0 % · B" in texts and "40.0 % · E" in texts


def test_a_bar_without_evidence_is_an_outline_with_words_not_a_zero():
    root = parse(
        bar_chart(
            [Bar("Performance", None, "not assessed (no evidence)", "none")],
            chart_id="g",
            title="t",
            description="d",
        )
    )
    (rect,) = root.findall(".//rect")
    assert rect.get("class") == "bar-none"
    assert float(rect.get("width")) == 360  # the whole scale, greyed
    assert "not assessed (no evidence)" in [t.text for t in root.iter("text")]
    assert root.find(".//g").get("data-value") == ""


def test_a_zero_score_still_shows_a_sliver_and_its_figure():
    root = parse(
        bar_chart([Bar("Monitoring", 0.0, "0.0 % · E", "E")], chart_id="z", title="t", description="d")
    )
    (rect,) = root.findall(".//rect")
    assert 0 < float(rect.get("width")) < 3 and rect.get("class") == "bar tone-E"


def test_labels_and_titles_are_escaped():
    svg = str(
        bar_chart(
            [Bar("<script>x</script>", 50.0, "50 & more")], chart_id="e", title="a<b", description="c&d"
        )
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg and "50 &amp; more" in svg and "a&lt;b" in svg
    parse(svg)  # well-formed


def test_trend_lines_break_where_a_run_had_no_score_and_each_has_its_own_marker():
    svg = line_chart(
        [Series("Alpha", (80.0, None, 70.0, 75.0)), Series("Beta", (50.0, 60.0, 65.0, 70.0))],
        ["12-01", "12-02", "12-03", "12-04"],
        chart_id="t",
        title="Trend",
        description="Scores per run",
    )
    root = parse(svg)
    alpha, beta = root.findall("g")
    # Alpha has no score in the second run: one line from the third run on, not across the gap.
    assert [len(p.get("points").split()) for p in alpha.findall("polyline")] == [2]
    assert [len(p.get("points").split()) for p in beta.findall("polyline")] == [4]
    assert (
        len(alpha.findall("circle")) == 3 and len(beta.findall("rect")) == 4
    )  # markers differ, not only colour
    legend = [t.text for t in root.iter("text") if t.get("class") == "legend"]
    assert legend == ["Alpha: 75", "Beta: 70"]
    assert {"12-01", "12-04"} <= {t.text for t in root.iter("text")}
    strokes = {p.get("stroke") for p in root.iter("polyline")}
    assert len(strokes) == 2


def test_charts_load_nothing():
    svg = str(line_chart([Series("A", (1.0, 2.0))], ["a", "b"], chart_id="x", title="t", description="d"))
    svg += str(bar_chart([Bar("A", 1.0, "1")], chart_id="y", title="t", description="d"))
    assert not re.search(r"(href|src)\s*=", svg)
    assert "<script" not in svg and "url(" not in svg
