"""The site shell: home page, search, language switch, elder mode, settings-driven navigation."""

import pytest
from wagtail.models import Page, Site

from cms.models import FooterSettings, HomePage, NavigationLink, NavigationSettings, StandardPage
from tests.facilities.conftest import make_facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return HomePage.objects.get()


def test_home_page_is_the_site_root_with_hero_and_finder(client, home, townships, sports):
    make_facility(townships[0], "县体育场")
    html = client.get("/").content.decode()
    assert home.hero_title in html
    assert 'name="township"' in html and townships[0].code in html
    assert "县体育场" in html


def test_home_body_streamfield_renders(client, home):
    home.body = [
        ("heading", {"text": "全民健身", "level": "h2"}),
        ("figures", [{"value": "2.5 m²", "label": "人均体育场地面积目标"}]),
    ]
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert "<h2>全民健身</h2>" in html
    assert "人均体育场地面积目标" in html


def test_navigation_and_footer_come_from_settings(client, home):
    site = Site.objects.get(is_default_site=True)
    nav = NavigationSettings.for_site(site)
    NavigationLink.objects.create(setting=nav, label="办事指南", url="/guide/", sort_order=0)
    footer = FooterSettings.for_site(site)
    footer.organisation = "会泽县教育体育局"
    footer.icp_number = "滇ICP备00000000号"
    footer.save()
    html = client.get("/").content.decode()
    assert 'href="/guide/">办事指南</a>' in html
    assert "会泽县教育体育局" in html and "滇ICP备00000000号" in html


def test_search_finds_venues_and_pages_by_chinese_text(client, home, townships):
    make_facility(townships[0], "以礼河健身带")
    page = StandardPage(title="以礼河骑行指南", slug="yilihe-guide")
    home.add_child(instance=page)
    page.save_revision().publish()
    response = client.get("/search/", {"q": "以礼河"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "以礼河健身带" in html
    assert "以礼河骑行指南" in html


def test_search_with_nothing_or_rubbish_is_calm(client, home):
    assert client.get("/search/").status_code == 200
    assert client.get("/search/", {"q": "x" * 500, "page": "zz"}).status_code == 200


def test_chinese_is_the_default_and_english_is_one_click_away(client, home):
    html = client.get("/venues/").content.decode()
    assert '<html lang="zh-Hans"' in html
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/venues/"})
    assert response.status_code == 302
    html = client.get("/venues/").content.decode()
    assert '<html lang="en"' in html
    assert "Find a venue" in html


def test_elder_mode_switch_sets_larger_text_class(client, home):
    response = client.post("/elder-mode/", {"elder": "1", "next": "/venues/"})
    assert response.status_code == 302 and response["Location"] == "/venues/"
    assert '<html lang="zh-Hans" class="elder">' in client.get("/venues/").content.decode()
    client.post("/elder-mode/", {"elder": "0"})
    assert 'class="elder"' not in client.get("/venues/").content.decode()


def test_elder_mode_switch_does_not_redirect_off_site(client, home):
    response = client.post("/elder-mode/", {"elder": "1", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_demo_banner_only_when_demo_rows_exist(client, home, townships):
    venue = make_facility(townships[0], "演示球场")
    assert "demo-banner" not in client.get("/").content.decode()
    type(venue).objects.filter(pk=venue.pk).update(is_demo=True)
    assert "demo-banner" in client.get("/").content.decode()


def test_no_page_loads_anything_from_another_host(client, home, townships):
    make_facility(townships[0], "县体育场", photo=True)
    for path in ["/", "/venues/", "/search/?q=体育"]:
        html = client.get(path).content.decode()
        for attribute in ('src="http', "src='http", 'href="//', 'rel="stylesheet" href="http'):
            assert attribute not in html, (path, attribute)
    assert Page.objects.live().count() >= 1
