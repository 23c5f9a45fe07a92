"""The indicator chart: an SVG of targets and results by year, with the year's assessment, running nothing."""




def test_gdp_chart_shows_targets_results_and_the_assessment(client):
    r = client.get("/chart/indicator/diqushengchanzongzhi.svg")
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml; charset=utf-8"
    svg = r.text
    assert svg.startswith("<svg") and "<script" not in svg
    assert "地区生产总值" in svg and "2024 超额完成（暂定）" in svg
    assert "增长6%左右" in svg and "增长7%以上" in svg  # the figures as written, as point labels
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_statistic_choice_and_errors(client):
    assert "3500亿元" in client.get("/chart/indicator/diqushengchanzongzhi.svg?statistic=Level").text
    assert client.get("/chart/indicator/diqushengchanzongzhi.svg?statistic=Rank").status_code == 404
    assert client.get("/chart/indicator/no-such-indicator.svg").status_code == 404
    assert client.get("/chart/indicator/BAD_SLUG.svg").status_code == 404
