from pathlib import Path

import pytest

from kg.errors import InputError
from kg.extract.read import normalise, read_report, read_text


def test_normalise_keeps_length_and_converts_traditional_and_full_width():
    raw = "晉江２０２４年增長６．５％，經濟報"
    out = normalise(raw)
    assert out == "晋江2024年增长6.5%，经济报"
    assert len(out) == len(raw)


def test_lines_keep_offsets_into_the_original_text(tmp_path):
    text = "第一行\r\n\r\n晉江第三行\n"
    src = read_text(text, tmp_path / "x.txt")
    assert [ln.number for ln in src.lines] == [1, 2, 3]
    third = src.lines[2]
    assert text[third.start:third.start + len(third.raw)] == "晉江第三行"
    assert third.text == "晋江第三行"


def test_non_utf8_file_names_file_and_line(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes("第一行\n第二行\n".encode() + "第三行".encode("gbk"))
    with pytest.raises(InputError) as info:
        read_report(p)
    assert info.value.file == str(p)
    assert info.value.line == 3
    assert "UTF-8" in str(info.value)


def test_binary_file_is_refused(tmp_path):
    p = tmp_path / "bin.txt"
    p.write_bytes(b"abc\n\x00\x01")
    with pytest.raises(InputError, match="binary"):
        read_report(p)


def test_missing_file():
    with pytest.raises(InputError, match="no such file"):
        read_report(Path("/nonexistent/report.txt"))
