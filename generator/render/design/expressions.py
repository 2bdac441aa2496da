"""The sandbox that design expressions (``{{ faq.question }}``, ``when:``) run in.

Its own module, apart from the engine: preflight parses a project's designs with it, and
importing the engine would load the whole drawing path (text layout, bidi, shapes) into
``validate``, which draws nothing.
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import StrictUndefined, Template
from jinja2.sandbox import SandboxedEnvironment

from generator.render.filters import FILTERS
from generator.render.sandbox import LimitedSandbox

_ENV = LimitedSandbox(undefined=StrictUndefined, autoescape=False, trim_blocks=True)
_ENV.add_filters(FILTERS)


def template_environment() -> SandboxedEnvironment:
    """The sandbox design expressions run in (preflight parses designs with it)."""
    return _ENV


@lru_cache(maxsize=2048)
def compiled(source: str) -> Template:
    """One expression compiled once per process (cards share their designs' expressions)."""
    return _ENV.from_string(source)
