"""Config tables the packages that own them declare: ``declare_section("congress", CongressTable)``."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict
from pydantic_settings import BaseSettings


class Section(BaseModel):
    """A config table: typed, unknown keys refused, read-only once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    @classmethod
    def from_settings(cls, settings: Any) -> Any:
        """This table as ``settings`` hold it (its defaults where unset): a workflow whose policy is the table
        itself builds from this."""
        name = next((n for n, model in _DECLARED.items() if model is cls), None)
        if name is None:
            raise KeyError(f"{cls.__name__} is not declared as a config table")
        return settings.section(name)


_DECLARED: dict[str, type[BaseModel]] = {}
RESERVED = frozenset({"instance_path", "database_url", "sqlite_busy_timeout_ms", "timezone", "config_file", "web",
                      "database_pooled", "database_scheduler_url", "database_read_url",
                      "database_read_your_writes_seconds"})


def declare_section(name: str, model: type[BaseModel]) -> type[BaseModel]:
    """Make ``[name]`` a table the config file and ``UNIONFLOW_NAME__…`` may set, validated by ``model``.

    A package calls this when its settings module is imported; declaring the same model again is harmless.
    """
    if name in RESERVED or not name.isidentifier() or name.startswith("_") or hasattr(BaseSettings, name):
        raise ValueError(f"[{name}] cannot be declared: it is a core setting, or not a plain name")
    known = _DECLARED.get(name)
    if known is not None and (known.__module__, known.__qualname__) != (model.__module__, model.__qualname__):
        raise ValueError(f"[{name}] is declared twice: by {known.__module__} and by {model.__module__}")
    _DECLARED[name] = model
    return model


def declared() -> MappingProxyType[str, type[BaseModel]]:
    """Every table declared so far, by name."""
    return MappingProxyType(_DECLARED)


def defaults(name: str) -> Any:
    """``[name]`` as its model's defaults; a table nobody declared is a programming error."""
    try:
        return _DECLARED[name]()
    except KeyError:
        raise KeyError(f"no package declares the config table [{name}]; import its settings module") from None
