"""WGS-84 → GCJ-02 for navigation links, and the point parser of the finder."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilities.geo import haversine_km, parse_point, wgs84_to_gcj02

# Reference values computed with the independent `eviltransform` 0.1.1 package (wgs2gcj).
REFERENCE = [
    ((26.417, 103.297), (26.413546010666845, 103.29893842620501)),  # Huize county seat
    ((39.908823, 116.397470), (39.91022652183842, 116.4037136881441)),  # Tiananmen
    ((22.543847, 113.912316), (22.54079608003489, 113.91717656313807)),  # Shenzhen
]


@pytest.mark.parametrize(("wgs", "gcj"), REFERENCE)
def test_matches_reference_implementation_to_a_metre(wgs, gcj):
    lat, lon = wgs84_to_gcj02(*wgs)
    assert lat == pytest.approx(gcj[0], abs=1e-5)
    assert lon == pytest.approx(gcj[1], abs=1e-5)


def test_points_outside_china_are_unchanged():
    assert wgs84_to_gcj02(48.8566, 2.3522) == (48.8566, 2.3522)


@given(
    lat=st.floats(min_value=18.2, max_value=53.5),
    lon=st.floats(min_value=73.5, max_value=135.0),
)
def test_offset_inside_china_is_a_few_hundred_metres(lat, lon):
    glat, glon = wgs84_to_gcj02(lat, lon)
    shift = haversine_km(lat, lon, glat, glon)
    assert 0.0 < shift < 1.0


def test_haversine_known_distance():
    # Kunming to Huize county seat, about 163 km as the crow flies.
    assert haversine_km(25.04, 102.71, 26.417, 103.297) == pytest.approx(163.3, abs=1.0)


@pytest.mark.parametrize("text", ["", "26.4", "a,b", "nan,nan", "inf,100", "48.85,2.35", "1,2,3"])
def test_parse_point_rejects_bad_input(text):
    with pytest.raises(ValueError):
        parse_point(text)


def test_parse_point_accepts_spaces():
    assert parse_point(" 26.42 , 103.30 ") == (26.42, 103.30)
    assert all(math.isfinite(v) for v in parse_point("26.42,103.30"))
