"""Run one callable in many threads at once, each with its own connection and transaction."""

import threading

from django.db import connection


def run_in_parallel(target, count, *, refusal, timeout=120):
    """Start `count` threads together on `target(index)`.

    Returns one (outcome, detail) per thread: ("ok", result), (error.code, error.message) for the
    `refusal` exception a rule raises, or ("crash", repr) for anything else, so a test can assert
    that nothing crashed.
    """
    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(index):
        try:
            barrier.wait()
            results[index] = ("ok", target(index))
        except refusal as error:
            results[index] = (error.code, error.message)
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            results[index] = ("crash", repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
