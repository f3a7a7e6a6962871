"""The indicator dashboard and an indicator's page, through the real indicator functions.

A small county (two townships, two villages of which one has no ground, a school, a handful of
survey answers) is enough to see every indicator with its target, its township table and the
list behind a shortfall; bad years are a 400 that says why, and the queries stay bounded.
"""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import charts
from facilities.indicators import registry
from facilities.models import Community, TownshipPopulation
from facilities.surveys.models import ExerciseResponse, PhysiqueResult, PhysiqueStandard

from ..conftest import make_facility, make_resident, make_township

pytestmark = pytest.mark.django_db

YEAR = 2025


def build_county():
    """Two townships with residents, two villages (石头村 has no ground), venues, survey rows."""
    jinzhong = make_township("金钟街道", "530326001000", is_urban=True)
    dahai = make_township("大海乡", "530326201000", kind="township")
    for township, people in ((jinzhong, 40_000), (dahai, 10_000)):
        for year in (2020, YEAR):
            TownshipPopulation.objects.create(
                township=township, year=year, population=people, source="第七次人口普查"
            )
    haifeng = Community.objects.create(
        township=dahai,
        name="海峰村",
        kind="village",
        population=1200,
        latitude=26.05,
        longitude=103.01,
    )
    Community.objects.create(
        township=dahai,
        name="石头村",
        kind="village",
        population=800,
        latitude=26.2,
        longitude=103.2,
    )
    make_facility(
        jinzhong, "金钟街道全民健身广场", playing_area=Decimal("60000"), opened_on=date(2019, 5, 1)
    )
    make_facility(
        dahai,
        "海峰村篮球场",
        community=haifeng,
        playing_area=Decimal("420"),
        latitude=26.05,
        longitude=103.01,
    )
    answer_survey([jinzhong, dahai], count=40)
    return {"jinzhong": jinzhong, "dahai": dahai}


def answer_survey(townships, count, start=0):
    """`count` exercise answers and physique results per township for YEAR (half pass)."""
    standard = PhysiqueStandard.objects.order_by("-code").first()
    answers, results = [], []
    for township in townships:
        for i in range(start, start + count):
            code = f"{township.code}-{i}"
            answers.append(
                ExerciseResponse(
                    survey_year=YEAR,
                    respondent_code=code,
                    township=township,
                    is_urban=township.is_urban,
                    age=20 + i % 50,
                    weight=Decimal("1.5"),
                    sessions_per_week=3 + i % 2,
                    minutes_per_session=45 if i % 3 else 20,
                    intensity="moderate",
                )
            )
            results.append(
                PhysiqueResult(
                    year=YEAR,
                    subject_code=code,
                    township=township,
                    age_group="20-59",
                    sex="female" if i % 2 else "male",
                    is_urban=township.is_urban,
                    standard=standard,
                    grade="pass" if i % 2 else "fail",
                )
            )
    ExerciseResponse.objects.bulk_create(answers)
    PhysiqueResult.objects.bulk_create(results)


@pytest.fixture
def county():
    return build_county()


def get(client, path, **params):
    return client.get(path, params, HTTP_ACCEPT_LANGUAGE="en")


def make_editor(django_user_model):
    """A bureau editor: may manage every school's venues, so may see survey microdata."""
    user = django_user_model.objects.create_user(username="editor", password="pw-123456-x")
    user.user_permissions.add(Permission.objects.get(codename="manage_all_facilities"))
    return user


def section_html(html, key):
    start = html.index(f'<section id="{key}"')
    return html[start : html.index("</section>", start)]


def test_every_indicator_has_a_section_with_its_target_and_a_card_linking_to_it(client, county):
    response = get(client, "/indicators/", year=YEAR)
    assert response.status_code == 200
    html = response.content.decode()
    for entry in registry.INDICATORS:
        section = section_html(html, entry.key)
        assert f'href="#{entry.key}"' in html, f"no card links to {entry.key}"
        assert "Definition:" in section and "Source:" in section
        assert "Data as of" in section
    area = section_html(html, "sports_area")
    assert "Target:" in area and "≥ 2.5 m²" in area
    # 60,420 m² ÷ 50,000 residents = 1.21 m², below 2.5: said in words and with an icon.
    assert '<p class="indicator-value">' in area and "1.21 m²" in area
    assert "Below target" in area and 'aria-hidden="true">✗</span>' in area


def test_township_tables_and_the_list_behind_a_shortfall(client, county):
    html = get(client, "/indicators/", year=YEAR).content.decode()
    villages = section_html(html, "village_coverage")
    table = villages[villages.index("by township, 2025") :]
    assert "金钟街道" in table and "大海乡" in table
    gaps = villages[villages.index('class="gap-list"') :]
    gaps = gaps[: gaps.index("</ul>")]
    assert "石头村" in gaps, "the village without a ground is listed by name"
    assert "海峰村" not in gaps


def test_trends_are_svg_charts_with_a_title_and_a_table(client, county):
    html = get(client, "/indicators/", year=YEAR).content.decode()
    area = section_html(html, "sports_area")
    svg = area[area.index('<svg class="chart chart-line"') : area.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="chart-sports_area-title' in svg
    assert re.search(r'<title id="chart-sports_area-title">[^<]+</title>', svg)
    assert 'class="target-line"' in svg
    assert "Per-capita sports ground area by year</caption>" in area
    main = html[html.index("<main") : html.index("</main>")]
    assert "<script" not in main and "http://" not in main and "https://" not in main


def test_trend_lines_break_at_missing_years_and_keep_their_numbers_apart():
    series = [
        {"label": "a", "values": [30.0, None, 40.0], "texts": ["30", "", "40"]},
        {"label": "b", "values": [35.0, 36.0, 20.0], "texts": ["35", "36", "20"]},
    ]
    chart = charts.line_chart(["2020", "2021", "2022"], series)
    a, b = chart.lines
    assert a.path.count("M") == 2 and "L" not in a.path, "no line across the missing year"
    assert b.path.count("M") == 1 and b.path.count("L") == 2
    # 2020: b is higher, its number goes above and a's below; in 2022 the other way round.
    assert b.points[0].text_y < b.points[0].y and a.points[0].text_y > a.points[0].y
    assert a.points[1].text_y < a.points[1].y and b.points[2].text_y > b.points[2].y
    assert a.legend != b.legend, "each series has its own marker shape"
    assert [label for _y, label in chart.ticks] == [0, 10, 20, 30, 40, 50]
    assert chart.target_y is None


def test_the_target_line_sits_at_its_value_and_numbers_keep_off_it():
    series = [{"label": "a", "values": [38.0, 30.0], "texts": ["38", "30"]}]
    chart = charts.line_chart(["2024", "2025"], series, target=42, target_text="≥ 42%")
    forty, fifty = chart.ticks[4][0], chart.ticks[5][0]
    assert chart.target_y == pytest.approx(forty - (forty - fifty) * 0.2, abs=0.05)
    close, far = chart.lines[0].points
    assert close.text_y > close.y, "38 is just under the target: its number goes below"
    assert far.text_y < far.y


def test_microdata_is_explained_and_offered_to_staff_only(client, county, django_user_model):
    html = get(client, "/indicators/", year=YEAR).content.decode()
    exercise = section_html(html, "regular_exercise")
    assert "survey microdata" in exercise and "Bureau staff: sign in" in exercise
    assert "/indicators/regular_exercise/rows.csv" not in exercise
    assert "/indicators/sports_area/rows.csv?year=2025" in section_html(html, "sports_area")

    client.force_login(make_editor(django_user_model))
    exercise = section_html(
        get(client, "/indicators/", year=YEAR).content.decode(), "regular_exercise"
    )
    assert "/indicators/regular_exercise/rows.csv?year=2025" in exercise


@pytest.mark.parametrize("year", ["abc", "2019", "99999", "2025.0", "-1", "２０２５"])
@pytest.mark.parametrize("path", ["/indicators/", "/indicators/sports_area/"])
def test_a_bad_year_is_a_400_that_says_why(client, path, year):
    response = get(client, path, year=year)
    assert response.status_code == 400
    years = registry.offered_years()
    assert f"Choose a year from {years[0]} to {years[-1]}." in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_unknown_indicator_is_a_404(client):
    assert get(client, "/indicators/no_such_thing/").status_code == 404


def test_the_year_defaults_to_the_last_complete_year():
    assert registry.offered_years(date(2026, 11, 29)) == [2020, 2021, 2022, 2023, 2024, 2025, 2026]
    assert registry.default_year(date(2026, 11, 29)) == 2025
    assert registry.default_year(date(2026, 1, 1)) == 2025
    assert registry.offered_years(date(2031, 3, 1))[-1] == 2031
    assert registry.default_year(date(2031, 3, 1)) == 2030
    assert registry.default_year(date(2021, 6, 1)) == 2020


def test_the_page_opens_on_the_default_year(client, county):
    html = get(client, "/indicators/").content.decode()
    year = registry.default_year()
    assert f'<option value="{year}" selected>' in html
    assert f"{year} at a glance" in html


def test_long_lists_are_capped_on_the_dashboard_and_complete_on_the_indicator_page(client, county):
    Community.objects.bulk_create(
        Community(township=county["dahai"], name=f"无场地村{i:02d}", kind="village", population=500)
        for i in range(30)
    )
    html = get(client, "/indicators/", year=YEAR).content.decode()
    villages = section_html(html, "village_coverage")
    gaps = villages[villages.index('class="gap-list"') :]
    assert gaps[: gaps.index("</ul>")].count("<li>") == 20
    assert "Showing the first 20 of 31." in villages
    assert 'href="/indicators/village_coverage/?year=2025#village_coverage-gaps"' in villages

    full = get(client, "/indicators/village_coverage/", year=YEAR).content.decode()
    assert full.count("无场地村") == 30 and "石头村" in full
    assert "Showing the first" not in full


def test_the_indicator_page_shows_every_breakdown(client, county):
    dashboard = section_html(get(client, "/indicators/", year=YEAR).content.decode(), "sports_area")
    html = get(client, "/indicators/sports_area/", year=YEAR).content.decode()
    [indicator] = [i for i in registry.compute_all(YEAR) if i.key == "sports_area"]
    for title in (table.title for table in indicator.breakdowns):
        assert f">{title}</caption>" not in dashboard
        assert title in html
    assert "sports_area-breakdown-1-caption" in html


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert get(client, "/indicators/", year=YEAR).status_code == 200
    return len(queries)


def test_the_dashboard_needs_a_bounded_number_of_queries(
    client, county, django_assert_max_num_queries
):
    with django_assert_max_num_queries(60):
        get(client, "/indicators/", year=YEAR)
    before = count_queries(client)
    dahai = county["dahai"]
    for i in range(12):
        village = Community.objects.create(
            township=dahai,
            name=f"新村{i}",
            kind="village",
            population=300,
            latitude=26.1,
            longitude=103.1,
        )
        make_facility(dahai, f"新村{i}健身路径", community=village, playing_area=Decimal("200"))
    answer_survey([dahai], count=30, start=100)
    assert count_queries(client) == before, "the query count grows with the data"


def test_the_header_links_to_the_dashboard(client):
    html = get(client, "/indicators/").content.decode()
    assert '<a href="/indicators/" aria-current="page">Indicators</a>' in html


def test_the_home_page_shows_the_headline_indicators(client, county):
    html = get(client, "/").content.decode()
    home = html[html.index('id="home-indicators"') :]
    home = home[: home.index("</section>")]
    for key in registry.HEADLINE_KEYS:
        assert f'href="/indicators/#{key}"' in home
    assert "fitness_circle" not in home
    assert 'href="/indicators/"' in home


def test_signed_in_residents_see_why_they_cannot_download_microdata(
    client, county, django_user_model
):
    client.force_login(make_resident(django_user_model))
    exercise = section_html(
        get(client, "/indicators/", year=YEAR).content.decode(), "regular_exercise"
    )
    assert "survey microdata" in exercise
    assert "Bureau staff: sign in" not in exercise


def table_html(html, title):
    """The breakdown table under the heading `title` on an indicator's page."""
    start = html.index(f">{title}</h2>")
    return html[start : html.index("</table>", start)]


def test_breakdowns_are_judged_against_their_own_target_only(client, county):
    area = get(client, "/indicators/sports_area/", year=YEAR).content.decode()
    townships = area[area.index('id="sports_area-townships"') :]
    townships = townships[: townships.index("</table>")]
    assert "Against the target (≥ 2.5 m²)" in townships and "Below target" in townships
    for title in ("Indoor or outdoor", "School grounds"):
        table = table_html(area, title)
        assert "Against the target" not in table and "Below target" not in table
        assert "Playing area of these venues (m²)" in table
        assert "Playing area of venues counted" not in table

    exercise = get(client, "/indicators/regular_exercise/", year=YEAR).content.decode()
    active = table_html(exercise, "Sport England &#x27;active&#x27;")
    assert "Target met" not in active and "Below target" not in active
    assert "Weighted respondents active 150+ minutes a week" in active
    assert "Weighted respondents who exercise regularly" not in active
    ages = table_html(exercise, "Age group")
    assert "Against the target (≥ 42%)" in ages

    physique = get(client, "/indicators/physique_pass/", year=YEAR).content.decode()
    good = table_html(physique, "Good or better by age group")
    assert "People tested with good or better" in good
    assert "pass or better" not in good and "Against the target" not in good


def test_a_pass_rate_under_another_version_gets_no_verdict_anywhere(client, county):
    # build_county grades under the newest version (2023); the target was set under 2003.
    html = get(client, "/indicators/", year=YEAR).content.decode()
    physique = section_html(html, "physique_pass")
    assert "50.0%" in physique
    assert "Target met" not in physique and "Below target" not in physique
    assert "Baseline (end of 2020)" not in physique
    assert 'class="target-line"' not in physique
    assert "Not comparable: the plan&#x27;s target and baseline were set under" in physique
    assert "（2003年版） scoring" in physique
    card = html[html.index('class="indicator-card status-not-comparable"') :]
    card = card[: card.index("</li>")]
    assert 'href="#physique_pass"' in card and "Not comparable" in card
    assert "under 《国民体质测定标准》（2003年版） scoring" in card  # the target, for reference

    detail = get(client, "/indicators/physique_pass/", year=YEAR).content.decode()
    assert "Not comparable" in detail and "Below target" not in detail
    assert "Townships below 91" not in detail


def test_a_pass_rate_under_the_targets_version_is_judged(client, county):
    PhysiqueResult.objects.update(standard=PhysiqueStandard.objects.get(code="2003"))
    html = get(client, "/indicators/", year=YEAR).content.decode()
    physique = section_html(html, "physique_pass")
    assert "Below target" in physique and "Not comparable" not in physique
    assert "Baseline (end of 2020): 85.0%" in physique
    assert 'class="target-line"' in physique
    assert "Townships below 91" in physique


def test_the_home_page_card_honours_the_standard_version(client, county):
    PhysiqueResult.objects.update(year=registry.default_year())
    home = get(client, "/").content.decode()
    card = home[home.index('href="/indicators/#physique_pass"') :]
    card = card[: card.index("</li>")]
    assert "Not comparable" in card and "Below target" not in card

    PhysiqueResult.objects.update(standard=PhysiqueStandard.objects.get(code="2003"))
    home = get(client, "/").content.decode()
    card = home[home.index('href="/indicators/#physique_pass"') :]
    card = card[: card.index("</li>")]
    assert "Below target" in card and "Not comparable" not in card


def test_rows_and_headline_follow_one_rule_for_met():
    from facilities.indicators import display
    from facilities.indicators.base import Indicator, meets

    assert display.status(2.5, Decimal("2.5")).code == "met" and meets(2.5, Decimal("2.5"))
    assert display.status(2.49, Decimal("2.5")).code == "not-met"
    assert display.status(None, 42).code == "no-data"
    assert display.status(50.0, None).code == "no-target"
    indicator = Indicator("k", "t", "%", YEAR, 95.0, None, "", "", "", target_note="why not")
    assert indicator.meets_target is None
    assert display.headline_status(indicator).text == "why not"


def test_figures_are_kept_for_a_while_and_recomputed_after_an_import(client, settings):
    settings.PORTAL_INDICATOR_CACHE_SECONDS = 300
    county = build_county()
    registry.data_changed()  # nothing from another test's figures

    def per_capita():
        body = get(client, "/indicators/sports_area/", year=2025).content.decode()
        return re.search(r"(\d+\.\d\d) m²", body)[1]

    first = per_capita()  # (60,000 + 420) m² ÷ 50,000 residents
    assert first == "1.21"
    assert "Figures computed at" in get(client, "/indicators/", year=2025).content.decode()
    make_facility(county["dahai"], "大海草山滑雪场", playing_area=Decimal("50000"))
    assert per_capita() == first  # kept: a visit does not recompute

    registry.data_changed()  # what an import does when it has written rows

    assert per_capita() == "2.21"
