"""The plan's years and 2025 targets (chapter 2 §三(五), chapter 3 §九; see domain facts)."""

from decimal import Decimal

BASELINE_YEAR = 2020
PLAN_YEARS = (2021, 2022, 2023, 2024, 2025)
TREND_YEARS = (BASELINE_YEAR, *PLAN_YEARS)

SPORTS_AREA_M2 = Decimal("2.5")  # m² of playing area per resident
REGULAR_EXERCISE_PERCENT = 42
PHYSIQUE_PASS_PERCENT = 91
PHYSIQUE_PASS_BASELINE_PERCENT = 85  # end of 2020
# The version of 《国民体质测定标准》 (its code) the target and the baseline were set under: the
# scoring in use in 2020. Pass rates under another version are not judged against them.
PHYSIQUE_TARGET_VERSION = "2003"
FULL_COVERAGE_PERCENT = 100  # fitness circle, villages, townships, large schools, school opening
