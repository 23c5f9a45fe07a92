"""Curated reference files are checked on load; a problem names the file and the line."""

import shutil

import pytest

from kg.errors import InputError
from kg.extract.reference import Reference
from kg.settings import PROJECT_ROOT


@pytest.fixture
def ref_dir(tmp_path):
    d = tmp_path / "reference"
    shutil.copytree(PROJECT_ROOT / "data" / "reference", d)
    return d


def test_all_streets_and_towns_of_jinjiang_with_division_codes(reference):
    under = [p for p in reference.places if p.parent == "jinjiangshi" and p.type in ("subdistrict", "town")]
    assert len([p for p in under if p.type == "subdistrict"]) == 6
    assert len([p for p in under if p.type == "town"]) == 13
    assert all(p.division_code and p.division_code.startswith("350582") and len(p.division_code) == 12 for p in under)
    assert reference.place_lexicon("jinjiangshi").lookup("安海") == "anhaizhen"
    assert reference.place_by_slug["zimaoshan"].parent == "zimaozhen"
    assert reference.place_by_slug["longshansi"].parent == "anhaizhen"


def test_every_row_cites_a_source(reference):
    for rows in (reference.places, reference.industries, reference.indicators, reference.units, reference.projects):
        assert all(r.source for r in rows)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, needle):
    return next(i for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in ln)


def test_unknown_parent_is_reported_with_its_line(ref_dir):
    places = ref_dir / "places.csv"
    _edit(places, "zimaoshan,紫帽山,Zimao Mountain,Zimao Shan,mountain,zimaozhen",
          "zimaoshan,紫帽山,Zimao Mountain,Zimao Shan,mountain,nowhere")
    with pytest.raises(InputError) as info:
        Reference.load(ref_dir)
    assert info.value.file.endswith("places.csv")
    assert info.value.line == _line_of(places, "zimaoshan,")
    assert "nowhere" in info.value.message


def test_alias_used_by_two_industries_is_refused(ref_dir):
    _edit(ref_dir / "industries.csv", "精细陶瓷|特种陶瓷|先进陶瓷", "精细陶瓷|特种陶瓷|先进陶瓷|陶瓷")
    with pytest.raises(InputError, match="'陶瓷' is used by both"):
        Reference.load(ref_dir)


def test_wrong_field_count_names_the_line(ref_dir):
    units = ref_dir / "units.csv"
    with units.open("a", encoding="utf-8") as f:
        f.write("亿,yi,亿\n")
    with pytest.raises(InputError) as info:
        Reference.load(ref_dir)
    assert info.value.line == len(units.read_text(encoding="utf-8").splitlines())


def test_malformed_yaml_names_the_line(ref_dir):
    (ref_dir / "phrases.yaml").write_text("qualifiers_before:\n  超: [at-least\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        Reference.load(ref_dir)
    assert info.value.file.endswith("phrases.yaml") and info.value.line is not None
