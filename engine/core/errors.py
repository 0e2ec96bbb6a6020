"""Typed errors of the engine, each carrying what a user needs to read, in Chinese and English."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from engine.core.i18n import Label


class EngineError(Exception):
    """Base of every error a user action can meet; ``label`` is the user-facing text."""

    label: Label

    def __init__(self, label: Label) -> None:
        super().__init__(label.en)
        self.label = label


class NotFound(EngineError):
    """The workflow, case, user or organisation named does not exist."""

    def __init__(self, kind: str, key: object) -> None:
        names = {"case": ("事项", "case"), "workflow": ("流程", "workflow"),
                 "user": ("用户", "user"), "organisation": ("组织", "organisation"),
                 "export": ("导出文件", "export")}
        zh, en = names.get(kind, (kind, kind))
        super().__init__(Label(f"{zh} {key} 不存在。", f"No {en} {key}."))
        self.kind = kind
        self.key = key


class PermissionDenied(EngineError):
    """The actor holds none of the roles the action needs in the case's organisation."""

    def __init__(self, action: str, roles: Sequence[str]) -> None:
        wanted = ", ".join(roles) or "-"
        super().__init__(Label(f"您没有执行“{action}”的权限（需要角色：{wanted}）。",
                               f"You may not do '{action}' here (it needs one of: {wanted})."))
        self.action = action
        self.roles = tuple(roles)


class TransitionNotAllowed(EngineError):
    """The trigger does not exist or cannot be fired from the case's current state."""

    def __init__(self, trigger: str, state: str, allowed: Sequence[str]) -> None:
        now = ", ".join(allowed) or "-"
        super().__init__(Label(f"当前环节“{state}”不能执行“{trigger}”。现在可执行：{now}。",
                               f"'{trigger}' cannot be done at step '{state}'. Possible now: {now}."))
        self.trigger = trigger
        self.state = state
        self.allowed = tuple(allowed)


class ValidationFailed(EngineError):
    """Form data is missing or malformed; ``errors`` maps a field name (or ``__all__``) to messages."""

    def __init__(self, errors: Mapping[str, Sequence[Label]]) -> None:
        self.errors = {name: list(msgs) for name, msgs in errors.items()}
        summary_en = "; ".join(f"{n}: {' '.join(m.en for m in ms)}" for n, ms in self.errors.items())
        summary_zh = "；".join(f"{n}：{''.join(m.zh for m in ms)}" for n, ms in self.errors.items())
        super().__init__(Label(f"填写有误：{summary_zh}", f"Please correct: {summary_en}"))


class Conflict(EngineError):
    """The case changed since the user loaded it: nothing was written."""

    def __init__(self, case_id: int, expected: int, current: int) -> None:
        super().__init__(Label(
            f"事项 {case_id} 已被他人修改（您看到的是第 {expected} 版，现在是第 {current} 版），"
            "请刷新后重试。",
            f"Case {case_id} was changed by someone else (you saw version {expected}, it is now "
            f"version {current}); reload it and try again."))
        self.case_id = case_id
        self.expected = expected
        self.current = current


class SchemaOutdated(EngineError):
    """The database is older (or newer) than the code."""

    def __init__(self, current: str | None, head: str) -> None:
        super().__init__(Label(
            f"数据库版本（{current or '空'}）与程序（{head}）不一致，请运行 unionflow db upgrade。",
            f"The database is at revision {current or 'none'} but the code needs {head}: "
            "run 'unionflow db upgrade'."))
        self.current = current
        self.head = head


class SpecError(ValueError):
    """A workflow spec is inconsistent; raised at registration, listing every problem found."""

    def __init__(self, workflow: str, problems: Sequence[str]) -> None:
        super().__init__(f"workflow {workflow!r} is invalid:\n" + "\n".join(f"- {p}" for p in problems))
        self.workflow = workflow
        self.problems = tuple(problems)


class Refused(EngineError):
    """The request is well formed but the rules forbid it now (no quorum, already done, already closed)."""

    def __init__(self, label: Label, *, code: str = "refused") -> None:
        super().__init__(label)
        self.code = code
