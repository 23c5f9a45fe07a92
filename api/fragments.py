"""HTML pieces an entity page repeats for every term and value, written in Python rather than as Jinja macros: a
macro call costs ~20 µs (its own context, caller checks, the joined output made Markup again), and a page makes
dozens to hundreds of them. Each gives exactly the markup of the macro it replaced (_macros.html says which);
every value is escaped, and the result is Markup so that templates do not escape it again.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from kg.views.describe import Value
from kg.views.labels import Names, Ref

from .links import page_url, quote_figure, ref_link


def _other_language(prefer: Sequence[str]) -> str:
    return "en" if prefer[0] == "zh" else "zh"


def _beside(names: Names, prefer: Sequence[str]) -> str:
    """The name in the other language, small, after the one shown (nothing when there is none)."""
    other = names.other(prefer)
    return f' <small class="muted" lang="{_other_language(prefer)}">{escape(other)}</small>' if other else ""


def term_link(r: Ref, prefer: Sequence[str]) -> Markup:
    """An ontology term (or any resource) linked to its page under its label: `<a class="term" href=…>…</a>`."""
    return Markup(f'<a class="term" href="{escape(page_url(r.iri))}">{escape(r.label(prefer))}</a>{_beside(r.names, prefer)}')


def term_label(r: Ref, prefer: Sequence[str]) -> Markup:
    """A term's label, not linked: for places where a link may not go (inside <summary>)."""
    return Markup(f'<span class="term">{escape(r.label(prefer))}</span>{_beside(r.names, prefer)}')


def value_html(v: Value, prefer: Sequence[str]) -> Markup:
    """One value of a property: a link, a blank node's own properties, or a literal; then the sentences that state
    it and the curated notes behind it."""
    return Markup(_value(v, prefer))


def _value(v: Value, prefer: Sequence[str]) -> str:
    # Plain strings joined, made Markup once by the caller: Markup + str would escape the str.
    if v.ref:
        out = str(ref_link(v.ref, prefer))
    elif v.parts is not None:
        out = '<span class="parts">' + "; ".join(
            f"{term_link(pv.prop, prefer)}: " + ", ".join(_value(x, prefer) for x in pv.values)
            for pv in v.parts) + "</span>"
    else:
        if v.gloss:
            out = f'<span class="literal">{escape(v.gloss.best(prefer))}</span>' + _beside(v.gloss, prefer)
        else:
            lang = f' lang="{escape(v.lang)}"' if v.lang else ""
            out = f'<span class="literal"{lang}>{escape(v.display)}</span>'
        if v.datatype_ref:
            out += f' <small class="muted">{escape(v.datatype_ref.label(prefer))}</small>'
    return (out + "".join(str(quote_figure(p, prefer)) for p in v.sources)
            + "".join(f'<small class="note">整理依据 curated: {escape(n)}</small>' for n in v.notes))
