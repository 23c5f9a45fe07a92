"""Home and index pages, each with its JSON twin."""




def test_home_has_dataset_figures_and_links(client):
    html = client.get("/", headers={"accept-language": "zh"}).text
    assert "三元组 triples" in html and ">地点</a>" in html
    for href in ("/dumps", "/sparql", "/void", "/places", "/projects", "/industries", "/indicators", "/search",
                 "/context.jsonld", "/read/jinjiangshi-2025"):
        assert f'href="{href}' in html or f'action="{href}' in html


def test_places_tree_nests_longshan_temple_under_anhai(client):
    tree = client.get("/places.json").json()

    def find(nodes, iri, path=()):
        for n in nodes:
            here = path + (n["entity"]["names"]["zh"],)
            if n["entity"]["iri"].endswith(iri):
                return here
            found = find(n["children"], iri, here)
            if found:
                return found
        return None

    assert find(tree, "/place/longshansi") == ("中国", "福建省", "泉州市", "晋江市", "安海镇", "龙山寺")
    assert 'href="/page/place/longshansi"' in client.get("/places").text


def test_projects_by_year_and_theme(client):
    years = client.get("/projects.json").json()
    assert [y["year"] for y in years] == ["2025", "2024"]
    themes = [t for s in years[0]["sections"] for t in s["themes"] if t["theme"]]
    assert any(any(p["names"]["zh"] == "安海北环-龙山寺片区" for p in t["projects"]) for t in themes)
    assert "加快城市有机更新" in client.get("/projects").text


def test_industries_and_indicators(client):
    assert client.get("/industries.json").json()
    assert "陶瓷" in client.get("/industries").text
    rows = client.get("/indicators.json").json()
    gdp = next(r for r in rows if r["indicator"]["iri"].endswith("/diqushengchanzongzhi"))
    # the reports' years, and those of the national table (data/reference/national_figures.csv) from 2015 on
    assert {"2015", "2023", "2024", "2025"} <= set(gdp["years"]) and gdp["targets"] >= 2 and gdp["results"] >= 2
    assert client.get("/indicators").status_code == 200


def test_reports(client):
    rows = client.get("/reports.json").json()
    assert [r["slug"] for r in rows] == ["jinjiangshi-2025", "jinjiangshi-2024"]
    assert 'href="/read/jinjiangshi-2024"' in client.get("/reports").text


def test_reports_are_listed_a_page_at_a_time_and_the_home_page_shows_the_newest(client):
    """/reports shows 25 reports a page (reports_page), its JSON twin every report; the home page counts them all and
    lists the newest 25. A page past the last is 404, a malformed number 400, both naming the parameter."""
    html = client.get("/reports").text
    assert "showing 1–2 of 2" in html and html.index("jinjiangshi-2025") < html.index("jinjiangshi-2024")
    past = client.get("/reports?reports_page=2")
    assert past.status_code == 404 and "reports_page=2: the list of reports has 1 page" in past.text
    bad = client.get("/reports?reports_page=two")
    assert bad.status_code == 400 and "reports_page=&#39;two&#39;: a page number is a whole number" in bad.text
    home = client.get("/").text
    assert '<span class="count">2</span></h2>' in home.split("Reports</small>")[1][:60]
    assert "all reports" not in home  # every report is already on it


def test_projects_are_grouped_by_report_a_page_of_reports_at_a_time(client):
    """/projects groups projects by the report that names them (two places' reports of one year stay apart), 25
    reports a page; its JSON twin has every report."""
    reports = client.get("/projects.json").json()
    assert len({r["report"]["iri"] for r in reports}) == len(reports) == 2
    html = client.get("/projects").text
    assert "showing 1–2 of 2" in html and html.index("2025年") < html.index("2024年")
    past = client.get("/projects?reports_page=2")
    assert past.status_code == 404 and "reports_page=2: the list of reports has 1 page" in past.text
    assert client.get("/projects?figures_page=1").status_code == 400  # a list this page does not have
