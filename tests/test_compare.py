"""/compare: what changed between the 2024 and 2025 plans, for people and for programs."""

import csv
import io

import lxml.html


def compared_row(html: str, indicator: str) -> list[str]:
    """The cells of the comparison table's row for `indicator`: its Chinese name, then the cells' text."""
    for tr in lxml.html.fromstring(html).xpath("//tr[td]"):
        cells = tr.xpath("./td")
        name = cells[0].xpath("./a")[0].text_content().strip()
        if name == indicator:
            return [name] + [c.text_content().strip() for c in cells[1:]]
    raise AssertionError(f"no row for {indicator}")


def test_json_lists_the_changes_the_reports_state(client):
    r = client.get("/compare", params={"from": 2024, "to": 2025}, headers={"accept": "application/json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert "Accept" in [v.strip() for v in r.headers["vary"].split(",")]
    items = {i["label_zh"]: i for i in r.json()["items"]}
    assert [s["value"] for s in items["老旧小区改造"]["2024"]] == ["25"]
    assert [s["value"] for s in items["老旧小区改造"]["2025"]] == ["14"]
    assert items["老旧小区改造"]["project"].endswith("/project/laojiuxiaoqugaizao")
    assert items["村均集体经营性收入"]["change"] == "50000"
    assert (items["新增保障性租赁住房"]["2024"][0]["value"], items["新增保障性租赁住房"]["2025"][0]["value"]) == ("5000", "1500")
    assert items["新增保障性租赁住房"]["2025"][0]["as_written"] == "1500套"
    assert items["空气优良率"]["status"] == "only-to"


def test_csv_by_suffix(client):
    r = client.get("/compare.csv?from=2024&to=2025")
    assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(r.text)))
    row = next(x for x in rows if x["label_zh"] == "村均集体经营性收入")
    assert (row["value_2024"], row["value_2025"], row["change"]) == ("750000", "800000", "50000")


def test_html_for_people(client):
    r = client.get("/compare?from=2024&to=2025", headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "老旧小区改造" in r.text and "25个" in r.text and "14个" in r.text and "−11个" in r.text
    row = compared_row(r.text, "村均集体经营性收入")
    assert row == ["村均集体经营性收入", "超75万元", "超80万元", "+5万元"]  # each figure as written, the change in 万元
    assert 'href="/compare.csv?from=2024&amp;to=2025"' in r.text


def test_defaults_to_the_last_two_plans_and_errors_are_precise(client):
    assert client.get("/compare.json").json()["from"] == 2024
    missing = client.get("/compare.json?from=2023&to=2025")
    assert missing.status_code == 404 and "2024, 2025" in missing.text
    assert client.get("/compare?from=2024&to=2025", headers={"accept": "image/png"}).status_code == 406
    assert client.get("/compare.xml?from=2024&to=2025").status_code == 404
    assert client.get("/compare?from=nineteen").status_code == 400


def test_the_nations_curated_targets_are_not_a_plan_of_the_reports(client):
    """中国's 2024 and 2025 GDP targets are in the graph (the curated national table) and on /ladder, but no report of
    the graph states them: /compare compares the reports' plans and lists none of 中国's items (kg/views/compare.py)."""
    ladder = client.get("/ladder.json?indicator=diqushengchanzongzhi&place=jinjiangshi&year=2025").json()
    nation = next(r for r in ladder["rows"] if r["place"].endswith("/place/zhongguo"))
    assert nation["value"] == "5"
    body = client.get("/compare.json?from=2024&to=2025").json()
    assert body["items"] and {i["place_zh"] for i in body["items"]} == {"晋江市"}
