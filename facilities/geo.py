"""Coordinates: the registry stores WGS-84; Chinese map apps want GCJ-02.

The GCJ-02 offset is the published "eviltransform" formula (Krasovsky 1940 ellipsoid); it is
applied only inside mainland China's rough bounding box, as the map apps themselves do.
"""

import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# China's extent, from Zengmu Shoal to the Heilongjiang and from the Pamirs to the Wusuli.
CHINA_LAT = (3.8, 53.6)
CHINA_LON = (73.4, 135.1)

_A = 6378245.0
_EE = 0.00669342162296594323


def in_china(lat, lon):
    return CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LON[0] <= lon <= CHINA_LON[1]


def validate_latitude(value):
    if value is not None and not CHINA_LAT[0] <= float(value) <= CHINA_LAT[1]:
        raise ValidationError(
            _("Latitude %(value)s is outside China (%(lo)s–%(hi)s° N)."),
            params={"value": value, "lo": CHINA_LAT[0], "hi": CHINA_LAT[1]},
            code="latitude_outside_china",
        )


def validate_longitude(value):
    if value is not None and not CHINA_LON[0] <= float(value) <= CHINA_LON[1]:
        raise ValidationError(
            _("Longitude %(value)s is outside China (%(lo)s–%(hi)s° E)."),
            params={"value": value, "lo": CHINA_LON[0], "hi": CHINA_LON[1]},
            code="longitude_outside_china",
        )


def _transform_lat(x, y):
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lon(x, y):
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lat, lon):
    """Return (lat, lon) in GCJ-02 for a WGS-84 point; points outside China are unchanged."""
    lat, lon = float(lat), float(lon)
    if not in_china(lat, lon):
        return lat, lon
    d_lat = _transform_lat(lon - 105.0, lat - 35.0)
    d_lon = _transform_lon(lon - 105.0, lat - 35.0)
    rad_lat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrt_magic) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return lat + d_lat, lon + d_lon


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; the finder computes the same in SQL (see querysets)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def parse_point(text):
    """Parse "lat,lon" from a query string into a (lat, lon) in China, or raise ValueError."""
    parts = [p.strip() for p in (text or "").split(",")]
    if len(parts) != 2:
        raise ValueError("expected lat,lon")
    lat, lon = (float(p) for p in parts)
    if not in_china(lat, lon):
        raise ValueError("outside China")
    return lat, lon
