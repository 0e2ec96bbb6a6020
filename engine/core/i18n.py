"""Bilingual texts carried by specs and errors: Chinese first, English complete."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]


@dataclass(frozen=True, slots=True)
class Label:
    """A text in Chinese (zh_Hans, the default) and English."""

    zh: str
    en: str

    def __call__(self, lang: str = "zh") -> str:
        return self.en if lang.startswith("en") else self.zh

    def format(self, **params: object) -> Label:
        return Label(self.zh.format(**params), self.en.format(**params))

    def __str__(self) -> str:
        return self.en


# Messages the engine itself produces; workflows bring their own.
STARTER = Label("发起人", "Whoever started it")  # an unnamed starter's task, as a page shows its holder
REQUIRED = Label("此项为必填项。", "This field is required.")
TOO_LONG = Label("不能超过 {max} 个字符（现为 {n} 个）。", "At most {max} characters (now {n}).")
NOT_INTEGER = Label("请输入整数。", "Enter a whole number.")
TOO_SMALL = Label("不能小于 {min}。", "Must be at least {min}.")
TOO_LARGE = Label("不能大于 {max}。", "Must be at most {max}.")
NOT_DATE = Label("请输入日期，格式为 YYYY-MM-DD。", "Enter a date as YYYY-MM-DD.")
NOT_BOOL = Label("请选择是或否。", "Choose yes or no.")
NOT_CHOICE = Label("请从给定选项中选择。", "Choose one of the options given.")
NOT_TEXT = Label("请输入文字。", "Enter text.")
BAD_CHARACTERS = Label("含有不能保存的字符（控制字符或无效的 Unicode 字符），请删除后再提交。",
                       "Holds characters that cannot be saved (control characters or invalid Unicode): remove them.")
DATE_RANGE = Label("日期应在 {min} 年到 {max} 年之间。", "The date must fall between the years {min} and {max}.")
UNKNOWN_FIELD = Label("此操作不接受该字段。", "This action does not take this field.")
NO_SUCH_ORG = Label("所选组织不存在。", "The organisation chosen does not exist.")
NO_SUCH_USER = Label("所选用户不存在。", "The user chosen does not exist.")
NO_SUCH_CASE = Label("所选事项不存在。", "The case chosen does not exist.")
FILE_TOO_LARGE = Label("文件“{name}”超过 {limit} MB 的上限。", "File '{name}' is over the {limit} MB limit.")
FILE_TYPE = Label("文件“{name}”的类型不允许（允许 PDF、图片和 Office 文档）。",
                  "File '{name}' is of a type not allowed (PDF, images and Office documents are).")
TOO_MANY_FILES = Label("最多上传 {limit} 个文件。", "At most {limit} files.")
