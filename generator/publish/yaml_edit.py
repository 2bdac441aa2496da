"""Round-trip YAML for the commands that edit a user's files in place.

``import tickets`` (issues.yaml), ``import faqs --write`` and ``ids --write``
(selfserve.yaml) all change a few lines of a file someone wrote: ruamel keeps its
comments, quotes and order, and a wide line limit keeps a long summary someone wrote
on one line from being re-wrapped.
"""

from __future__ import annotations

from ruamel.yaml import YAML


def round_trip_yaml(*, config_indent: bool = False) -> YAML:
    """A ruamel ``YAML`` that keeps quotes and long lines; ``config_indent``: selfserve.yaml's
    list style (``- file:`` two spaces in, items four)."""
    y = YAML()  # round-trip
    y.preserve_quotes = True
    y.width = 4096
    if config_indent:
        y.indent(mapping=2, sequence=4, offset=2)
    return y
