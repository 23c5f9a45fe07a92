"""`jjkg synth` makes a report-shaped graph of the asked size that the query service can open."""

from conftest import run_cli


def test_synthetic_graph_has_the_shape_of_the_real_one(tmp_path):
    out = tmp_path / "synth"
    res = run_cli("synth", "--triples", "50000", "--out", str(out), "--years", "5")
    assert res.returncode == 0, res.stderr
    env = {"JJKG_VAR_DIR": str(out)}
    count = run_cli("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv", env=env)
    n = int(count.stdout.splitlines()[1])
    assert 40_000 <= n <= 60_000
    # A place's projects through sub-places, as the place pages ask it.
    q = """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p jjo:location/jjo:within* place:county0000 }"""
    assert int(run_cli("query", q, "--format", "csv", env=env).stdout.splitlines()[1]) > 10
    # Passages quote the report text at their offsets.
    q = """SELECT ?text ?exact ?start ?end WHERE { ?r jjo:fullText ?text . ?p oa:hasSource ?r ;
             oa:hasSelector [ oa:exact ?exact ] , [ oa:start ?start ; oa:end ?end ] } LIMIT 50"""
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(run_cli("query", q, "--format", "csv", env=env).stdout)))
    assert rows and all(r["text"][int(r["start"]):int(r["end"])] == r["exact"] for r in rows)
    # The index of pages' lists is written with the store, as by `jjkg build`.
    from kg.views import list_index
    index = list_index.open_index((out / "store").resolve())
    county = index.lists("place", "https://w3id.org/jinjiang-kg/id/place/county0000")
    assert county is not None and county.total("projects") > 10
