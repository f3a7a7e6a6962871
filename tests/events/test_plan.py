"""The 1-2-2-5 tracker: counts per plan year and tier against the targets, and the township ×
season coverage with its empty cells marked; charts with their numbers beside them."""

import re
from datetime import date

import pytest

from events import plan
from events.models import EventPage

from .conftest import local, make_event, republish

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(calendar, county):
    def event(title, tier, year, month, **fields):
        return make_event(
            calendar,
            title,
            tier=tier,
            start=local(year, month, 10, 9),
            end=local(year, month, 10, 17),
            counts_towards_plan=True,
            plan_year=year,
            **fields,
        )

    return {
        "national": event("全国高原越野跑挑战赛（会泽站）", "national", 2024, 7),
        "provincial": event("云南省青少年篮球锦标赛", "provincial", 2022, 8),
        "signature": event("首届大海草山滑雪节", "signature", 2022, 1, township=county["dahai"]),
        "cancelled": event("云南省山地自行车赛", "provincial", 2023, 5),
        "uncounted": make_event(
            calendar,
            "第二届大海草山滑雪露营节",
            tier="signature",
            start=local(2023, 1, 10),
            end=local(2023, 1, 12),
            all_day=True,
            township=county["dahai"],
        ),
    }


def test_counts_per_year_and_tier_against_the_targets(calendar, counted):
    republish(counted["cancelled"], status="cancelled")
    progress = plan.plan_progress(EventPage.objects.visible())
    tiers = {tier.tier: tier for tier in progress.tiers}
    assert tiers["national"].per_year == {2021: 0, 2022: 0, 2023: 0, 2024: 1, 2025: 0}
    assert tiers["national"].total == 1 and tiers["national"].met
    assert tiers["provincial"].total == 1 and not tiers["provincial"].met  # cancelled left out
    assert tiers["provincial"].remaining == 1
    assert tiers["signature"].total == 1 and tiers["signature"].remaining == 1
    assert tiers["county"].target is None and tiers["county"].met is None
    assert not progress.all_met
    assert [e.title for e in progress.events_by_year[2022]] == [
        "首届大海草山滑雪节",
        "云南省青少年篮球锦标赛",
    ]
    assert progress.events_by_year[2021] == []


def test_the_tracker_page(client, counted):
    response = client.get("/events/plan/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    # Charts are inline SVG with a title and a description, and the numbers are in tables too.
    assert html.count('<svg class="chart') == 3
    assert html.count('role="img"') >= 3 and "<title id=" in html and "<desc id=" in html
    assert "<script" not in html[html.index("<main") :].split("</main>")[0]
    table = html[html.index('class="data-table plan-table"') :]
    table = table[: table.index("</table>")]
    rows = dict(re.findall(r'<th scope="row">(\d{4}|Total)</th>((?:<td[^>]*>[^<]*</td>)+)', table))
    cells = {year: re.findall(r"<td[^>]*>([^<]*)</td>", row) for year, row in rows.items()}
    # Columns: national, provincial, signature, county, school.
    assert cells["2022"][:3] == ["0", "1", "1"]
    assert cells["2023"][:3] == ["0", "1", "0"]
    assert cells["2024"][:3] == ["1", "0", "0"]
    assert cells["Total"][:3] == ["1", "2", "1"]
    assert "✓ met" in table and "✗ not yet" in table
    assert "全国高原越野跑挑战赛（会泽站）" in html


def test_coverage_marks_the_empty_cells(client, calendar, county):
    # 2027: 金钟 has events in spring and summer (one a weekly series into summer), 大海 in winter.
    make_event(
        calendar,
        "春季健步走",
        start=local(2027, 4, 5, 8),
        end=local(2027, 4, 5, 11),
        township=county["jinzhong"],
    )
    make_event(
        calendar,
        "周末篮球联赛",
        start=local(2027, 5, 22, 14),
        end=local(2027, 5, 22, 17),
        repeat="weekly",
        repeat_until=date(2027, 6, 19),
        township=county["jinzhong"],
    )
    make_event(
        calendar,
        "大海草山滑雪节",
        tier="signature",
        start=local(2027, 1, 29),
        end=local(2027, 1, 31),
        all_day=True,
        township=county["dahai"],
    )
    make_event(
        calendar,
        "取消的秋季比赛",
        start=local(2027, 10, 1, 9),
        end=local(2027, 10, 1, 11),
        township=county["dahai"],
        status="cancelled",
    )
    townships = [county["jinzhong"], county["dahai"]]
    cover = plan.coverage(EventPage.objects.visible(), townships, 2027)
    # Seasons: spring, summer, autumn, winter.
    assert [row.counts for row in cover.townships] == [[2, 1, 0, 0], [0, 0, 0, 1]]
    assert cover.townships_per_season == [1, 1, 0, 1]
    assert cover.gaps == 5 and cover.townships_complete == 0
    tiers = {row.key: row.counts for row in cover.tiers}
    assert tiers["county"] == [2, 1, 0, 0] and tiers["signature"] == [0, 0, 0, 1]

    html = client.get("/events/plan/", {"year": 2027}).content.decode()
    table = html[html.index('class="data-table coverage-table"') :]
    table = table[: table.index("</table>")]
    assert table.count('class="gap"') == 5
    assert table.count('class="covered"') == 3


def test_bad_tracker_input_answers_400(client, counted):
    assert client.get("/events/plan/", {"year": "1999"}).status_code == 400
    assert client.get("/events/plan/", {"year": "abc"}).status_code == 400
    response = client.get("/events/plan/", {"colour": "red"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "Unknown parameter" in response.content.decode()
