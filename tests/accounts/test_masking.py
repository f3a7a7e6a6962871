"""Masking for lists (PIPL): 138****5678 and 王*."""

import pytest

from sportsportal.accounts.models import User, mask_name, mask_phone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13812345678", "138****5678"), ("", ""), (None, ""), ("1234", "****")],
)
def test_mask_phone(phone, masked):
    assert mask_phone(phone) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("王丽", "王*"),
        ("李建国", "李**"),
        ("欧阳娜娜", "欧***"),
        ("阿依·木拉提", "阿*****"),
        ("Anna Lee", "A*******"),
        ("王", "*"),
        (" 王丽 ", "王*"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_mask_name_never_shows_more_than_the_first_character():
    for name in ("司马相如", "诸葛孔明", "张三丰"):
        masked = mask_name(name)
        assert masked[0] == name[0]
        assert set(masked[1:]) == {"*"}
        assert len(masked) == len(name)


def test_user_has_masked_properties():
    user = User(phone="13987654321", real_name="欧阳娜娜")
    assert user.masked_phone == "139****4321"
    assert user.masked_name == "欧***"
