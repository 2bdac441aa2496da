"""The icon and picture a card shows for a FAQ or an issue, from content and config.

In: a FAQ or issue and the config's ``categories:``. Out: a :class:`Look` (icon name,
picture path, focal point) that the kinds put into the design's ``item`` as
``item.icon``, ``item.image`` and ``item.focus``. The item's own ``icon:``/``image:``
win, then its category's entry in ``categories:``, then (icons only) the icon its
category's words suggest (:func:`generator.icons.icon_for_words`), so every card has
an icon and none needs a config line to get one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.icons import icon_for_words
from generator.load.model import FAQ, CategoryLook, Config, RecurringIssue
from generator.plan.jobs import file_fingerprint


@dataclass(frozen=True)
class Look:
    icon: str
    image: str | None = None
    focus: tuple[float, float] = (0.5, 0.5)

    def as_item(self) -> dict[str, object]:
        return {"icon": self.icon, "image": self.image or "", "focus": list(self.focus)}

    def fingerprint(self, root: Path) -> tuple[str, str | None, tuple[float, float], str]:
        """What a job key needs: the look and the picture's bytes."""
        return (self.icon, self.image, self.focus, file_fingerprint(root, self.image))


def _category(config: Config, *names: str) -> CategoryLook | None:
    for name in names:
        if name and name in config.categories:
            return config.categories[name]
    return None


def faq_look(faq: FAQ, config: Config) -> Look:
    cat = _category(config, faq.category_key, faq.category)
    icon = faq.icon or (cat.icon if cat else None) or icon_for_words(faq.category_key or faq.category)
    if faq.image:
        return Look(icon, faq.image, faq.focus)
    if cat and cat.image:
        return Look(icon, cat.image, cat.focus)
    return Look(icon)


def issue_look(issue: RecurringIssue) -> Look:
    icon = issue.icon or icon_for_words(issue.title)
    if icon == "circle-question-mark":  # an issue is a problem being fixed, not a question
        icon = "wrench"
    return Look(icon, issue.image, issue.focus)
