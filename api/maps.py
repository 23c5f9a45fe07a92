"""A small map of a place drawn from coordinates only: inline SVG, no tiles, nothing fetched, so it works offline.

The place is a red dot with its name (the map is a labelled group, its dots links: role "img" may not hold links); the other places of its county are grey dots, each a link to its page and
named in its tooltip. Longitude is scaled by the cosine of the latitude (an equirectangular view), which is
near enough for a county."""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from kg.views.geography import Surroundings

from .links import page_url

WIDTH, PAD = 320, 16


def coordinates_text(lat: float, lon: float, lang: str) -> str:
    ns, ew = ("北纬" if lat >= 0 else "南纬"), ("东经" if lon >= 0 else "西经")
    if lang == "en":
        return f"{abs(lat):.4f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.4f}° {'E' if lon >= 0 else 'W'}"
    return f"{ns} {abs(lat):.4f}°，{ew} {abs(lon):.4f}°"


def place_map(s: Surroundings, prefer) -> Markup:
    points = [s.here, *s.around]
    lats, lons = [p.lat for p in points], [p.lon for p in points]
    scale_x = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * scale_x, 0.02)
    span_y = max(max(lats) - min(lats), 0.02)
    k = (WIDTH - 2 * PAD) / max(span_x, span_y)
    height = int(span_y * k + 2 * PAD)
    cx, cy = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2

    def xy(p) -> tuple[float, float]:
        return WIDTH / 2 + (p.lon - cx) * scale_x * k, height / 2 - (p.lat - cy) * k

    name = s.here.ref.label(prefer)
    area = s.area.label(prefer)
    label = (f"{name}在{area}的位置" if prefer[0] == "zh" else f"Where {name} lies in {area}")
    parts = [f'<svg class="place-map" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
             f'width="{WIDTH}" height="{height}" role="group" aria-label="{escape(label)}">',
             f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1}" fill="#f4f2ee" stroke="#d9d9de"/>']
    for p in s.around:
        x, y = xy(p)
        parts.append(f'<a href="{escape(page_url(p.ref.iri))}" aria-label="{escape(p.ref.label(prefer))}"><circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" '
                     f'fill="#5f6368"><title>{escape(p.ref.label(prefer))}</title></circle></a>')
    x, y = xy(s.here)
    anchor = "end" if x > WIDTH * 0.6 else "start"
    dx = -9 if anchor == "end" else 9
    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#a4262c" stroke="#fff" stroke-width="2" '
                 f'aria-hidden="true"/>')
    parts.append(f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" font-size="13" fill="#1d1d1f">'
                 f'{escape(name)}</text></svg>')
    return Markup("".join(parts))
