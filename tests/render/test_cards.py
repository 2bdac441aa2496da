"""FAQ cards in every script the design issue names, measured on what was drawn."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.kinds.faq import plan_faq_cards
from generator.load.platforms import PRESETS, resolve_presets
from generator.load.project import load_project
from generator.plan.jobs import PlanInput, RenderContext
from generator.render.card import draw_card
from generator.render.text.coverage import missing_chars

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "generator" / "data" / "starter"

SCRIPTS = {
    "arabic": ("ar", "كيف أعيد تعيين كلمة المرور؟", "افتح صفحة تسجيل الدخول واختر نسيت كلمة المرور خلال 30 دقيقة."),
    "hebrew": ("he", "איך מאפסים את הסיסמה?", "פתחו את דף הכניסה ובחרו שכחתי סיסמה. הקישור תקף 30 דקות."),
    "chinese": ("zh-CN", "如何更改我的送货地址？", "在订单发货之前，您可以随时更改地址。打开“我的订单”，然后点击“更改地址”。"),
    "japanese": ("ja", "配送先住所を変更するには？", "発送前であれば、いつでも住所を変更できます。「注文履歴」を開き、「住所を変更」を押してください。"),
    "korean": ("ko", "배송 주소를 변경하려면 어떻게 하나요?", "주문이 발송되기 전이라면 언제든지 주소를 변경할 수 있습니다."),
    "thai": ("th", "ฉันจะเปลี่ยนที่อยู่จัดส่งได้อย่างไร", "คุณสามารถเปลี่ยนที่อยู่ได้ตลอดเวลาก่อนที่คำสั่งซื้อจะถูกจัดส่ง"),
    "greek": ("el", "Πώς αλλάζω τη διεύθυνση παράδοσης;", "Μπορείτε να αλλάξετε τη διεύθυνση πριν αποσταλεί η παραγγελία."),
    "cyrillic": ("ru", "Как изменить адрес доставки?", "Вы можете изменить адрес в любое время до отправки заказа."),
    "emoji": ("en", "Where is my parcel? 📦", "Track it from the email we sent 🚚 — most arrive in 2 days 🎉"),
}


def _project(tmp_path: Path, faqs_yaml: str) -> Path:
    dest = tmp_path / "proj"
    shutil.copytree(STARTER, dest)
    (dest / "content" / "faqs.yaml").write_text(faqs_yaml, encoding="utf-8")
    return dest


def _render(root: Path, platform: str):
    project = load_project(root)
    presets = resolve_presets(project.config.presets)
    jobs = plan_faq_cards(PlanInput(project, presets, (presets[platform],)))
    ctx = RenderContext(project.root, project.config, presets, project)
    return [(job, draw_card(job, ctx, {f: getattr(job.payload, f) for f in (
        "question", "answer", "category", "link", "steps", "locale", "tags")})) for job in jobs]


def _faq(locale: str, q: str, a: str) -> str:
    return (f"faqs:\n  - question: \"{q}\"\n    answer: \"{a}\"\n    category: Help\n"
            f"    locale: {locale}\n")


@pytest.mark.parametrize("script", sorted(SCRIPTS))
@pytest.mark.parametrize("platform", ["instagram-portrait", "x"])
def test_script_draws_inside_safe_zone_with_every_glyph(tmp_path: Path, script: str, platform: str) -> None:
    locale, q, a = SCRIPTS[script]
    root = _project(tmp_path, _faq(locale, q, a))
    [(job, card)] = _render(root, platform)
    preset = PRESETS[platform]
    sl, st, sr, sb = preset.safe_box
    assert card.image.size == (preset.width, preset.height)
    drawn = {t.layer: t for t in card.texts}
    assert {"question", "answer"} <= set(drawn)
    for t in card.texts:
        assert not t.missing, (script, t.layer, t.missing)
        assert not t.truncated, (script, t.layer)
        il, it, ir, ib = t.ink
        assert sl <= il and st <= it and ir <= sr and ib <= sb, (t.layer, t.ink, preset.safe_box)
        need = 3.0 if t.size >= 0.06 * preset.width else 4.5
        assert t.contrast >= need, (t.layer, t.contrast)
    # Every character drawn is mapped by a font of the chain (fontTools cmap).
    text = "".join(drawn["question"].texts + drawn["answer"].texts)
    assert missing_chars(text, "Noto Sans", 400, locale) == frozenset()


@pytest.mark.parametrize("script", ["arabic", "hebrew"])
def test_rtl_text_is_right_aligned(tmp_path: Path, script: str) -> None:
    locale, q, a = SCRIPTS[script]
    root = _project(tmp_path, _faq(locale, q, "قصير" if script == "arabic" else "קצר"))
    [(job, card)] = _render(root, "instagram-portrait")
    answer = next(t for t in card.texts if t.layer == "answer")
    bl, _, br, _ = answer.box
    il, _, ir, _ = answer.ink
    assert br - ir < 0.02 * (br - bl), "ink should end at the right edge"
    assert il - bl > 0.5 * (br - bl), "a short RTL line leaves the left side empty"


def test_emoji_is_drawn_in_colour(tmp_path: Path) -> None:
    locale, q, a = SCRIPTS["emoji"]
    root = _project(tmp_path, _faq(locale, q, a))
    [(job, card)] = _render(root, "instagram-portrait")
    t = next(t for t in card.texts if t.layer == "question")
    import numpy as np

    px = np.asarray(card.image.crop(t.ink).convert("RGB")).reshape(-1, 3).astype(int)
    # The brand blue text is saturated too; emoji add warm colours (red well above blue).
    assert ((px[:, 0] > 150) & (px[:, 0] - px[:, 2] > 60)).any()


def test_template_syntax_in_content_is_drawn_literally(tmp_path: Path) -> None:
    root = _project(tmp_path, 'faqs:\n  - question: "What is {{ 7*7 }}?"\n'
                              '    answer: "<script>alert(1)</script> {% if true %}x{% endif %}"\n')
    [(job, card)] = _render(root, "x")
    drawn = {t.layer: " ".join(t.texts) for t in card.texts}
    assert "{{ 7*7 }}" in drawn["question"] and "49" not in drawn["question"]
    # Raw HTML is read, never drawn as markup nor run: a script tag goes with its code.
    assert "<script>" not in drawn["answer"] and "alert" not in drawn["answer"]
    assert "{% if true %}x{% endif %}" in drawn["answer"]
    assert "{% if true %}" in drawn["answer"]


@pytest.mark.parametrize("platform", ["instagram-portrait", "x", "instagram-story", "instagram-square"])
@pytest.mark.parametrize("design", ["notice", "notice-alert", "tip", "steps", "steps-cards", "faq",
                                    "faq-question", "faq-chat"])
def test_every_builtin_design_fits_and_passes_contrast(tmp_path: Path, design: str, platform: str) -> None:
    from generator.plan.jobs import RenderJob

    root = _project(tmp_path, _faq("en", "How do I pause?", "Open **Account** and choose *Pause*."))
    project = load_project(root)
    presets = resolve_presets({})
    ctx = RenderContext(project.root, project.config, presets, project)
    item = {"question": "How do I pause my subscription?", "answer": "Open **Account** and choose *Pause*.",
            "category": "Subscriptions", "link": "https://example.com/pause", "locale": "en",
            "steps": ["Open Account.", "Choose Pause.", "Confirm."], "title": "Sign-in emails arrive late",
            "summary": "Some providers delay our links by **15 minutes**.", "status": "investigating",
            "icon": "refresh-cw"}
    job = RenderJob(design, "x", platform, "x.png", "png", "k", None, None, design=design)
    card = draw_card(job, ctx, item)
    preset = PRESETS[platform]
    sl, st, sr, sb = preset.safe_box
    assert card.texts
    for t in card.texts:
        assert not t.truncated and not t.missing, (design, t.layer)
        il, it, ir, ib = t.ink
        assert sl <= il and st <= it and ir <= sr and ib <= sb, (design, t.layer)
        need = 3.0 if t.size >= 0.06 * preset.width else 4.5
        assert t.contrast >= need, (design, t.layer, t.contrast)
