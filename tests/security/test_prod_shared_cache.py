"""Two app-server processes under the production settings share one cache (Redis).

The audit saw 15 wrong passwords accepted before the lockout with 3 workers (5 was the limit) and
stale indicator figures after an import: each worker kept its own cache. Here separate Python
processes, configured like production, count failed sign-ins on one counter and see each other's
"data changed" for the indicators.
"""

import json
import os
import uuid

import pytest

from .prod_env import production_env, run

pytestmark = pytest.mark.redis

SCRIPT = """
import json, sys
import django
django.setup()
from django.core.cache import cache
from facilities.indicators import registry

key, failures, change_data = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
for _ in range(failures):
    if not cache.add(key, 1, 60):
        cache.incr(key)
if change_data:
    registry.data_changed()
print(json.dumps({"failures": cache.get(key), "data_version": registry.data_version()}))
"""


def worker(env, key, failures, change_data=False):
    result = run(env, "-c", SCRIPT, key, str(failures), "1" if change_data else "0")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_separate_processes_share_counters_and_the_indicator_version(tmp_path):
    env = production_env(tmp_path, REDIS_URL=os.environ["REDIS_URL"])
    key = f"tests:login-failures:{uuid.uuid4().hex}"

    first = worker(env, key, failures=3)
    assert first["failures"] == 3
    second = worker(env, key, failures=2, change_data=True)
    assert second["failures"] == 5, "the second process did not see the first one's failures"
    assert second["data_version"] == first["data_version"] + 1
    third = worker(env, key, failures=0)
    assert third == second, "a third process did not see the others' writes"
