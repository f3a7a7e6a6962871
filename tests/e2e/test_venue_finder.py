"""A resident finds a venue in the browser: filter by township and sport, open it, see its photo.

Checked along the way: no WCAG 2.x A/AA violations (axe-core) on the finder and the detail page,
no HTTP or JavaScript errors, and on a phone no sideways scrolling and a working elder mode.
Screenshots land in test-artifacts/ for a human to look at.
"""

import io
from decimal import Decimal

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from facilities.models import Facility, FacilityPhoto, Sport, Township

# live_server flushes the database after each test; serialized_rollback puts back what the
# migrations created (the home page and the Wagtail Site), whatever ran before.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

JINZHONG = "530326001000"
DAHAI = "530326201000"


def make_photo(title):
    """A real JPEG made in memory: sky, grass and a court line, big enough for every rendition."""
    picture = PILImage.new("RGB", (1280, 800), (120, 180, 230))
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, 420, 1280, 800], fill=(40, 130, 70))
    draw.line([0, 600, 1280, 600], fill=(250, 250, 250), width=12)
    draw.ellipse([540, 480, 740, 720], outline=(250, 250, 250), width=10)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title}.jpg")
    )


def make_venue(township, name, sports, *, publish=True, photo=None, **fields):
    values = {
        "kind": "basketball_outdoor",
        "owner_type": "public_institution",
        "latitude": 26.42,
        "longitude": 103.30,
        "playing_area": Decimal("608"),
        "address": "示例路 1 号",
    }
    values.update(fields)
    facility = Facility(name=name, township=township, live=False, **values)
    facility.sports = sports
    if photo:
        facility.photos = [FacilityPhoto(image=make_photo(name), caption=photo)]
    facility.full_clean()
    facility.save()
    if publish:
        facility.save_revision().publish()
        facility.refresh_from_db()
    return facility


@pytest.fixture
def county():
    jinzhong = Township.objects.create(
        name="金钟街道", code=JINZHONG, kind="subdistrict", is_urban=True
    )
    dahai = Township.objects.create(name="大海乡", code=DAHAI, kind="township")
    basketball = Sport.objects.create(name="篮球", name_en="Basketball", slug="basketball")
    swimming = Sport.objects.create(name="游泳", name_en="Swimming", slug="swimming")
    return {
        "match": make_venue(
            jinzhong,
            "金钟街道全民健身广场篮球场",
            [basketball],
            photo="两块室外篮球场，塑胶地面，四周有看台",
            step_free=True,
        ),
        "other_sport": make_venue(
            jinzhong,
            "会泽县游泳馆",
            [swimming],
            kind="pool_indoor",
            setting="indoor",
            fee_policy="paid",
            price=Decimal("20"),
            latitude=26.43,
            longitude=103.31,
            photo="室内恒温泳池",
        ),
        "other_township": make_venue(
            dahai, "大海乡中心篮球场", [basketball], latitude=26.10, longitude=103.50
        ),
        "draft": make_venue(jinzhong, "尚未发布的金钟篮球场", [basketball], publish=False),
    }


def venue_link(page, facility):
    return page.locator(f'main a[href$="/venues/{facility.slug}/"]')


def test_resident_filters_by_township_and_sport_and_sees_the_venue_photo(
    live_server, page, page_problems, axe, screenshot, county
):
    response = page.goto(f"{live_server.url}/venues/")
    assert response.status == 200
    for key in ("match", "other_sport", "other_township"):
        assert venue_link(page, county[key]).count(), f"{key} venue missing from the finder"
    assert venue_link(page, county["draft"]).count() == 0, "a draft venue is shown to the public"
    screenshot(page, "finder")
    violations = axe(page)
    assert not violations, f"/venues/: {violations}"

    page.select_option("select[name=township]", JINZHONG)
    page.select_option("select[name=sport]", "basketball")
    with page.expect_navigation() as navigation:
        page.locator("form:has(select[name=township]) [type=submit]").click()
    assert navigation.value.status == 200
    assert f"township={JINZHONG}" in page.url
    assert "sport=basketball" in page.url

    match = county["match"]
    assert venue_link(page, match).count(), "the matching venue is not listed"
    assert match.name in venue_link(page, match).first.inner_text()
    for key in ("other_sport", "other_township", "draft"):
        assert venue_link(page, county[key]).count() == 0, f"{key} venue shown despite filters"
    # The filters stay chosen after the page reloads.
    assert page.locator("select[name=township]").input_value() == JINZHONG
    assert page.locator("select[name=sport]").input_value() == "basketball"
    screenshot(page, "finder-filtered")
    violations = axe(page)
    assert not violations, f"/venues/?township=…&sport=…: {violations}"

    with page.expect_navigation() as navigation:
        venue_link(page, match).first.click()
    assert navigation.value.status == 200
    assert page.url.endswith(f"/venues/{match.slug}/")
    assert page.locator("h1").inner_text().strip() == match.name

    photo = page.locator(".gallery img").first
    photo.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=photo.element_handle()
    )
    assert photo.get_attribute("alt") == "两块室外篮球场，塑胶地面，四周有看台"
    screenshot(page, "venue-detail")
    violations = axe(page)
    assert not violations, f"/venues/{match.slug}/: {violations}"

    assert page_problems == [], "\n".join(page_problems)


def _layout(page):
    return page.evaluate(
        """() => ({
            scrollWidth: document.scrollingElement.scrollWidth,
            clientWidth: document.scrollingElement.clientWidth,
            fontSize: parseFloat(getComputedStyle(document.documentElement).fontSize),
            wide: [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')),
        })"""
    )


def test_finder_fits_a_phone_and_elder_mode_enlarges_text(
    live_server, phone_page, page_problems, screenshot, county
):
    page = phone_page
    response = page.goto(f"{live_server.url}/venues/")
    assert response.status == 200
    page.wait_for_load_state("load")

    layout = _layout(page)
    assert layout["scrollWidth"] <= 390, f"the finder scrolls sideways on a phone: {layout}"
    standard_font_size = layout["fontSize"]
    screenshot(page, "finder-phone")

    elder_button = page.locator('form[action$="/elder-mode/"] [type=submit]')
    assert elder_button.get_attribute("aria-pressed") == "false"
    with page.expect_navigation() as navigation:
        elder_button.click()
    assert navigation.value.status == 200
    assert page.url.endswith("/venues/"), "elder mode did not bring the resident back"
    page.wait_for_load_state("load")

    layout = _layout(page)
    assert layout["fontSize"] >= 18, f"elder mode did not enlarge the text: {layout}"
    assert layout["fontSize"] > standard_font_size, f"text is no larger in elder mode: {layout}"
    # The locator is looked up again on the reloaded page.
    assert elder_button.get_attribute("aria-pressed") == "true"
    assert layout["scrollWidth"] <= 390, f"in elder mode the finder scrolls sideways: {layout}"
    screenshot(page, "finder-phone-elder")

    assert page_problems == [], "\n".join(page_problems)
