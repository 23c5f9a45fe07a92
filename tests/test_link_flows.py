"""A flow of a stock named only in the text is linked to that stock as its broader indicator."""

from kg.extract.extractor import Extractor
from kg.extract.link import Linker
from kg.extract.reports import ReportMeta


def test_a_flow_minted_from_the_text_has_its_stock_as_broader(reference, tmp_path):
    path = tmp_path / "r.txt"
    path.write_text("一、2030年工作回顾\n\n全年新建社区食堂120个。\n", encoding="utf-8")
    meta = ReportMeta(slug="r", path=path, meta_path=path, title="", report_title="", publisher="", author="",
                      delivered=None, plan_year=2031, review_year=2030, place="jinjiangshi", language="zh")
    linked = Linker(reference).link([Extractor(reference).extract(meta)])
    by_name = {i.name_zh: i for i in linked.indicators.values()}
    flow, stock = by_name["新建社区食堂"], by_name["社区食堂"]
    assert flow.broader == stock.slug and stock.broader is None and not stock.curated
