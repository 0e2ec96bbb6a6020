"""Settings for unionflow: defaults, then a TOML config file, then UNIONFLOW_* environment variables."""

from config.settings import Settings, load_settings

__all__ = ["Settings", "load_settings"]
