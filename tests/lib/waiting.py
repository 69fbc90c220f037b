"""Waiting in the Python tests: a condition polled until it holds or a limit passes."""
import time


def wait_until(condition, limit, step=0.25, ignoring=(OSError,)):
    """Polls `condition` every `step` seconds until it returns something true, which is
    returned, or `limit` seconds pass (None). An error of a kind in `ignoring` counts as not
    yet (a server not listening yet: urllib's and requests' errors are OSErrors)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            result = condition()
        except ignoring:
            result = None
        if result:
            return result
        time.sleep(step)
    return None
