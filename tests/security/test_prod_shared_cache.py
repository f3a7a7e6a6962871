"""Two app-server processes under the production settings share one cache (Redis).

The audit saw 15 wrong passwords accepted before the lockout with 3 workers (5 was the limit) and
stale indicator figures after an import: each worker kept its own cache. Here separate Python
processes, configured like production, count failed sign-ins through the sign-in throttle on one
counter (five wrong passwords spread over two processes lock the account in a third) and see each
other's "data changed" for the indicators.
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
from django.test import RequestFactory
from facilities.indicators import registry
from sportsportal.accounts import throttle

subject, address, failures = sys.argv[1], sys.argv[2], int(sys.argv[3])
request = RequestFactory().post("/accounts/login/", REMOTE_ADDR=address)
for _ in range(failures):
    throttle.begin(request, subject)  # a wrong password: the try is never taken back
if sys.argv[4] == "1":
    registry.data_changed()
print(json.dumps({"locked": throttle.is_locked(request, subject),
                  "data_version": registry.data_version()}))
"""


def worker(env, subject, address, failures, change_data=False):
    result = run(env, "-c", SCRIPT, subject, address, str(failures), "1" if change_data else "0")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_separate_processes_share_the_sign_in_throttle_and_the_indicator_version(tmp_path):
    env = production_env(tmp_path, REDIS_URL=os.environ["REDIS_URL"])
    subject = f"account:tests-{uuid.uuid4().hex}"
    address = f"2001:db8:{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}::1"  # a fresh client

    first = worker(env, subject, address, failures=3)
    assert not first["locked"]
    second = worker(env, subject, address, failures=2, change_data=True)
    assert second["locked"], "the second process did not count the first one's failures"
    assert second["data_version"] == first["data_version"] + 1
    third = worker(env, subject, address, failures=0)
    assert third == second, "a third process did not see the others' writes"
