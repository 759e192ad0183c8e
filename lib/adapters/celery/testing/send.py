"""Sends fixture tasks by name (the test's producer): `python3 send.py <scenario> [args...]`; prints ids as JSON."""
import json
import sys

from celery import chain, chord, group, signature

from fixture_app import app


def sig(name, *args):
    return signature(name, args=args, app=app)


def main(scenario, *rest):
    if scenario == "add":
        result = app.send_task("fixture.add", args=[int(rest[0]), int(rest[1])])
        print(json.dumps({"id": result.id}))
    elif scenario == "fail":
        print(json.dumps({"id": app.send_task("fixture.fail", args=[rest[0]]).id}))
    elif scenario == "retry":
        print(json.dumps({"id": app.send_task("fixture.retry", args=[rest[0]]).id}))
    elif scenario == "sleep":
        print(json.dumps({"id": app.send_task("fixture.sleep", args=[float(rest[0])]).id}))
    elif scenario == "export":
        print(json.dumps({"id": app.send_task("fixture.export", args=[rest[0]]).id}))
    elif scenario == "task":
        # task <name> <queue> <json args>
        print(json.dumps({"id": app.send_task(rest[0], args=json.loads(rest[2]), queue=rest[1]).id}))
    elif scenario == "call":
        # call <name> <queue> <json args> <json kwargs> [countdown seconds]
        countdown = float(rest[4]) if len(rest) > 4 else None
        result = app.send_task(rest[0], args=json.loads(rest[2]), kwargs=json.loads(rest[3]), queue=rest[1], countdown=countdown)
        print(json.dumps({"id": result.id}))
    elif scenario == "many":
        # many <name> <queue> <json list of args lists>: one process for many tasks
        ids = [app.send_task(rest[0], args=args, queue=rest[1]).id for args in json.loads(rest[2])]
        print(json.dumps({"ids": ids}))
    elif scenario == "queued":
        # Messages left in the broker: to a queue no worker consumes, with a priority.
        ids = [app.send_task("fixture.add", args=[i, i], queue=rest[0], priority=int(rest[1])).id for i in range(int(rest[2]))]
        print(json.dumps({"ids": ids}))
    elif scenario == "named":
        # named <task id> <name> <queue> <json args>: a task whose id the caller chose (browser tests)
        result = app.send_task(rest[1], args=json.loads(rest[3]), queue=rest[2], task_id=rest[0])
        print(json.dumps({"id": result.id}))
    elif scenario == "named-chain":
        # named-chain <first id> <second id>: add(1, 2) then add(<that>, 3), ids chosen by the caller
        c = chain(sig("fixture.add", 1, 2).set(task_id=rest[0]), sig("fixture.add", 3).set(task_id=rest[1])).apply_async()
        print(json.dumps({"first": c.parent.id, "last": c.id}))
    elif scenario == "canvas":
        c = chain(sig("fixture.add", 1, 2), sig("fixture.add", 3)).apply_async()
        g = group(sig("fixture.add", 1, 1), sig("fixture.add", 2, 2)).apply_async()
        ch = chord([sig("fixture.add", 1, 1), sig("fixture.add", 2, 2)], sig("fixture.total")).apply_async()
        print(json.dumps({
            "chain": {"last": c.id, "first": c.parent.id},
            "group": {"id": g.id, "children": [r.id for r in g.results]},
            "chord": {"callback": ch.id, "header": [r.id for r in ch.parent.results] if ch.parent else []},
        }))
    else:
        raise SystemExit(f"unknown scenario {scenario}")


if __name__ == "__main__":
    main(*sys.argv[1:])
