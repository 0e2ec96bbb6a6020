"""Chat robots: WeCom and DingTalk posts to a local HTTP server, DingTalk's signature, throttling and merging."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import sqlalchemy as sa

from engine import services
from engine.core.env import Env
from engine.notify.outbox import deliver
from engine.store.models import Delivery
from support.db import People
from support.notify import RobotServer, use

SECRET = "SEC0123456789abcdef"
deliveries = Delivery.__table__


def robots(server: RobotServer, people: People, **extra: Any) -> list[dict[str, Any]]:
    return [{"name": "工会企业微信群", "organisation": people.union, "kind": "wecom",
             "url": f"{server.url}/cgi-bin/webhook/send?key=abc", **extra},
            {"name": "工会钉钉群", "organisation": people.union, "kind": "dingtalk",
             "url": f"{server.url}/robot/send?access_token=xyz", "secret": SECRET, **extra}]


def submit(env: Env, people: People, title: str) -> int:
    clerk = services.Actor(people.clerk)
    case_id = services.start_case(env, clerk, "request", people.union, title, {"body": "正文"}).case_id
    services.fire(env, clerk, case_id, "submit")
    return case_id


def robot_rows(env: Env) -> list[Any]:
    with env.db.engine.connect() as conn:
        return conn.execute(sa.select(deliveries).where(deliveries.c.user_id.is_(None))
                            .order_by(deliveries.c.id)).all()


def test_a_role_notification_is_posted_to_the_wecom_and_dingtalk_robots(env, people, robot, clock):
    use(env, robots=robots(robot, people))
    case_id = submit(env, people, "关于增设夜班食堂的申请")
    assert deliver(env) == 3  # the reviewer's in-app one and the two robots

    wecom = next(p for p in robot.posts if p.path == "/cgi-bin/webhook/send")
    assert wecom.query == {"key": "abc"}
    assert wecom.body["msgtype"] == "markdown" and set(wecom.body) == {"msgtype", "markdown"}
    content = wecom.body["markdown"]["content"]
    assert "**新申请待审查：关于增设夜班食堂的申请**" in content
    assert f"(https://union.example/cases/{case_id})" in content

    ding = next(p for p in robot.posts if p.path == "/robot/send")
    assert ding.body["msgtype"] == "markdown"
    assert ding.body["markdown"]["title"] == "新申请待审查：关于增设夜班食堂的申请"
    assert "关于增设夜班食堂的申请" in ding.body["markdown"]["text"]
    # The signature: base64(HMAC-SHA256(secret, "{timestamp}\n{secret}")), the timestamp in milliseconds.
    timestamp = ding.query["timestamp"]
    assert int(timestamp) == int(clock.now().timestamp() * 1000)
    expected = base64.b64encode(hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(),
                                         hashlib.sha256).digest()).decode()
    assert ding.query["sign"] == expected and ding.query["access_token"] == "xyz"

    assert [(r.channel, r.address, r.status) for r in robot_rows(env)] == [
        ("wecom", "工会企业微信群", "sent"), ("dingtalk", "工会钉钉群", "sent")]
    assert len(robot.posts) == 2


def test_a_user_addressed_notification_and_another_organisation_reach_no_robot(env, people, robot):
    use(env, robots=robots(robot, people))
    services.grant_role(env, people.reviewer, people.dept, "clerk")
    clerk = services.Actor(people.reviewer)
    case_id = services.start_case(env, clerk, "request", people.dept, "部门的申请", {"body": "正文"}).case_id
    services.fire(env, clerk, case_id, "submit")  # to reviewers of the department: no robot is set up there
    deliver(env)
    assert robot.posts == [] and robot_rows(env) == []


def test_a_burst_is_merged_and_each_robot_is_throttled(env, people, robot, clock):
    use(env, robots=robots(robot, people)[:1], robot_per_minute=2)
    for n in range(45):
        submit(env, people, f"申请 {n:02d}")
    deliver(env)
    # 45 notifications, at most 20 in a message, 2 messages a minute: two merged posts now, the rest wait.
    assert len(robot.posts) == 2
    first = robot.posts[0].body["markdown"]["content"]
    assert first.startswith("### 工会通知（20 条）") and "申请 00" in first and "申请 19" in first
    assert all(len(p.body["markdown"]["content"].encode()) <= 4096 for p in robot.posts)
    assert sum(r.status == "pending" for r in robot_rows(env)) == 5
    clock.advance(seconds=30)
    deliver(env)
    assert len(robot.posts) == 2  # the robot's minute is not over
    clock.advance(seconds=31)
    deliver(env)
    assert len(robot.posts) == 3 and robot.posts[2].body["markdown"]["content"].startswith("### 工会通知（5 条）")
    assert all(r.status == "sent" for r in robot_rows(env))


def test_a_robot_that_refuses_is_retried_with_its_error(env, people, robot, clock):
    robot.answer = {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"}
    use(env, robots=robots(robot, people)[1:])
    submit(env, people, "申请")
    deliver(env)
    [row] = robot_rows(env)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error == "errcode 130101: send too fast, exceed 20 times per minute"
    robot.answer = {"errcode": 0, "errmsg": "ok"}
    clock.advance(minutes=1)
    deliver(env)
    assert robot_rows(env)[0].status == "sent" and len(robot.posts) == 2


def test_a_robot_taken_out_of_the_config_fails_its_waiting_deliveries(env, people, robot, clock):
    old = {**robots(robot, people)[0], "name": "旧群"}
    use(env, robots=[old], max_attempts=2)
    robot.answer = {"errcode": 310000, "errmsg": "keywords not in content"}
    submit(env, people, "申请")
    deliver(env)
    assert robot_rows(env)[0].status == "pending"
    use(env, robots=robots(robot, people)[:1], max_attempts=2)  # the config names the robot differently now
    clock.advance(minutes=1)
    deliver(env)
    [row] = robot_rows(env)
    assert row.status == "failed" and row.last_error == "no robot named '旧群' in [[notify.robots]]"
    assert len(robot.posts) == 1
