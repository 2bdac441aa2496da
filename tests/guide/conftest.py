"""A small project for guide tests: Latin, Arabic, Hebrew and Japanese FAQs, Markdown of
every kind, answers that try to load the network or /etc/passwd, an issue with a step
image. Built once per module (a guide takes seconds, not milliseconds)."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from generator.load.project import load_project
from generator.publish.build import BuildOptions, BuildSummary, build

CONFIG = """\
brand:
  name: Tiny <Tea> & Co.
  website: tinytea.example/help
  logo: assets/logo.png
  colors: {primary: "#1F4E79", accent: "#F2B33D", background: "#F7F5F0", text: "#1B1B1B"}
locale: en
timezone: Europe/London
contact:
  channels:
    - {name: Live chat, address: tinytea.example/chat, reply_minutes: 5}
    - {name: Email, address: help@tinytea.example, reply_minutes: 240}
  hours:
    - {days: mon-fri, open: "09:00", close: "17:00"}
"""

FAQS = """\
faqs:
  - id: ship
    question: When does my tea ship?
    category: Orders
    link: https://tinytea.example/help/ship
    answer: |
      We pack on **weekdays**. You can:

      - track the parcel,
      - change the address,
      - or [ask us](mailto:help@tinytea.example).

      | Service | Days |
      | --- | --- |
      | Standard | 2-3 |
      | Express | 1 |

      ```
      ORDER-1234
      ```
  - id: pause
    question: How do I pause my tea club?
    category: Subscriptions
    link: https://tinytea.example/help/pause
    answer: You can pause any time.
    steps:
      - Open **Account → Club**.
      - Choose *Pause*.
  - id: refund-ar
    question: كيف أسترد أموالي؟
    category: Orders
    locale: ar
    link: https://tinytea.example/ar/refund
    answer: أرسل لنا رقم الطلب وسنعيد المبلغ خلال خمسة أيام.
  - id: refund-he
    question: איך מקבלים החזר כספי?
    category: Orders
    locale: he
    answer: שלחו לנו את מספר ההזמנה.
  - id: matcha-ja
    question: 抹茶の保存方法は？
    category: Tea
    locale: ja
    answer: 冷蔵庫で保存してください。
  - id: evil
    question: Is this answer safe to print?
    category: Tea
    answer: |
      Yes <script>alert(1)</script> and <img src="http://evil.example/x.png"> stay text.

      ![passwd](file:///etc/passwd) ![net](http://evil.example/y.png) ![up](../outside.png)

      [run](javascript:alert(1)) and ![ok](assets/step.png)
"""

ISSUES = """\
issues:
  - id: login-late
    title: Sign-in emails arrive late
    summary: Some providers hold our emails.
    status: workaround
    since: 2026-10-28
    tickets: 12
    link: https://tinytea.example/help/sign-in
    steps:
      - Check the spam folder.
      - {text: Add us to your contacts., image: assets/step.png}
      - Wait five minutes before asking again.
"""


def make_project(dest: Path, extra_config: str = "") -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "content").mkdir(exist_ok=True)
    (dest / "assets").mkdir(exist_ok=True)
    (dest / "selfserve.yaml").write_text(CONFIG + textwrap.dedent(extra_config), "utf-8")
    (dest / "content" / "faqs.yaml").write_text(FAQS, "utf-8")
    (dest / "content" / "issues.yaml").write_text(ISSUES, "utf-8")
    Image.new("RGB", (60, 60), "#1F4E79").save(dest / "assets" / "logo.png")
    Image.new("RGB", (80, 50), "#F2B33D").save(dest / "assets" / "step.png")
    Image.new("RGB", (10, 10), "#FF0000").save(dest.parent / "outside.png")
    return dest


@dataclass
class Built:
    root: Path
    pdf: Path
    summary: BuildSummary
    entry: dict

    def text(self) -> str:
        return subprocess.run(["pdftotext", "-enc", "UTF-8", str(self.pdf), "-"], check=True,
                              capture_output=True, text=True).stdout


def build_guides(root: Path, name: str = "guide") -> Built:
    summary = build(load_project(root), BuildOptions(out=root / "output", kinds=("guide",)))
    manifest = json.loads((root / "output" / "manifest.json").read_text("utf-8"))
    entry = next(e for e in manifest["assets"] if e["path"] == f"guides/{name}.pdf")
    return Built(root, root / "output" / "guides" / f"{name}.pdf", summary, entry)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Built:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    root = make_project(tmp_path_factory.mktemp("guide") / "proj")
    return build_guides(root)
