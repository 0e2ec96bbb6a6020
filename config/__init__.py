"""Settings for unionflow: defaults, then a TOML config file, then UNIONFLOW_* environment variables."""

from config.sections import Section, declare_section
from config.settings import Settings, SettingsError, Web, load_settings

__all__ = ["Section", "Settings", "SettingsError", "Web", "declare_section", "load_settings"]
