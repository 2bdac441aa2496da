"""The kinds come in one order whatever was imported first: plans, and so the build's
warnings, follow it. Registered in import order, a process that imported the guide's
module before the others (the guide tests did) planned the guides first."""

from __future__ import annotations

import subprocess
import sys

import pytest

CODE = "import {first}; from generator.kinds import all_kinds; print(','.join(all_kinds()))"


@pytest.mark.parametrize("first", ["generator.kinds.guide", "generator.kinds.video", "generator.kinds.reply"])
def test_kind_order_does_not_depend_on_import_order(first):
    def order(module: str) -> str:
        return subprocess.run([sys.executable, "-c", CODE.format(first=module)], capture_output=True,
                              text=True, check=True).stdout.strip()

    plain = order("generator.kinds")
    assert plain.startswith("faq,") and "guide" in plain
    assert order(first) == plain
