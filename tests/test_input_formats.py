"""Reports as users have them: a GBK web page, UTF-16, UTF-8 with a byte-order mark, each added by `jjkg ingest` in
one command with the same figures as the plain text; the same text again refused; Office files and PDFs refused
with a way to convert them."""

from __future__ import annotations

import os
from pathlib import Path

import opencc
import pytest
from conftest import FIXTURES, run_cli
from formats import FOOTER, NAVIGATION, gbk_page, utf8_bom, utf16

from kg.errors import InputError
from kg.extract.decode import decode
from kg.extract.fingerprint import fingerprint
from kg.extract.read import load_report, read_report

PLAIN = (FIXTURES / "formats" / "report.txt").read_text(encoding="utf-8")
VARIANTS = {"plain.txt": lambda t: t.encode("utf-8"), "page.html": gbk_page, "utf16.txt": utf16, "bom.txt": utf8_bom}
REPORT = "https://w3id.org/jinjiang-kg/id/report/jinjiangshi-2026"
FIGURES = f"""SELECT ?indicator ?year ?kind ?value ?unit WHERE {{
    ?f jjo:report <{REPORT}> ; jjo:indicator/rdfs:label ?indicator ; jjo:year ?year ; jjo:kind ?kind ;
       jjo:value ?value ; jjo:unit ?unit . FILTER(LANG(?indicator) = "zh") }} ORDER BY ?indicator ?year ?value"""


@pytest.fixture
def env(tmp_path, data_copy):
    return {"JJKG_DATA_DIR": str(data_copy), "JJKG_VAR_DIR": str(tmp_path / "var")}


# -- decoding, one unit at a time ---------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "big5hkscs", "utf-16-le", "utf-16-be"])
def test_encodings_without_a_mark_are_detected(tmp_path, encoding):
    text = PLAIN if encoding != "big5hkscs" else opencc.OpenCC("s2t").convert(PLAIN)  # Big5 is for traditional
    decoded = decode(text.encode(encoding), tmp_path / "r.txt")
    assert decoded.text == text and not decoded.bom


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_a_byte_order_mark_is_read_and_dropped(tmp_path, encoding):
    decoded = decode(PLAIN.encode(encoding), tmp_path / "r.txt")
    assert decoded.text == PLAIN and decoded.bom and not decoded.text.startswith("\ufeff")


def test_bytes_that_are_no_text_are_refused_naming_the_file(tmp_path):
    p = tmp_path / "noise.txt"
    p.write_bytes(("\n".join(PLAIN.splitlines()[:3]) + "\n").encode("utf-8") + bytes(b for b in range(256) if b != 10) * 8)
    with pytest.raises(InputError) as info:
        read_report(p)
    assert info.value.file == str(p) and info.value.line == 4 and "save the report as UTF-8" in str(info.value)


@pytest.mark.parametrize("name, head, words", [
    ("r.docx", b"PK\x03\x04\x14\x00\x06\x00", "Word"), ("r.pdf", b"%PDF-1.7\n", "pdftotext"),
    ("r.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word"), ("r.bin", b"%PDF-1.4\n", "PDF")])
def test_documents_are_refused_with_how_to_convert_them(tmp_path, name, head, words):
    p = tmp_path / name
    p.write_bytes(head + os.urandom(200))
    with pytest.raises(InputError, match=words) as info:
        load_report(p)
    assert info.value.file == str(p)


def test_the_article_of_a_page_is_kept_without_its_frame(tmp_path):
    p = tmp_path / "page.html"
    p.write_bytes(gbk_page(PLAIN))
    loaded = load_report(p)
    assert loaded.html and loaded.encoding == "gb18030"
    for line in PLAIN.splitlines():
        assert line.strip() in loaded.text
    for frame in [*NAVIGATION[1:], *FOOTER, "当前位置", "分享到", "打印本页", "相关链接", "发布时间"]:
        assert frame not in loaded.text, frame
    assert "<" not in loaded.text and fingerprint(loaded.text).matches(fingerprint(PLAIN))  # with the page's title


def test_an_html_page_saved_as_doc_reads_as_the_page_it_is(tmp_path):
    p = tmp_path / "report.doc"
    p.write_bytes(gbk_page(PLAIN))
    assert load_report(p).html


def test_a_stored_html_page_is_refused_by_the_build(tmp_path):
    p = tmp_path / "page.txt"
    p.write_bytes(gbk_page(PLAIN))
    with pytest.raises(InputError, match="jjkg ingest"):
        read_report(p)


def test_the_fingerprint_ignores_encoding_script_spacing_and_a_title_line():
    traditional = "晉江市２０２６年政府工作報告\r\n\r\n地區生產總值增長6%左右。"
    assert fingerprint(traditional).digest == fingerprint("晋江市2026年政府工作报告\n地区生产总值增长6%左右。 ").digest
    assert fingerprint(PLAIN).matches(fingerprint("晋江市政府网站　政府工作报告\n" + PLAIN))
    changed = PLAIN.replace("增长5.8%", "增长5.9%").replace("260个", "270个").replace("900套", "950套")
    assert not fingerprint(PLAIN).matches(fingerprint(changed))  # three of 19 lines differ: another report
    assert not fingerprint(PLAIN).matches(fingerprint("\n".join(PLAIN.splitlines()[:8])))  # a part is not the whole


# -- through the command line -------------------------------------------------------------------------------


def _figures(env) -> list[str]:
    res = run_cli("query", FIGURES, "--format", "csv", env=env)
    assert res.returncode == 0, res.stderr
    return res.stdout.strip().splitlines()[1:]


@pytest.fixture(scope="module")
def plain_figures(tmp_path_factory):
    """The figures of the plain UTF-8 text, ingested into a copy of data/."""
    import shutil

    from kg.settings import PROJECT_ROOT

    root = tmp_path_factory.mktemp("plain")
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    env = {"JJKG_DATA_DIR": str(root / "data"), "JJKG_VAR_DIR": str(root / "var")}
    src = root / "plain.txt"
    src.write_text(PLAIN, encoding="utf-8")
    res = run_cli("ingest", str(src), "--year", "2026", env=env)
    assert res.returncode == 0, res.stderr
    return _figures(env), res.stderr


def test_the_plain_text_gives_its_figures_and_a_summary(plain_figures):
    figures, stderr = plain_figures
    assert len(figures) == 14 and any(f.startswith("地区生产总值,2026,") and ",6," in f for f in figures), figures
    assert "found in jinjiangshi-2026: 19 statements in 2 sections; 14 figures (7 result 2025, 7 target 2026)" \
        in stderr, stderr
    assert "0 fact(s) dropped" in stderr and "read " in stderr and "text in UTF-8" in stderr


@pytest.mark.parametrize("name", ["page.html", "utf16.txt", "bom.txt"])
def test_each_form_is_added_in_one_command_with_the_same_figures(env, tmp_path, data_copy, plain_figures, name):
    src = tmp_path / name
    src.write_bytes(VARIANTS[name](PLAIN))
    res = run_cli("ingest", str(src), "--year", "2026", env=env)
    assert res.returncode == 0, res.stderr
    assert "added jinjiangshi-2026" in res.stderr
    assert _figures(env) == plain_figures[0]
    stored = data_copy / "reports" / (src.stem + ".txt")
    text = stored.read_bytes().decode("utf-8")  # stored as UTF-8 without a mark, the article only
    assert not text.startswith("\ufeff") and "<" not in text and "版权所有" not in text
    # Provenance counts in the stored text: every quote is found at its offsets.
    q = f"""SELECT ?exact ?start ?end WHERE {{ ?p oa:hasSource <{REPORT}> ; oa:hasSelector ?q , ?s .
              ?q oa:exact ?exact . ?s oa:start ?start ; oa:end ?end }}"""
    rows = run_cli("query", q, "--format", "json", env=env)
    import json

    bindings = json.loads(rows.stdout)["results"]["bindings"]
    assert len(bindings) > 20
    for b in bindings:
        assert text[int(b["start"]["value"]):int(b["end"]["value"])] == b["exact"]["value"]


def test_the_same_text_again_is_refused_under_another_year_or_name(env, tmp_path, data_copy):
    first = tmp_path / "first.txt"
    first.write_text(PLAIN, encoding="utf-8")
    assert run_cli("ingest", str(first), "--year", "2026", env=env).returncode == 0
    before = sorted(p.name for p in (data_copy / "reports").iterdir())
    again = tmp_path / "again.html"
    again.write_bytes(gbk_page("\n".join(PLAIN.splitlines()[1:])))  # the page without the text's own title line
    res = run_cli("ingest", str(again), "--year", "2027", env=env)
    assert res.returncode == 1, res.stderr
    assert "the same text as report jinjiangshi-2026 (first.txt, plan year 2026)" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr and str(again) in res.stderr
    real = tmp_path / "jinjiang-2025-utf16.txt"  # a real report, saved again by a user as UTF-16
    real.write_bytes(utf16(next((data_copy / "reports").glob("000_*.txt")).read_text(encoding="utf-8")))
    # The newspaper digest names no government in its header: the user says which (metadata is not the point here).
    res = run_cli("ingest", str(real), "--year", "2031", "--place", "晋江市", "--slug", "another-name", env=env)
    assert res.returncode == 1 and "the same text as report jinjiangshi-2025" in res.stderr, res.stderr
    assert sorted(p.name for p in (data_copy / "reports").iterdir()) == before


def test_documents_and_noise_get_one_readable_error_and_change_nothing(env, tmp_path, data_copy):
    before = sorted(p.name for p in (data_copy / "reports").iterdir())
    for name, data, words in [("report.docx", b"PK\x03\x04" + os.urandom(64), "save it as plain text"),
                              ("report.pdf", b"%PDF-1.5\n" + os.urandom(64), "pdftotext"),
                              ("noise.txt", bytes(range(256)) * 4, "cannot tell how this file's text is encoded")]:
        p = tmp_path / name
        p.write_bytes(data)
        res = run_cli("ingest", str(p), "--year", "2026", env=env)
        assert res.returncode == 1 and words in res.stderr and str(p) in res.stderr, res.stderr
        assert "Traceback" not in res.stderr
    assert sorted(p.name for p in (data_copy / "reports").iterdir()) == before


def test_an_undecodable_file_names_file_and_line(tmp_path):
    p = tmp_path / "broken.txt"
    p.write_bytes("第一行\n第二行\n".encode() + b"\xff\xfe\x00\x00\xff" * 50)
    with pytest.raises(InputError) as info:
        load_report(Path(p))
    assert info.value.line == 3
