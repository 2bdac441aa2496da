"""Jinja's sandbox with resource limits: a template may not run long, loop forever or
build enormous values.

Why: Jinja's ``SandboxedEnvironment`` stops a template from reaching Python internals,
but not from ``{{ 'A' * 1000000000 }}`` (a gigabyte, minutes) or two nested loops of
``range(10000)``. Every project template (caption templates, guide templates, design
expressions) runs in a :class:`LimitedSandbox`, which checks, while the template runs:

- **strings and lists** a template makes (``*``, ``+``, ``~``, filters, method calls)
  stay under ``max_string`` characters or items; the size is checked *before* a
  repetition is computed, so nothing huge is ever allocated;
- **numbers** stay under ``max_int_digits`` digits (``9 ** 9 ** 9`` is refused before
  it is computed);
- **loop iterations** (every ``{% for %}``, nested ones added up) stay under
  ``max_iterations``;
- **time**: the render stops after ``max_seconds``;
- **output** length stays under ``max_output`` characters.

Exceeding a limit raises :class:`TemplateLimit`; :func:`render_limited` turns it into
a located :class:`~generator.errors.SelfserveError` naming the template's line.
"""

from __future__ import annotations

import functools
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import SelfserveError


@dataclass(frozen=True)
class Limits:
    """Bounds for one render of one template."""

    max_output: int = 1_000_000  # characters
    max_string: int = 1_000_000  # characters (or items) of any value a template makes
    max_int_digits: int = 60
    max_iterations: int = 100_000
    max_seconds: float = 2.0


#: Captions (the longest platform limit is 63,206 characters; longer text is cut after
#: the template ran) and design expressions. Values from content pass through templates,
#: so the size limits leave room for a very long answer.
CAPTION_LIMITS = Limits(max_output=5_000_000, max_string=5_000_000)
#: Guide templates produce a whole HTML document from every FAQ and issue.
GUIDE_LIMITS = Limits(max_output=50_000_000, max_string=50_000_000, max_iterations=2_000_000,
                      max_seconds=60.0)


class TemplateLimit(Exception):
    """A template went past one of its :class:`Limits` (the message says which)."""


class TemplateLimitError(SelfserveError):
    """A limit passed, located: ``reason`` says which, ``line`` is the template's line."""

    def __init__(self, shown: str, reason: str, line: int | None) -> None:
        self.shown, self.reason, self.line = shown, reason, line
        super().__init__(f"{shown}:{line}: template {reason}" if line else f"{shown}: template {reason}")

    def __reduce__(self) -> tuple[type[TemplateLimitError], tuple[str, str, int | None]]:
        # Pickled whole: a guide renders in a child process that hands its error back.
        return (type(self), (self.shown, self.reason, self.line))


class _Budget(threading.local):
    limits: Limits | None = None
    deadline: float = 0.0
    iterations: int = 0


_BUDGET = _Budget()
#: Format widths and precisions in ``%`` and ``str.format`` templates.
_WIDTH = re.compile(r"(\d+)")


def _limits() -> Limits:
    return _BUDGET.limits or CAPTION_LIMITS


def _clock() -> float:
    """CPU seconds of this thread: the budget is for the template's own work, so a build
    on a busy machine (two workers and a CI neighbour on two cores) never fails a design
    that runs in milliseconds when the machine is idle."""
    return time.thread_time()


def _tick() -> None:
    if _BUDGET.limits is not None and _clock() > _BUDGET.deadline:
        raise TemplateLimit(f"took longer than {_BUDGET.limits.max_seconds:g} s; simplify the template")


def _check_value(value: Any) -> Any:
    lim = _limits()
    if isinstance(value, (str, bytes, list, tuple, dict, set)) and len(value) > lim.max_string:
        raise TemplateLimit(f"makes a value of {len(value):,} characters or items (the limit is "
                            f"{lim.max_string:,})")
    if isinstance(value, int) and not isinstance(value, bool) and \
            value.bit_length() > 3.33 * lim.max_int_digits + 4:
        raise TemplateLimit(f"makes a number of more than {lim.max_int_digits} digits")
    return value


def _check_args(args: Iterable[Any]) -> None:
    """Numbers given to filters and methods (a width, a count) stay within the string limit."""
    lim = _limits()
    for a in args:
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > lim.max_string:
            raise TemplateLimit(f"asks for a size of {a:,} (the limit is {lim.max_string:,})")
        if isinstance(a, float) and math.isfinite(a) and abs(a) > lim.max_string:
            raise TemplateLimit(f"asks for a size of {a:,.0f} (the limit is {lim.max_string:,})")


def _check_format(fmt: str) -> None:
    """``'%1000000000s' % x`` and ``'{:>1000000000}'.format(x)`` allocate their width."""
    _check_args(int(w) for w in _WIDTH.findall(fmt) if len(w) < 30)
    if any(len(w) >= 30 for w in _WIDTH.findall(fmt)):
        raise TemplateLimit("asks for an enormous format width")


def _limited_filter(func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def run(*args: Any, **kwargs: Any) -> Any:
        _tick()
        _check_args(args[1:])
        _check_args(kwargs.values())
        return _check_value(func(*args, **kwargs))

    return run


class _CountedLoop:
    """The iterable of a ``{% for %}``, counting iterations against the budget."""

    __slots__ = ("_it",)

    def __init__(self, iterable: Iterable[Any]) -> None:
        self._it = iter(iterable)

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        item = next(self._it)
        _BUDGET.iterations += 1
        lim = _BUDGET.limits
        if lim is not None:
            if _BUDGET.iterations > lim.max_iterations:
                raise TemplateLimit(f"loops more than {lim.max_iterations:,} times in all; loop over "
                                    "fewer items")
            if not _BUDGET.iterations % 256:
                _tick()
        return item


class LimitedSandbox(SandboxedEnvironment):
    """Jinja's sandbox, with every operator, call, filter and loop checked against the
    :class:`Limits` of the render in progress (see :func:`render_limited`)."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/"})
    intercepted_unops = frozenset({"-"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters = {name: _limited_filter(f) for name, f in self.filters.items()}

    def add_filters(self, filters: dict[str, Callable[..., Any]]) -> None:
        self.filters.update({name: _limited_filter(f) for name, f in filters.items()})

    # Loops: every ``for`` iterates through a counter (set in the parsed tree).
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        for loop in tree.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.EnvironmentAttribute("counted_loop", lineno=loop.lineno),
                                   [loop.iter], [], None, None, lineno=loop.lineno)
        # ``~`` joins strings without an operator hook: check what it makes.
        for concat in list(tree.find_all(nodes.Concat)):
            concat.nodes = [nodes.Call(nodes.EnvironmentAttribute("checked", lineno=concat.lineno),
                                       [n], [], None, None, lineno=concat.lineno) for n in concat.nodes]
        return tree

    def counted_loop(self, iterable: Iterable[Any]) -> _CountedLoop:
        return _CountedLoop(iterable)

    def checked(self, value: Any) -> Any:
        return _check_value(value)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        lim = _limits()
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and \
                        len(seq) * n > lim.max_string:
                    raise TemplateLimit(f"repeats a value to {len(seq) * n:,} characters or items (the "
                                        f"limit is {lim.max_string:,})")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                and right * math.log10(abs(left)) > lim.max_int_digits:
            raise TemplateLimit(f"makes a number of more than {lim.max_int_digits} digits")
        if operator == "%" and isinstance(left, str):
            _check_format(left)
        for v in (left, right):
            _check_value(v)
        return _check_value(super().call_binop(context, operator, left, right))

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        if __obj in (self.counted_loop, self.checked):
            return __obj(*args)
        _check_args(args)
        _check_args(kwargs.values())
        return _check_value(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'{:>1000000000}'.format(x)``: the widths are checked before formatting."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and isinstance(getattr(value, "__self__", None), str):
            _check_format(value.__self__)
        return wrapped

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)


def _template_line(exc: BaseException, filename: str | None) -> int | None:
    """The template line a failure happened on (Jinja rewrites tracebacks so that the
    template's frames carry its own line numbers)."""
    line = None
    tb = exc.__traceback__
    names = {filename, "<template>"}
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in names:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_limited(template: Any, context: dict[str, Any], shown: str,
                   limits: Limits = CAPTION_LIMITS) -> str:
    """Render ``template`` within ``limits``; a limit passed is a SelfserveError at
    ``shown:LINE``. Other template errors are raised as they are, for the caller to place."""
    outer = (_BUDGET.limits, _BUDGET.deadline, _BUDGET.iterations)
    _BUDGET.limits, _BUDGET.deadline, _BUDGET.iterations = limits, _clock() + limits.max_seconds, 0
    try:
        pieces: list[str] = []
        size = 0
        for piece in template.generate(**context):
            size += len(piece)
            if size > limits.max_output:
                raise TemplateLimit(f"writes more than {limits.max_output:,} characters")
            pieces.append(piece)
        return "".join(pieces)
    except TemplateLimit as exc:
        raise TemplateLimitError(shown, str(exc), _template_line(exc, getattr(template, "filename", None))
                                 ) from None
    except (MemoryError, RecursionError) as exc:
        raise SelfserveError(f"{shown}: template needs too much memory or nests too deeply "
                             f"({type(exc).__name__}); simplify it") from None
    finally:
        _BUDGET.limits, _BUDGET.deadline, _BUDGET.iterations = outer
