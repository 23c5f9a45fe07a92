"""The indicator page: targets and results by year with the assessment, a chart for each statistic."""




def test_gdp_page_shows_the_assessment_and_charts(client):
    r = client.get("/page/indicator/diqushengchanzongzhi")
    assert r.status_code == 200
    html = r.text
    assert "目标完成评估" in html and "超额完成" in html and "增长6%左右" in html and "增长7%以上" in html
    # two places have GDP growth figures (晋江市, and 中国 from the national table): a chart for each
    for place in ("jinjiangshi", "zhongguo"):
        assert f'src="/chart/indicator/diqushengchanzongzhi.svg?statistic=GrowthRate&amp;place={place}"' in html
        assert client.get(f"/chart/indicator/diqushengchanzongzhi.svg?statistic=GrowthRate&place={place}").status_code == 200


def test_missed_target_is_shown_as_missed(client):
    html = client.get("/page/indicator/yibangonggongyusuanzongshouru").text
    assert "未完成" in html and "outcome-missed" in html


def test_assessment_is_dereferenceable(client):
    r = client.get("/id/assessment/diqushengchanzongzhi-jinjiangshi-2024-growthrate", follow_redirects=False,
                   headers={"accept": "application/ld+json"})
    assert r.status_code == 303
    doc = client.get(r.headers["location"]).json()
    assert "outcome" in str(doc) and "QualifierIntervalRule" in str(doc)
    page = client.get("/page/assessment/diqushengchanzongzhi-jinjiangshi-2024-growthrate")
    assert page.status_code == 200 and "超额完成" in page.text
