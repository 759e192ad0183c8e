"""Demo Celery app for `npm run demo`: a few tasks that succeed, fail and retry.

Broker and result backend are the demo Redis (DEMO_CELERY_BROKER, db 1 by default), with task
events on (-E and task-sent) and extended results, so a dashboard sees names, args and outcomes.
Run the worker with Debian's python:
    /usr/bin/python3 -m celery -A celery_tasks worker -E -Q celery,emails,billing,exports --loglevel=INFO --concurrency 4
"""
import os
import random
import time

from celery import Celery

BROKER = os.environ.get("DEMO_CELERY_BROKER", "redis://127.0.0.1:6379/1")

app = Celery("yardmaster_demo", broker=BROKER, backend=BROKER)
app.conf.update(
    task_send_sent_event=True,
    worker_send_task_events=True,
    task_track_started=True,
    result_extended=True,
    # Bounded growth: results live an hour, not Celery's default day.
    result_expires=3600,
    task_routes={
        "demo.export_csv": {"queue": "exports"},
        "demo.send_email": {"queue": "emails"},
        "demo.charge_card": {"queue": "billing"},
        "demo.generate_report": {"queue": "exports"},
    },
    broker_connection_retry_on_startup=True,
    worker_hijack_root_logger=False,
)


class TransientError(Exception):
    """A failure worth retrying (a flaky upstream)."""


@app.task(name="demo.add")
def add(x, y):
    time.sleep(random.uniform(0.1, 0.8))
    return x + y


@app.task(name="demo.mul")
def mul(x, y):
    time.sleep(random.uniform(0.1, 0.5))
    return x * y


@app.task(
    name="demo.send_email",
    bind=True,
    autoretry_for=(TransientError,),
    retry_backoff=1,
    retry_backoff_max=30,
    retry_jitter=False,
    max_retries=3,
)
def send_email(self, to, subject):
    time.sleep(random.uniform(0.2, 1.0))
    if random.random() < 0.35:
        raise TransientError(f"SMTP 421 from mail.example.com while sending to {to} (try {self.request.retries + 1})")
    return {"to": to, "subject": subject, "message_id": f"<{self.request.id}@example.com>"}


@app.task(name="demo.charge_card")
def charge_card(customer, cents):
    time.sleep(random.uniform(0.2, 0.6))
    if random.random() < 0.2:
        raise ValueError(f"card declined for {customer}: insufficient funds ({cents} cents)")
    return {"customer": customer, "cents": cents, "status": "captured"}


@app.task(name="demo.export_csv")
def export_csv(table, rows):
    time.sleep(random.uniform(1.0, 3.0))
    return f"s3://exports.example.com/{table}-{rows}.csv"


@app.task(name="demo.generate_report")
def generate_report(name, seconds):
    """A long task (a report that takes a while): there is time to terminate it from the dashboard."""
    time.sleep(seconds)
    return f"s3://reports.example.com/{name}.pdf"


@app.task(name="demo.total")
def total(values):
    """A chord's callback: sums what its group answered."""
    return sum(values)
