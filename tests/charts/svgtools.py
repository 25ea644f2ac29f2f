"""Reading the charts' SVG in tests: marks, labels, ids and the references to them."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def marks(svg: str, role: str) -> int:
    """How many mark items Vega described with this aria role ("point", "bar", …)."""
    return sum(
        1
        for el in parse(svg).iter()
        if el.tag != SVG + "g" and el.get("aria-roledescription") == role
    )


def group_texts(svg: str, name: str) -> list[str]:
    """The texts of the mark named `name` (a class on its group), tspans joined by spaces."""
    found = []
    for group in parse(svg).iter(SVG + "g"):
        if name in (group.get("class") or "").split():
            for text in group.iter(SVG + "text"):
                found.append(" ".join(t.strip() for t in text.itertext() if t.strip()))
    return found


def group_items(svg: str, name: str, tag: str = "path") -> int:
    return sum(
        len(list(group.iter(SVG + tag)))
        for group in parse(svg).iter(SVG + "g")
        if name in (group.get("class") or "").split()
    )


def ids(svg: str) -> list[str]:
    return re.findall(r'\bid="([^"]+)"', svg)


def references(svg: str) -> list[str]:
    """Every id the SVG points at: url(#…) and href="#…"."""
    return re.findall(r"url\(\s*['\"]?#([^)'\"\s]+)", svg) + re.findall(r'href="#([^"]+)"', svg)


def root(svg: str) -> dict[str, str]:
    return dict(parse(svg).attrib)
