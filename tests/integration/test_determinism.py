"""The same inputs give byte-identical files, whatever the process around them.

Two builds of one project holding every script selfserve lays out (Latin with German
letters, Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai, Japanese, Chinese, Korean)
plus colour emoji, every kind (FAQ cards, carousels and their LinkedIn document PDFs,
notices, charts, infographics, hours cards, banners, the PDF guide, captions, the
manifest, the gallery), in separate processes that differ in everything that must not
matter: PYTHONHASHSEED, TZ, LANG and --jobs. Every file's bytes must agree.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"

SCRIPTS = [
    ("en", "Where is my parcel? 📦", "Track it under **Orders**: the link in your e-mail opens "
                                     "the carrier's page 🚚. Still lost after 5 days? Write to us ✅."),
    ("de", "Wie ändere ich die Größe meiner Bestellung?", "Öffnen Sie **Bestellungen** und wählen "
                                                          "Sie *Größe ändern*. Das geht bis zum Versand."),
    ("ru", "Как вернуть товар?", "Откройте **Заказы**, выберите товар и нажмите «Вернуть». 👍"),
    ("el", "Πώς αλλάζω τη διεύθυνση;", "Ανοίξτε τις **Παραγγελίες** και επιλέξτε *Αλλαγή διεύθυνσης*."),
    ("ar", "كيف أغير كلمة المرور؟", "افتح **تسجيل الدخول** واختر *نسيت كلمة المرور*. الرابط صالح 30 دقيقة. 🔑"),
    ("he", "איך מבטלים מנוי?", "פתחו את **החשבון**, בחרו *מנוי* ולחצו על ביטול."),
    ("hi", "मैं अपना ऑर्डर कैसे रद्द करूँ?", "**ऑर्डर** खोलें और *रद्द करें* चुनें। पैसे 5 दिनों में लौटेंगे।"),
    ("th", "ฉันจะติดตามพัสดุได้อย่างไร", "เปิด **คำสั่งซื้อ** แล้วกด *ติดตามพัสดุ* ลิงก์จะเปิดหน้าของขนส่ง"),
    ("ja", "注文をキャンセルするにはどうすればよいですか？", "**注文履歴**を開き、*キャンセル*を押してください。🙏"),
    ("zh", "如何修改收货地址？", "打开**我的订单**，选择订单并点击*修改地址*。发货前都可以修改。"),
    ("ko", "배송은 얼마나 걸리나요?", "대부분 **2~3일** 안에 도착합니다. 배송이 시작되면 이메일로 알려 드립니다. 🎉"),
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("det") / "proj"
    shutil.copytree(STARTER, root)
    faqs = yaml.safe_load((root / "content" / "faqs.yaml").read_text(encoding="utf-8"))
    for n, (lang, question, answer) in enumerate(SCRIPTS):
        faqs["faqs"].append({"id": f"script-{lang}", "question": question, "answer": answer,
                             "locale": lang, "category": "Scripts" if n % 2 else "Orders"})
    (root / "content" / "faqs.yaml").write_text(yaml.safe_dump(faqs, allow_unicode=True), encoding="utf-8")
    issues = yaml.safe_load((root / "content" / "issues.yaml").read_text(encoding="utf-8"))
    issues["issues"][0]["steps"].append("Still nothing? Tap 🔁 to send a new link, or write to "
                                        "help@example.com ✉️")
    (root / "content" / "issues.yaml").write_text(yaml.safe_dump(issues, allow_unicode=True),
                                                  encoding="utf-8")
    cfg = (root / "selfserve.yaml").read_text(encoding="utf-8")
    cfg = cfg.replace("# platforms: [instagram-square, x, linkedin]",
                      "platforms: [x, instagram-story, linkedin-document]")
    assert "platforms: [x, instagram-story" in cfg
    (root / "selfserve.yaml").write_text(cfg, encoding="utf-8")
    return root


def _build(project: Path, out: Path, seed: str, tz: str, lang: str, jobs: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": tz, "LANG": lang, "LC_ALL": lang}
    env.pop("SOURCE_DATE_EPOCH", None)
    proc = subprocess.run([sys.executable, "-m", "generator", "-q", "build", "--project", str(project),
                           "--out", str(out), "--jobs", jobs],
                          capture_output=True, text=True, timeout=600, env=env, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    return {str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and p.name != ".selfserve.lock"
            # .selfserve/ is bookkeeping (stat signatures hold inodes and mtimes), not output
            and p.relative_to(out).parts[0] != ".selfserve"}


@pytest.mark.slow
@pytest.mark.integration
def test_two_builds_in_different_processes_give_identical_bytes(project: Path, tmp_path: Path) -> None:
    first = _build(project, tmp_path / "a", "1", "UTC", "C.UTF-8", "1")
    second = _build(project, tmp_path / "b", "4242", "Pacific/Auckland", "de_DE.UTF-8", "2")
    kinds = {path.split("/")[1] for path in first if path.count("/") >= 2}
    # Every kind made it into the comparison, PDFs with emoji and mixed scripts included.
    assert {"faq", "carousel", "hours"} <= kinds, sorted(kinds)
    assert any(p.endswith(".pdf") and p.startswith("guides/") for p in first), sorted(first)
    assert any(p.startswith("linkedin-document/") and p.endswith(".pdf") for p in first)
    assert any(p.startswith("charts/") for p in first) and "manifest.json" in first
    assert set(first) == set(second), set(first) ^ set(second)
    differ = sorted(p for p in first if first[p] != second[p])
    assert differ == [], differ


def test_source_date_epoch_is_kept_when_given_and_refused_when_not_a_number(monkeypatch) -> None:
    from generator.environment import FIXED_EPOCH, fix_timestamps
    from generator.errors import SelfserveError

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    fix_timestamps()
    assert os.environ["SOURCE_DATE_EPOCH"] == str(FIXED_EPOCH)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    fix_timestamps()
    assert os.environ["SOURCE_DATE_EPOCH"] == "1700000000"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(SelfserveError, match="SOURCE_DATE_EPOCH is 'yesterday': it must be a whole"):
        fix_timestamps()
