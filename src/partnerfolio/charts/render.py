"""Server-side rendering with vl-convert, and the SVG made safe to inline many times a page.

A spec renders once per process: the finished SVG is cached under the spec's canonical
JSON, so a page shown again costs a dictionary look-up. Behind that per-process cache an
optional shared store (`use_store(django.core.cache.cache)`, say) lets every worker and a
restarted server reuse what one of them rendered. vl-convert starts its JavaScript
runtime on the first call (about half a second); `warm_up()` pays that at server start.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, Protocol

import vl_convert as vlc

Kind = Literal["vega-lite", "vega"]

CACHE_SIZE = 256  # finished SVGs kept per process (a few KB to some tens of KB each)

# Relative links (a partnership's page) go through vl-convert as absolute URLs on this
# reserved origin, which the loader leaves alone, and come back relative.
LINK_ORIGIN = "https://link.partnerfolio.invalid"

# Bump when finish_svg changes what it makes, so a shared store holds no stale SVG.
FORMAT = 1

_lock = threading.Lock()  # one conversion at a time: vl-convert runs one JavaScript runtime


class Store(Protocol):
    """What a shared cache needs: Django's cache framework has it."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> Any: ...


_store: Store | None = None


def use_store(store: Store | None) -> None:
    """Share rendered charts through `store` (get/set, like Django's cache); None stops."""
    global _store
    _store = store


@dataclass(frozen=True, slots=True)
class Rendered:
    svg: str
    width: int
    height: int
    token: str


def canonical_json(spec: dict[str, Any]) -> str:
    """The spec as sorted, compact JSON: equal specs give equal strings."""
    return json.dumps(spec, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def token_for(canonical: str) -> str:
    """A short per-chart token (a hash of the spec) to prefix the SVG's element ids."""
    return "pf" + hashlib.sha256(canonical.encode()).hexdigest()[:10]


def render(spec: dict[str, Any], kind: Kind, label: str) -> Rendered:
    """Render a spec to finished SVG, from the cache when it was rendered before."""
    return _render_cached(kind, canonical_json(spec), label)


@lru_cache(maxsize=CACHE_SIZE)
def _render_cached(kind: Kind, canonical: str, label: str) -> Rendered:
    store, key = _store, _store_key(kind, canonical, label)
    if store is not None:
        found = _from_store(store, key)
        if found is not None:
            return found
    with _lock:
        if kind == "vega":
            raw = vlc.vega_to_svg(canonical, allowed_base_urls=[])
        else:
            raw = vlc.vegalite_to_svg(canonical, allowed_base_urls=[])
    token = token_for(canonical)
    svg = finish_svg(raw, token, label)
    width, height = natural_size(svg)
    rendered = Rendered(svg, width, height, token)
    if store is not None:
        # a shared cache that is down costs a render, never a page
        with contextlib.suppress(Exception):
            store.set(key, (rendered.svg, rendered.width, rendered.height, rendered.token))
    return rendered


def _store_key(kind: str, canonical: str, label: str) -> str:
    digest = hashlib.sha256(f"{kind}\n{label}\n{canonical}".encode()).hexdigest()
    return f"pfchart:{FORMAT}:{getattr(vlc, '__version__', '')}:{digest}"


def _from_store(store: Store, key: str) -> Rendered | None:
    try:
        value = store.get(key)
    except Exception:  # as above: fall back to rendering
        return None
    if not (isinstance(value, tuple | list) and len(value) == 4):
        return None
    svg, width, height, token = value
    return Rendered(str(svg), int(width), int(height), str(token))


def cache_clear() -> None:
    _render_cached.cache_clear()


def cache_info() -> Any:
    return _render_cached.cache_info()


_WARM_SPEC: dict[str, Any] = {
    "data": {"values": [{"x": 0}]},
    "mark": "point",
    "encoding": {"x": {"field": "x", "type": "quantitative"}},
}


def warm_up() -> None:
    """Start vl-convert's runtime and load Vega-Lite, so the first page is not slow."""
    with _lock:
        vlc.vegalite_to_svg(_WARM_SPEC, allowed_base_urls=[])


def safe_link(url: str | None) -> str | None:
    """The link a chart mark may carry: same-site paths only ("/partnerships/7/"), else None.

    The path comes back as an absolute URL on LINK_ORIGIN, which vl-convert leaves
    alone; `finish_svg` turns it back into the path and drops every other link.
    """
    if not url:
        return None
    url = url.strip()
    if not url.startswith("/") or url.startswith("//") or re.search(r"[\\\s\x00-\x1f]", url):
        return None
    return LINK_ORIGIN + url


# --- finishing the SVG -------------------------------------------------------------------

_ROOT = re.compile(r"<svg\b([^>]*)>")
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
_SCRIPT = re.compile(r"<script\b.*?(?:</script\s*>|/>)", re.IGNORECASE | re.DOTALL)
_FOREIGN = re.compile(r"<foreignObject\b.*?</foreignObject\s*>", re.IGNORECASE | re.DOTALL)
_HANDLER = re.compile(r"""\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*')""", re.IGNORECASE)
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(
    r"""(?P<id>\bid=")(?P<a>[^"]+)"|(?P<url>url\(\s*['"]?#)(?P<b>[^)'"\s]+)|(?P<href>\bhref="#)(?P<c>[^"]+)\""""
)
_LINK = re.compile(r'(\s(?:xlink:)?href=")(?!#)([^"]*)"')
_ANCHOR_OPEN = re.compile(r"<a\b(?![^>]*tabindex)")
# A mark with an accessible description gets it as a native hover tooltip too.
_DESCRIBED = re.compile(r'<(path|line)\b([^>]*?\baria-label="([^"]*)"[^>]*?)\s*/>')


def finish_svg(raw: str, token: str, label: str) -> str:
    """Make vl-convert's SVG safe and embeddable inline several times on one page.

    No scripts, foreign objects or event handlers; links only to same-site paths or
    http(s); every element id prefixed with the chart's token and every `url(#…)` and
    `href="#…"` rewritten to match; the root keeps its viewBox, drops its fixed size and
    becomes an image labelled with the chart's title.
    """
    svg = _SCRIPT.sub("", raw)
    svg = _FOREIGN.sub("", svg)
    svg = _HANDLER.sub("", svg)
    svg = _LINK.sub(_clean_link, svg)
    svg = _ANCHOR_OPEN.sub('<a tabindex="-1"', svg)  # the table under the chart is the way in
    ids = set(_ID.findall(svg))
    svg = _REFERENCE.sub(lambda m: _prefixed(m, token, ids), svg)
    svg = _DESCRIBED.sub(r"<\1\2><title>\3</title></\1>", svg)
    return _ROOT.sub(lambda m: _root(m.group(1), label), svg, count=1)


def _clean_link(match: re.Match[str]) -> str:
    url = html.unescape(match.group(2))
    if not url.startswith(LINK_ORIGIN + "/") or safe_link(url[len(LINK_ORIGIN) :]) is None:
        return ""  # not ours: vl-convert's own base for a mark without a link, or worse
    return f'{match.group(1)}{html.escape(url[len(LINK_ORIGIN) :], quote=True)}"'


def _prefixed(match: re.Match[str], token: str, ids: set[str]) -> str:
    if match.group("id"):
        return f'{match.group("id")}{token}-{match.group("a")}"'
    if match.group("url"):
        target = match.group("b")
        if target not in ids:
            return match.group(0)
        return f"{match.group('url')}{token}-{target}"
    target = match.group("c")
    if target not in ids:
        return match.group(0)
    return f'{match.group("href")}{token}-{target}"'


def _root(attributes: str, label: str) -> str:
    attrs = dict(_ATTR.findall(attributes))
    width = attrs.pop("width", None)
    height = attrs.pop("height", None)
    if "viewBox" not in attrs and width and height:
        attrs["viewBox"] = f"0 0 {width} {height}"
    attrs["class"] = "pf-chart"
    attrs["role"] = "img"
    attrs["aria-label"] = html.escape(label, quote=True)
    attrs["preserveAspectRatio"] = "xMidYMid meet"
    return "<svg " + " ".join(f'{k}="{v}"' for k, v in attrs.items()) + ">"


def natural_size(svg: str) -> tuple[int, int]:
    """Width and height (px) of the viewBox of a finished SVG."""
    match = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    if match is None:
        return (0, 0)
    return (round(float(match.group(1))), round(float(match.group(2))))
