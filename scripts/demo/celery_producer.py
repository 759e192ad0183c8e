"""Sends demo Celery tasks continuously: successes, failures, retries, countdowns, long sleeps, and a
chain, a group and a chord.

Stops on SIGINT/SIGTERM or when stdin closes (the demo runner went away).
Run with Debian's python from scripts/demo: /usr/bin/python3 celery_producer.py
"""
import random
import signal
import sys
import threading

from celery import chain, chord, group

from celery_tasks import add, charge_card, export_csv, generate_report, mul, send_email, total

stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
signal.signal(signal.SIGINT, lambda *_: stop.set())


def watch_parent():
    sys.stdin.read()  # returns at EOF, i.e. when the demo runner's end of the pipe closes
    stop.set()


threading.Thread(target=watch_parent, daemon=True).start()

CUSTOMERS = ["ada@example.com", "grace@example.com", "linus@example.com", "ken@example.com"]


def send_one(tick):
    add.delay(random.randint(1, 100), random.randint(1, 100))
    if tick % 2 == 0:
        send_email.delay(random.choice(CUSTOMERS), random.choice(["Welcome", "Receipt", "Reset your password"]))
    if tick % 3 == 0:
        charge_card.delay(random.choice(CUSTOMERS), random.randint(500, 50000))
    if tick % 10 == 0:
        # Scheduled for later: shows as reserved/ETA on the worker.
        add.apply_async((tick, 1), countdown=random.randint(10, 60))
    if tick % 15 == 0:
        # Canvas: children carry root_id / parent_id.
        chain(add.s(2, 3), mul.s(10), add.s(1)).delay()
        group(mul.s(i, i) for i in range(3)).delay()
        chord([mul.s(i, 2) for i in range(4)], total.s()).delay()
    if tick % 20 == 0:
        export_csv.delay(random.choice(["orders", "customers"]), random.randint(1000, 100000))
    if tick % 45 == 0:
        # Long enough to watch it run, and to terminate it from the task page.
        generate_report.delay(random.choice(["quarterly", "churn", "revenue"]), random.randint(30, 90))


def main():
    tick = 0
    print("Celery demo producer sending tasks", flush=True)
    while not stop.is_set():
        try:
            send_one(tick)
        except Exception as error:  # broker restarting: keep trying, but say so
            print(f"producer: {error}", file=sys.stderr, flush=True)
        tick += 1
        stop.wait(1.0)
    print("Celery demo producer stopped", flush=True)


if __name__ == "__main__":
    main()
