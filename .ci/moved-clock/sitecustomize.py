"""Loaded only by the moved-clock CI run: libfaketime moves the wall clock; this keeps ``time.sleep`` working.

With ``DONT_FAKE_MONOTONIC=1`` (needed so timed waits on locks and queues use the real monotonic clock and do not
hang), libfaketime 0.9.10 still rewrites the absolute monotonic deadline CPython's ``time.sleep`` passes to
``clock_nanosleep`` and the kernel answers EINVAL. An event wait sleeps on the same real monotonic clock.
"""

import threading
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    if seconds:
        threading.Event().wait(seconds)


time.sleep = _sleep
