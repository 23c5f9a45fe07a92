"""A fix for rdflib 7.6's SPARQL parser, which cannot read a negative decimal (rdflib issue 2962).

The parser reads `-1.5` as the literal `1.5` and negates it with `-Literal`, which knows ints and floats but not
`Decimal`: "Not a number". The guard would then refuse `?s jjo:value -1.5`, though `jjo:value` is a decimal and
pyoxigraph reads it. The grammar's negative numbers are a minus before an unsigned number, so writing the minus
before the lexical form gives the same literal rdflib would have made, for integers, decimals and doubles alike.
"""

from __future__ import annotations

import rdflib
from rdflib.plugins.sparql import parser


def negative(literal: rdflib.Literal) -> rdflib.Literal:
    return rdflib.Literal("-" + str(literal), datatype=literal.datatype)


def apply() -> None:
    # The parse actions call the module's `neg` by name at parse time, so replacing it is enough.
    parser.neg = negative
