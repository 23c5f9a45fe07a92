"""Small helpers that turn graph values into what a reader expects to see."""

from __future__ import annotations

from decimal import Decimal

from kg.graph.namespaces import BASE, ID


def local_path(iri: str) -> str:
    """Our entity IRIs are served at the same path on this server: https://w3id.org/jinjiang-kg/id/x → /id/x."""
    return "/" + iri[len(BASE):] if iri.startswith(str(ID)) else iri


def number(value: Decimal | None, unit_zh: str = "") -> str:
    """A value as a Chinese reader writes it: 750000 元 → 75万元, 350000000000 元 → 3500亿元, 6 % → 6%."""
    if value is None:
        return ""
    v = value
    suffix = ""
    if unit_zh in ("元",) or abs(v) >= 100_000:
        for size, word in ((Decimal(100_000_000), "亿"), (Decimal(10_000), "万")):
            if abs(v) >= size and (v / size) == (v / size).quantize(Decimal("0.01")):
                v, suffix = v / size, word
                break
    text = format(v.normalize(), "f")
    unit = "%" if unit_zh == "百分比" else unit_zh
    return f"{text}{suffix}{unit}"


def signed(value: Decimal | None, unit_zh: str = "") -> str:
    if value is None:
        return ""
    text = number(abs(value), "个百分点" if unit_zh == "百分比" else unit_zh)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text
