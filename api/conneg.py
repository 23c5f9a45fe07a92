"""Content negotiation, shared by every router: the Accept header (q-values, wildcards) via werkzeug."""

from __future__ import annotations

from collections.abc import Sequence

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header


def negotiate(accept: str | None, offers: Sequence[str], default: str | None = None) -> str | None:
    """The best of `offers` for an Accept header.

    No header (or an empty one) means anything is fine: `default`, or the first offer. None means nothing
    offered is acceptable, and the caller answers 406.
    """
    if not accept or not accept.strip():
        return default or offers[0]
    return parse_accept_header(accept, MIMEAccept).best_match(list(offers))
