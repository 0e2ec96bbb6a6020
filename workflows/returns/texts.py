"""What the return workflow's notifications say, in Chinese and English."""

from __future__ import annotations

from engine.notify.texts import Text, text

TEXTS: dict[str, Text] = {
    "return_submitted": text("统计报表待审核：{title}", "A statistical return to review: {title}",
                             "所属工会上报了统计报表“{title}”，请审核通过或退回修改。",
                             "A member union submitted the return “{title}”: accept it or return it for correction."),
    "return_accepted": text("统计报表已审核通过：{title}", "Return accepted: {title}",
                            "上级工会已审核通过统计报表“{title}”。",
                            "The federation accepted the return “{title}”."),
    "return_returned": text("统计报表被退回修改：{title}", "Return sent back for correction: {title}",
                            "上级工会退回了统计报表“{title}”，请按退回理由修改后重新上报。",
                            "The federation returned “{title}”: correct it as its reason says and submit it again."),
    "return_overdue": text("统计报表逾期未报：{title}", "A statistical return is overdue: {title}",
                           "统计报表“{title}”已过上报期限，尚未上报上级工会。",
                           "The return “{title}” is past its due date and not submitted to the federation yet."),
}
