"""Celery 5.2 fixture app for Yardmaster's integration tests: tasks that succeed, fail, retry,
sleep, and the pieces of a chain, a group and a chord.

Broker and result backend come from YM_CELERY_BROKER / YM_CELERY_BACKEND (a test Redis); task
events are on (the worker runs with -E) and sent events too, so the dashboard learns each task's
queue; results are extended so a backend fill-in knows name, args and worker.
"""
import os
import time

from celery import Celery

app = Celery(
    "ym_fixture",
    broker=os.environ["YM_CELERY_BROKER"],
    backend=os.environ.get("YM_CELERY_BACKEND") or os.environ["YM_CELERY_BROKER"],
)
app.conf.update(
    task_send_sent_event=os.environ.get("YM_CELERY_SENT_EVENTS", "1") == "1",
    task_track_started=True,
    result_extended=True,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
    worker_prefetch_multiplier=1,
    task_routes={"fixture.export": {"queue": "exports"}},
)
prefix = os.environ.get("YM_CELERY_KEYPREFIX")
if prefix:
    app.conf.broker_transport_options = {"global_keyprefix": prefix}


class Flaky(Exception):
    """A failure worth retrying."""


@app.task(name="fixture.add")
def add(x, y):
    return x + y


@app.task(name="fixture.fail")
def fail(message):
    raise ValueError(message)


@app.task(name="fixture.retry", bind=True, max_retries=2, default_retry_delay=0.2)
def retry(self, label):
    if self.request.retries < 2:
        raise self.retry(exc=Flaky(f"{label}: try {self.request.retries + 1}"), countdown=0.2)
    return f"{label} ok after {self.request.retries} retries"


@app.task(name="fixture.sleep", acks_late=True)
def sleep(seconds):
    time.sleep(seconds)
    return seconds


@app.task(name="fixture.export")
def export(table):
    return f"exported {table}"


@app.task(name="fixture.total")
def total(values):
    return sum(values)


@app.task(name="fixture.fail_once")
def fail_once(marker, *args, **kwargs):
    """Fails the first time it runs for `marker` (a file path), then answers what it was given."""
    if not os.path.exists(marker):
        open(marker, "w").close()
        raise ValueError(f"first run for {marker}")
    return [[marker, *args], kwargs]


@app.task(name="fixture.limited")
def limited(label):
    """A task type of its own for rate-limit tests (a limit applies to one task name)."""
    return label
