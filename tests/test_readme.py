"""The README's SPARQL examples run on the published graph and return rows."""

import re

import pytest
from conftest import select

from kg.settings import PROJECT_ROOT
from kg.sparql.query import QueryService


@pytest.fixture(scope="module")
def service(served):
    """The query service of either backend: the README's examples must run on both."""
    return QueryService.from_settings(served)


EXAMPLES = re.findall(r"```sparql\n(.*?)```", (PROJECT_ROOT / "README.md").read_text(encoding="utf-8"), re.S)


def test_readme_has_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("query", EXAMPLES)
def test_readme_example_returns_rows(service, query):
    assert select(service, query), query
