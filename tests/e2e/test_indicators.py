"""A resident reads the indicator dashboard in the browser: the charts are there with their titles,
the overview's cards jump to their sections, the CSV download parses, and the page passes axe
(WCAG 2.x A/AA) and fits a phone without sideways scrolling, in standard and in elder mode.
Screenshots land in test-artifacts/.
"""

import csv

import pytest

from facilities.indicators import registry
from tests.facilities.indicators.test_dashboard import YEAR, build_county

# live_server flushes the database after each test; serialized_rollback puts back what the
# migrations created (the home page, the Wagtail Site, the physique standard versions).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def county():
    return build_county()


def test_the_dashboard_charts_contents_and_csv(
    live_server, page, page_problems, axe, screenshot, county
):
    response = page.goto(f"{live_server.url}/indicators/?year={YEAR}")
    assert response.status == 200
    charts = page.locator("main svg.chart-line[role=img]")
    assert page.locator("#sports_area svg.chart-line").count() == 1
    for index in range(charts.count()):
        title = charts.nth(index).locator("title").first.text_content().strip()
        assert title, f"chart {index} has no title"
    screenshot(page, "indicators-dashboard")
    violations = axe(page)
    assert not violations, f"/indicators/: {violations}"

    cards = page.locator(".indicator-overview .card-title")
    assert cards.count() == len(registry.INDICATORS)
    for key in ("village_coverage", "sports_area"):
        page.locator(f'.indicator-overview a[href="#{key}"]').click()
        page.wait_for_url(f"**/indicators/?year={YEAR}#{key}")
        heading = page.locator(f"#{key}-heading")
        top = heading.evaluate("element => element.getBoundingClientRect().top")
        assert 0 <= top < 200, f"#{key} is not scrolled into view (top {top})"

    with page.expect_download() as download_info:
        page.locator(".downloads a", has_text="CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"indicators-{YEAR}.csv"
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert len(header) == 15
    county = rows[0][3]  # "County" in the browser's language
    county_keys = [row[1] for row in rows if row[3] == county]
    assert county_keys == [entry.key for entry in registry.INDICATORS]
    assert page_problems == [], "\n".join(page_problems)


def test_an_indicator_page_is_accessible(live_server, page, page_problems, axe, county):
    response = page.goto(f"{live_server.url}/indicators/village_coverage/?year={YEAR}")
    assert response.status == 200
    assert page.locator("#village_coverage-gaps").is_visible()
    assert page.get_by_text("石头村").count() >= 1
    violations = axe(page)
    assert not violations, f"/indicators/village_coverage/: {violations}"
    assert page_problems == [], "\n".join(page_problems)


def _scroll_width(page):
    return page.evaluate("() => document.scrollingElement.scrollWidth")


def test_the_dashboard_fits_a_phone_in_both_modes(
    live_server, phone_page, page_problems, screenshot, county
):
    page = phone_page
    response = page.goto(f"{live_server.url}/indicators/?year={YEAR}")
    assert response.status == 200
    assert _scroll_width(page) <= 390, "the dashboard scrolls sideways on a phone"
    chart = page.locator("#chart-sports_area-title").locator("xpath=..")
    assert chart.bounding_box()["width"] <= 390, "the chart scales to the phone"
    screenshot(page, "phone-indicators")
    with page.expect_navigation():
        page.locator('form[action$="/elder-mode/"] [type=submit]').click()
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") >= 18
    assert _scroll_width(page) <= 390, "the dashboard scrolls sideways in elder mode"
    screenshot(page, "phone-indicators-elder")
    assert page_problems == [], "\n".join(page_problems)


def test_a_pass_rate_without_a_verdict_says_why_and_stays_accessible(
    live_server, page, page_problems, axe, county
):
    # build_county grades under the 2023 version; the plan's target was set under 2003.
    response = page.goto(f"{live_server.url}/indicators/physique_pass/?year={YEAR}")
    assert response.status == 200
    status = page.locator(".indicator-headline .status-not-comparable")
    assert status.count() == 1
    assert "2003" in status.text_content(), "it names the version the target was set under"
    assert page.locator(".status-met, .status-not-met").count() == 0
    violations = axe(page)
    assert not violations, f"/indicators/physique_pass/: {violations}"
    assert page_problems == [], "\n".join(page_problems)
