"""/places shows the tree of places only as deep as TREE_SHOWN places allow (kg/views/indexes.pruned): each node
cut there says how many places below it are left out."""

from kg.views.indexes import TreeNode, pruned
from kg.views.labels import Ref


def node(name: str, *children: TreeNode) -> TreeNode:
    return TreeNode(Ref(f"https://example.org/{name}"), children=list(children))


def names(nodes: list[TreeNode]) -> list:
    return [(n.entity.iri.rsplit("/", 1)[1], n.hidden, names(n.children)) for n in nodes]


COUNTRY = node("cn", node("p1", node("c1", node("t1"), node("t2")), node("c2")), node("p2", node("c3", node("t3"))))


def test_a_small_tree_is_shown_whole():
    assert names(pruned([COUNTRY], 100)) == names([COUNTRY])  # 9 places: nothing hidden


def test_a_tree_is_cut_at_the_deepest_level_that_fits_and_counts_what_it_hides():
    # levels: 1, 2, 3, 3 places; 6 fit down to the prefectures' level, 9 would be needed for the towns
    assert names(pruned([COUNTRY], 8)) == [("cn", 0, [("p1", 0, [("c1", 2, []), ("c2", 0, [])]),
                                                      ("p2", 0, [("c3", 1, [])])])]
    assert names(pruned([COUNTRY], 2)) == [("cn", 8, [])]  # the roots at least, whatever the limit


def test_pruning_leaves_the_tree_it_was_given_whole():
    pruned([COUNTRY], 2)
    assert len(COUNTRY.children) == 2 and COUNTRY.hidden == 0
