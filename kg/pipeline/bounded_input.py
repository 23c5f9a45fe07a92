"""What `jjkg ingest` accepts before it reads a byte: a regular file within JJKG_MAX_REPORT_BYTES; and after
decoding, a text that is mostly Chinese.

A FIFO blocks for ever, /dev/zero never ends and a 100 MB file takes the machine's memory; an English text would
go in with indicators made of English fragments. Each is refused with one line naming the user's file.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from kg.errors import InputError

MIN_CHINESE_SHARE = 0.3  # of the letters (Chinese characters included); a real report has over 0.9
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def check_file(path: Path, max_bytes: int) -> None:
    """A regular file of at most `max_bytes`, judged by os.stat: opening a pipe or a device could block or never
    end."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), file=path) from None
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        raise InputError(f"is {kind}, not a file: jjkg ingest reads report files only (nothing was read)",
                         file=path)
    if info.st_size > max_bytes:
        raise InputError(f"is {info.st_size:,} bytes, over the limit of {max_bytes:,} (JJKG_MAX_REPORT_BYTES); "
                         f"a government work report is well under 1 MB (nothing was read)", file=path)


def check_chinese(text: str, path: Path) -> None:
    """Most letters Chinese characters: what the extraction reads."""
    letters = sum(1 for ch in text if ch.isalpha())
    chinese = len(_CJK.findall(text))
    if letters and chinese / letters < MIN_CHINESE_SHARE:
        raise InputError(f"has too little Chinese to be a Chinese government work report: {chinese:,} of its "
                         f"{letters:,} letters are Chinese characters ({chinese / letters:.0%}; at least "
                         f"{MIN_CHINESE_SHARE:.0%} needed)", file=path)
