"""The indicator chart: an SVG of targets and results by year, with the year's assessment, running nothing."""




def test_gdp_chart_shows_targets_results_and_the_assessment(client):
    # 晋江市's: 中国's figures (the national table) are drawn apart, and by default, having more of them
    r = client.get("/chart/indicator/diqushengchanzongzhi.svg?place=jinjiangshi")
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml; charset=utf-8"
    svg = r.text
    assert svg.startswith("<svg") and "<script" not in svg
    assert "地区生产总值" in svg and "2024 超额完成（暂定）" in svg
    assert "增长6%左右" in svg and "增长7%以上" in svg  # the figures as written, as point labels
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_statistic_choice_and_errors(client):
    assert "3500亿元" in client.get("/chart/indicator/diqushengchanzongzhi.svg?statistic=Level&place=jinjiangshi").text
    assert client.get("/chart/indicator/diqushengchanzongzhi.svg?statistic=Rank&place=jinjiangshi").status_code == 404
    assert client.get("/chart/indicator/no-such-indicator.svg").status_code == 404
    assert client.get("/chart/indicator/BAD_SLUG.svg").status_code == 404


def test_money_axis_reads_as_a_chinese_reader_writes_it(client):
    import re

    svg = client.get("/chart/indicator/diqushengchanzongzhi.svg?statistic=Level&place=jinjiangshi").text
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)  # axis labels, printed values, title, legend
    assert labels and not [label for label in labels if re.search(r"[0-9]e[+-]?[0-9]", label)], labels
    assert "1000亿元" in labels, labels  # the axis
    # A point is printed as written, an estimate said so (issue 29): the 2024 result is 预计 站上3500亿元.
    assert "站上3500亿元（预计）" in labels, labels


def test_axis_numbers():
    from api.charts import axis_number

    assert axis_number(350_000_000_000, "元") == "3500亿元"
    assert axis_number(12_000, "人") == "1.2万人"
    assert axis_number(6.5, "百分比") == "6.5%" and axis_number(0, "元") == "0元"
    assert axis_number(1e15, "元") == "10000000亿元"
