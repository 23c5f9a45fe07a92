"""jinjiang-kg: a knowledge graph of what a county promises and reports in its government work reports.

`kg` builds the graph (read → segment → recognise → link → emit → validate → store); it knows nothing of
HTTP. The web shell lives in `api`.
"""

__version__ = "0.1.0"
