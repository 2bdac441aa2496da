"""WeasyPrint's only door to files: inside the project folder, never the network.

In: every URL WeasyPrint wants (images, stylesheets, fonts named by templates).
Out: the bytes of a file inside the project (symlinks and ``..`` resolved first),
``data:`` URLs decoded, or a refusal that WeasyPrint turns into a missing resource
while the guide goes on. Refusals are recorded so the renderer can report them.

Content URLs are already checked with their FAQ's location in :mod:`.markup`; this is
the second wall, for templates a project overrides and for anything the first one
missed (an SVG that references the network, say).
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeAlias
from urllib.parse import unquote, urlsplit

from generator.render.pdfengine import weasyprint

URLFetcher: TypeAlias = weasyprint.urls.URLFetcher
URLFetcherResponse: TypeAlias = weasyprint.urls.URLFetcherResponse


class ConfinedFetcher(URLFetcher):
    """Serves ``file:`` URLs under ``root`` (and the built-in template folder) and
    ``data:`` URLs; refuses everything else."""

    def __init__(self, root: Path, also: tuple[Path, ...] = ()) -> None:
        super().__init__(timeout=1, allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = tuple(p.resolve() for p in (root, *also))
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:  # noqa: ANN001 - WeasyPrint API
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return self._refuse(url, "a file on another host")
            path = Path(unquote(parts.path)).resolve()
            if any(path == r or r in path.parents for r in self.roots) and path.is_file():
                return URLFetcherResponse(url, path.read_bytes(), {})
            return self._refuse(url, "outside the project folder or missing")
        return self._refuse(url, "guides never load from the network")

    def _refuse(self, url: str, why: str) -> URLFetcherResponse:
        shown = url if len(url) <= 80 else url[:77] + "..."
        self.refused.append(f"'{shown}' refused: {why}")
        raise ValueError(f"refused by selfserve: {why}")
