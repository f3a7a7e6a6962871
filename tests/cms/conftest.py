from tests.facilities.conftest import schools, sports, townships  # noqa: F401 (fixtures)
