"""Icons: names from the Lucide set, the icon a category's words suggest, and pixels.

A leaf every stage may use. The loader checks names (``icon: truck``) against the set,
the renderers ask :func:`icon_image` for an RGBA image of one icon at a pixel size in
one colour. The SVGs come from the ``lucide`` package (Lucide, ISC licence: 1,700
line icons drawn on one 24 px grid, so every icon on a card has the same stroke) and
are rasterised by ``resvg-py`` (resvg in a wheel: no system Cairo, no network).

Names are Lucide's (``credit-card``, ``message-circle``) plus a few short aliases that
read better in a config (``chat``, ``email``, ``social``). When a FAQ or category names
no icon, :func:`icon_for_words` picks one from the category's words: first a table of
support topics in several languages, then a Lucide name equal to one of the words
(``coffee``, ``gift``), else ``circle-question-mark``. The choice depends only on the words, so
it is the same on every build.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import zipfile

    from PIL import Image

#: Short names a config may use for the icons every support team needs.
ALIASES: dict[str, str] = {
    "chat": "message-circle",
    "email": "mail",
    "e-mail": "mail",
    "phone": "phone",
    "social": "at-sign",
    "web": "globe",
    "forum": "messages-square",
    "help": "circle-question-mark",
    "hours": "clock",
    "warning": "triangle-alert",
    "fixed": "circle-check",
}

#: The icon of a category that names none: the first word found wins. Words are matched
#: whole, lower-cased, accents kept ("livraison", "envío"), so a German or French
#: category gets its icon without a translation table of its own.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("truck", ("shipping", "delivery", "deliveries", "dispatch", "tracking", "courier",
               "versand", "lieferung", "livraison", "envío", "envio", "entrega", "配送")),
    ("undo-2", ("returns", "return", "refund", "refunds", "exchange", "exchanges",
                "rücksendung", "retoure", "erstattung", "retour", "retours", "remboursement",
                "devolución", "devoluciones", "reembolso", "返品")),
    ("credit-card", ("billing", "payment", "payments", "invoice", "invoices", "card", "price",
                     "prices", "pricing", "checkout", "zahlung", "rechnung", "paiement",
                     "facture", "pago", "factura", "pagamento", "支払い", "الدفع", "الفواتير")),
    ("refresh-cw", ("subscription", "subscriptions", "plan", "plans", "renewal", "abo",
                    "abonnement", "suscripción", "assinatura", "定期便", "الاشتراك")),
    ("package", ("order", "orders", "product", "products", "stock", "bestellung", "commande",
                 "pedido", "pedidos", "注文", "الطلبات")),
    ("user-round", ("account", "accounts", "profile", "login", "sign", "konto", "compte",
                    "cuenta", "conta", "アカウント", "الحساب")),
    ("key-round", ("password", "passwords", "passwort", "mot", "contraseña", "senha")),
    ("shield-check", ("security", "privacy", "gdpr", "datenschutz", "sicherheit", "sécurité",
                      "confidentialité", "seguridad", "privacidad", "الخصوصية")),
    ("wrench", ("technical", "troubleshooting", "bug", "bugs", "error", "errors", "setup",
                "installation", "install", "technik", "fehler", "technique", "técnico")),
    ("smartphone", ("app", "apps", "mobile", "ios", "android")),
    ("wifi", ("connection", "connectivity", "network", "internet", "wifi")),
    ("coffee", ("coffee", "brewing", "beans", "kaffee", "café", "قهوة")),
    ("gift", ("gift", "gifts", "voucher", "vouchers", "geschenk", "gutschein", "cadeau",
              "regalo")),
    ("calendar", ("booking", "bookings", "appointment", "appointments", "reservation",
                  "termin", "rendez-vous", "cita", "reserva")),
    ("graduation-cap", ("course", "courses", "training", "learning", "students")),
    ("heart-pulse", ("health", "medical", "patients", "gesundheit", "santé", "salud")),
    ("store", ("store", "stores", "shop", "shops", "filiale", "magasin", "tienda", "loja")),
    ("leaf", ("sustainability", "environment", "packaging", "nachhaltigkeit")),
    # contact channels ("Live chat", "Email", "Phone", "Instagram DMs")
    ("message-circle", ("chat", "livechat", "messenger", "whatsapp", "dm", "dms", "sms")),
    ("mail", ("email", "mail", "courriel", "correo")),
    ("phone", ("phone", "call", "telephone", "telefon", "téléphone", "teléfono", "hotline")),
    ("at-sign", ("instagram", "facebook", "twitter", "social", "threads", "bluesky")),
    ("message-circle", ("contact", "support", "help", "kontakt", "hilfe", "aide", "ayuda")),
)

FALLBACK = "circle-question-mark"


@lru_cache(maxsize=1)
def _archive() -> zipfile.ZipFile:
    """Lucide's zip, read into memory once: its directory is parsed once, and a forked
    worker reads its own copy (a shared file offset would let two workers' reads mix)."""
    import io
    import zipfile  # with shutil, bz2 and lzma: not for commands that draw no icon
    from importlib.util import find_spec

    # The package's folder, not the package: importing lucide loads ElementTree (6 ms of
    # validate) for an API selfserve does not use.
    spec = find_spec("lucide")
    folders = list(spec.submodule_search_locations or []) if spec else []
    if not folders:
        raise ModuleNotFoundError("lucide is not installed; run: sh .ci/install")
    data = (Path(folders[0]) / "lucide.zip").read_bytes()
    return zipfile.ZipFile(io.BytesIO(data))


@lru_cache(maxsize=1)
def _svgs() -> frozenset[str]:
    """Every icon's name, from the zip's directory (its 1,700 files are not read: reading
    them all cost ``validate`` 0.1 s)."""
    return frozenset(n[:-4] for n in _archive().namelist() if n.endswith(".svg"))


@lru_cache(maxsize=256)
def _svg(name: str) -> bytes:
    """One icon's SVG bytes (a Lucide name from :func:`_svgs`)."""
    return _archive().read(f"{name}.svg")


def icon_names() -> frozenset[str]:
    """Every name ``icon:`` accepts (Lucide's and the aliases)."""
    return frozenset(_svgs()) | frozenset(ALIASES)


def resolve(name: str) -> str | None:
    """The Lucide name for ``name`` (an alias or a Lucide name), or None."""
    key = name.strip().lower()
    key = ALIASES.get(key, key)
    return key if key in _svgs() else None


def suggestion(name: str) -> str:
    """``; did you mean 'credit-card'?`` for a mistyped name ('' when nothing is close)."""
    close = difflib.get_close_matches(name.strip().lower(), sorted(icon_names()), n=1, cutoff=0.7)
    return f"; did you mean '{close[0]}'?" if close else ""


def _is_cjk(word: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" for ch in word)


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text).lower()
    return [w for w in re.split(r"[\W_]+", text) if w]


@lru_cache(maxsize=512)
def icon_for_words(text: str) -> str:
    """The icon the words of a category (or an issue title) suggest; ``circle-question-mark``
    when none does. CJK text has no spaces, so its topic words are matched inside it."""
    words = _words(text)
    lowered = text.lower()
    for icon, keys in TOPICS:
        for key in keys:
            if key in words or (_is_cjk(key) and key in lowered):
                return icon
    svgs = _svgs()
    for w in words:
        if w in svgs:
            return w
    return FALLBACK


@lru_cache(maxsize=256)
def icon_image(name: str, size: int, color: tuple[int, int, int, int]) -> Image.Image:
    """The icon ``name`` (alias or Lucide name) as an RGBA image ``size`` px square, its
    strokes in ``color``. Unknown names raise KeyError (the loader reports them first)."""

    import io

    import resvg_py
    from PIL import Image

    lucide = resolve(name)
    if lucide is None:
        raise KeyError(name)
    hexcolor = "#{:02X}{:02X}{:02X}".format(*color[:3])
    svg = _svg(lucide).decode("utf-8").replace("currentColor", hexcolor)
    png = resvg_py.svg_to_bytes(svg_string=svg, width=size, height=size, skip_system_fonts=True)
    img = Image.open(io.BytesIO(bytes(png))).convert("RGBA")
    if img.size != (size, size):
        img = img.resize((size, size), Image.Resampling.LANCZOS)
    if color[3] < 255:
        alpha = img.getchannel("A").point(lambda a: a * color[3] // 255)
        img.putalpha(alpha)
    return img
