"""The demo's district federation: 武进区总工会 under the city's federation, the demo's enterprise union and five
smaller member unions under it, each with its union office and chair, and the federation's own staff member."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engine import services
from workflows.federation.roles import FEDERATION_OFFICE

if TYPE_CHECKING:
    from workflows.demo import People

DISTRICT = "武进区总工会"
# The federation's staff member the sign-in page offers (name, username).
STAFF = ("顾明远", "gumingyuan")
# The smaller member unions: key → (union's name, its union office (name, username), its chair (name, username)).
MEMBER_UNIONS = {
    "hengda": ("常州恒达纺织有限公司工会", ("许晓红", "xuxiaohong"), ("钱国平", "qianguoping")),
    "xinyang": ("常州新阳电子科技有限公司工会", ("彭立军", "penglijun"), ("姚文华", "yaowenhua")),
    "mingyuan": ("常州明远食品有限公司工会", ("华素芬", "huasufen"), ("邹建平", "zoujianping")),
    "jinding": ("常州金鼎建材有限公司工会", ("尤振宇", "youzhenyu"), ("万桂兰", "wanguilan")),
    "hutang": ("武进湖塘物流有限公司工会", ("邵丽萍", "shaoliping"), ("戴永康", "daiyongkang")),
}
PEOPLE = (STAFF, *(person for _, office, chair in MEMBER_UNIONS.values() for person in (office, chair)))


@dataclass
class Federation:
    """What the demo made above and beside the demo's union."""

    district: int = 0
    staff: int = 0
    unions: dict[str, int] = field(default_factory=dict)  # key → union id
    offices: dict[str, int] = field(default_factory=dict)  # key → its union office's user id
    chairs: dict[str, int] = field(default_factory=dict)  # key → its chair's user id


def district(env: services.Env, city: int) -> int:
    """The district federation under the city's."""
    return services.create_organisation(env, DISTRICT, "federation", city)


def add(env: services.Env, p: People, district_id: int, password: str) -> Federation:
    """The federation's staff member and the five smaller member unions with their office and chair."""
    f = Federation(district=district_id)

    def user(person: tuple[str, str]) -> int:
        user_id = services.create_user(env, person[1], person[0], email=f"{person[1]}@wjzgh.example.com")
        services.set_password(env, user_id, password)
        p.names[user_id] = person
        return user_id

    f.staff = user(STAFF)
    services.grant_role(env, f.staff, district_id, FEDERATION_OFFICE)
    for key, (name, office, chair) in MEMBER_UNIONS.items():
        f.unions[key] = services.create_organisation(env, name, "union", district_id)
        f.offices[key], f.chairs[key] = user(office), user(chair)
        services.grant_role(env, f.offices[key], f.unions[key], "union_office")
        services.grant_role(env, f.chairs[key], f.unions[key], "union_chair")
    return f
