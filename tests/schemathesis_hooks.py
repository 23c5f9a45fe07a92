"""What schemathesis needs to know about this service, shared by tests/test_fuzz_openapi.py and the long run
(scripts/fuzz_openapi.py loads it with SCHEMATHESIS_HOOKS): how to send the SPARQL protocol's own body types,
and a check that every answer carries the security headers."""

from __future__ import annotations

import schemathesis

from api.security import HEADERS

# application/sparql-query and -update bodies are text: sent as they are, in UTF-8.
schemathesis.serializer.alias("application/sparql-query", "text/plain")
schemathesis.serializer.alias("application/sparql-update", "text/plain")


@schemathesis.check
def security_headers(ctx, response, case):
    """The strict CSP and the hardening headers on every answer, errors included."""
    missing = [name.decode() for name in HEADERS if name.decode() not in response.headers]
    if missing:
        raise AssertionError(f"{case.method} {case.formatted_path}: {response.status_code} without {missing}")
