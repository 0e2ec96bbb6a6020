"""The demo's member registers: a few hundred generated members for the demo union and each of the five member
unions, women's share as in their trade, joined over the last twenty years, a few who left or transferred out;
inserted in bulk so the demo loads in a fraction of a second; then a transfer from the demo union to
常州恒达纺织有限公司工会 awaiting the receiving office, and an application to join the demo union awaiting review;
one member came to the demo union from 常州新阳电子 by a transfer accepted two months ago."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from engine import services
from engine.core.context import Actor
from engine.time.calendar import TZ
from engine.time.clock import FixedClock
from workflows.members import memberships, moves

if TYPE_CHECKING:
    from workflows.demo import People

SEED = 20261207
# key → (members, women's share, workplaces); the demo union is "demo".
UNIONS: dict[str, tuple[int, float, tuple[str, ...]]] = {
    "demo": (360, 0.27, ("生产制造部", "质量管理部", "技术研发中心", "设备动力部", "安全环保部", "人力资源部",
                         "财务部", "后勤保障部")),
    "hengda": (240, 0.68, ("纺纱车间", "织造车间", "印染车间", "质检科", "综合办")),
    "xinyang": (180, 0.52, ("贴片车间", "装配车间", "品质部", "研发部", "行政部")),
    "mingyuan": (150, 0.58, ("烘焙车间", "包装车间", "品控部", "仓储部", "销售部")),
    "jinding": (110, 0.18, ("水泥车间", "砌块车间", "机修班", "质检室", "办公室")),
    "hutang": (90, 0.22, ("运输队", "分拣中心", "仓库", "调度室", "办公室")),
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐韩冯邓曹彭曾肖田董潘袁蒋蔡余杜叶程钱沈陆顾"
WOMEN = ("秀英", "芳", "敏", "静", "艳", "娟", "霞", "桂英", "春梅", "丽华", "玉兰", "红梅", "淑珍", "雪梅", "慧敏",
         "晓燕", "美玲", "雨婷", "欣怡", "佳琪", "文静", "金凤", "冬梅", "凤英", "玉梅", "丽萍", "婷婷", "海燕")
MEN = ("建华", "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "志刚", "海波", "晓东", "文斌", "国强",
       "建军", "立新", "志明", "卫东", "振华", "浩然", "宇航", "俊杰", "鹏飞", "德明", "宏伟", "永强", "春生", "明辉")


def _rows(rng: random.Random, union_id: int, size: int, women: float, workplaces: tuple[str, ...],
          today: date) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for seq in range(1, size + 1):
        female = rng.random() < women
        joined = today - timedelta(days=int(rng.triangular(3, 20 * 365, 4 * 365)))
        birth = joined - timedelta(days=rng.randint(19 * 365, 45 * 365))
        row: dict[str, Any] = {
            "union_id": union_id, "number": f"{joined.year}{seq:05d}",
            "name": rng.choice(SURNAMES) + rng.choice(WOMEN if female else MEN),
            "gender": "female" if female else "male", "birth_date": birth, "id_last4": f"{rng.randint(0, 9999):04d}",
            "phone": f"1{rng.choice('3589')}{rng.randint(0, 999999999):09d}", "workplace": rng.choice(workplaces),
            "joined_on": joined, "joined_how": "import" if joined.year < today.year else "admission",
            "person": f"{rng.getrandbits(64):016x}",
        }
        gone = rng.random()
        if gone < 0.05 and joined < today - timedelta(days=40):  # a few left, some of them this year
            left_on = joined + timedelta(days=rng.randint(30, (today - joined).days - 1))
            row |= {"status": "left", "left_on": left_on, "left_reason": rng.choice(
                ("解除劳动合同", "退休", "辞职离开本单位", "自愿退会"))}
        elif gone < 0.07 and joined < today - timedelta(days=40):
            left_on = joined + timedelta(days=rng.randint(30, (today - joined).days - 1))
            row |= {"status": "transferred_out", "left_on": left_on, "left_reason": "调往外地工作",
                    "destination": rng.choice(("苏州工业园区某电子公司工会", "无锡市新吴区某机械公司工会"))}
        rows.append(row)
    return rows


def registers(env: services.Env, p: People, today: date) -> int:
    """Every demo union's register, in one transaction; returns how many memberships it holds."""
    rng = random.Random(SEED)
    unions = {"demo": p.union, **p.federation.unions}
    added = 0
    with env.db.write() as conn:
        for key, (size, women, workplaces) in UNIONS.items():
            rows = _rows(rng, unions[key], size, women, workplaces, today)
            added += memberships.add_rows(conn, rows, env.clock.now())
            conn.execute(memberships.sequences.insert().values(union_id=unions[key], last=size))
    return added


TRANSFERRED = "钱丽华"  # the demo union's member on her way to 恒达纺织 (a generated name the register may share)
APPLICANT = {"name": "蒋雨婷", "gender": "female", "birth_date": "2001-06-18", "id_number": "", "phone": "13961120418",
             "workplace": "质量管理部", "charter": True}


MOVED_IN = "彭晓燕"  # came from 常州新阳电子 two months ago: her page shows both unions


def cases(env: services.Env, clock: FixedClock, p: People, now: datetime) -> tuple[int, int]:
    """A transfer from 常州新阳电子 to the demo union accepted two months ago, the transfer to 恒达纺织 sent three
    days ago and the application made yesterday; the clock is left at ``now``. Returns the open (transfer,
    application) case ids."""
    today = now.astimezone(TZ).date()
    m = memberships.members.c
    xinyang = p.federation.unions["xinyang"]
    with env.db.write() as conn:
        earlier = conn.execute(sa.select(m.id).where(m.union_id == xinyang, m.status == "member",
                                                     m.gender == "female").order_by(m.id).limit(1)).scalar_one()
        conn.execute(memberships.members.update().where(m.id == earlier).values(name=MOVED_IN))
    clock.set(datetime.combine(today - timedelta(days=64), time(10), TZ))
    moved = moves.start_transfer(env, Actor(p.federation.offices["xinyang"]), earlier, p.union,
                                 "调入华东精密机械有限公司质量管理部工作。")
    clock.set(datetime.combine(today - timedelta(days=60), time(15), TZ))
    version = services.case_view(env, Actor(p.office), moved).version
    services.fire(env, Actor(p.office), moved, "accept", expected_version=version)
    with env.db.write() as conn:  # the member who moves to 恒达纺织: a woman of the production department
        member = conn.execute(sa.select(m.id).where(m.union_id == p.union, m.status == "member",
                                                    m.gender == "female").order_by(m.id).limit(1)).scalar_one()
        conn.execute(memberships.members.update().where(m.id == member).values(name=TRANSFERRED,
                                                                               phone="13861170326"))
    clock.set(datetime.combine(today - timedelta(days=3), time(10), TZ))
    transfer = moves.start_transfer(env, Actor(p.office), member, p.federation.unions["hengda"],
                                    "本人因家庭原因调至常州恒达纺织有限公司工作，申请转接会员关系。")
    clock.set(datetime.combine(today - timedelta(days=1), time(19, 30), TZ))
    applied = moves.apply(env, p.union, dict(APPLICANT))
    clock.set(now)
    return transfer, applied.case_id
