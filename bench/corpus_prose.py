"""The three layouts of a generated report (issue 14), written in the grammar of each genre, in words of this
project: the formal full text as delivered, a newspaper's digest of it, a news article on the session.

Each names its place and its years the way real ones do — the session line, the head's signature, a dated title, a
dateline, `2024年工作回顾`, `2025年……主要预期目标` — so that kg/extract/metadata.py reads them from the words; each
names the place above (its prefecture or province), as reports do when they thank their leadership, which is also
what tells two counties of one name apart."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from corpus_figures import Clause
from corpus_places import Government

DIGITS = "零一二三四五六七八九"
FACILITIES = ("污水处理厂", "中心卫生院", "综合文化站", "农贸市场", "滨河公园", "智能制造产业园", "现代物流园", "供水工程",
              "垃圾转运站", "实验小学", "养老服务中心", "汽车客运站", "体育公园", "冷链物流中心", "人民医院新院区",
              "职业技术学校", "文化艺术中心", "生态湿地公园")
THEMES_DONE = ("产业发展势头良好", "城乡面貌持续改善", "民生保障更加有力", "改革开放不断深化", "生态环境稳中向好")
THEMES_TODO = ("着力壮大实体经济", "加快补齐基础设施短板", "持续增进民生福祉", "深入推进改革开放", "扎实推进乡村振兴")
OPENINGS = ("现在，我代表{place}人民政府，向大会报告政府工作，请予审议，并请政协委员和其他列席人员提出意见。",
            "受{place}人民政府委托，我向大会作政府工作报告，请各位代表审议，并请列席人员提出意见。",
            "我代表{place}人民政府向大会报告工作，请予审议。")


def chinese_number(n: int) -> str:
    """1–99 as written in session ordinals: 十八, 二十一."""
    tens, units = divmod(n, 10)
    return (("" if tens == 1 else DIGITS[tens]) + "十" if tens else "") + (DIGITS[units] if units else "")


@dataclass(frozen=True)
class Report:
    """What a generated report says: its place, years and date, and the clauses and projects to write."""

    gov: Government
    plan_year: int
    delivered: dt.date
    term: int
    session: int
    done: list[Clause]  # results of the year reviewed, GDP first
    todo: list[Clause]  # targets of the plan year, GDP first
    built: list[str]  # projects finished in the year reviewed
    planned: list[str]  # projects of the plan year
    more_done: list[str] = ()  # paragraphs without figures of the review part (long formal reports)
    more_todo: list[str] = ()  # and of the plan part

    @property
    def review_year(self) -> int:
        return self.plan_year - 1

    @property
    def name(self) -> str:
        return self.gov.place.name

    @property
    def congress(self) -> str:
        return f"{self.name}第{chinese_number(self.term)}届人民代表大会第{chinese_number(self.session)}次会议"

    @property
    def leadership(self) -> str:
        """The thanks to the leadership above: names the prefecture and the province."""
        above = "、".join(p.name for p in self.gov.above)
        if not above:
            return f"在党中央、国务院的坚强领导下，{self.gov.whole}上下团结奋斗"
        return f"在{above}党委政府和{self.name}委的坚强领导下，{self.gov.whole}上下团结奋斗"


INDUSTRIES = ("纺织服装", "食品加工", "装备制造", "新材料", "电子信息", "生物医药", "现代农业", "文化旅游", "现代物流",
              "新能源", "建材家居", "特色种养")
DONE_PHRASES = ("{town}{industry}产业集群规模持续扩大", "{town}农村人居环境整治扎实推进", "{town}建成一批便民服务站点",
                "{town}{industry}企业技术改造步伐加快", "{town}村级集体经济实力明显增强", "{town}河道综合治理成效明显",
                "{town}数字乡村建设有序推进", "{town}{industry}品牌影响力不断提升", "{town}义务教育办学条件持续改善",
                "{town}基层医疗服务能力稳步提高")
TODO_PHRASES = ("支持{town}做大做强{industry}产业", "推动{town}打造{industry}特色园区", "深化{town}农村集体产权制度改革",
                "提升{town}公共服务水平", "加强{town}传统村落保护利用", "推进{town}城乡供水一体化",
                "实施{town}人居环境提升行动", "完善{town}养老托育服务网络", "引导{town}{industry}企业上云用数",
                "扩大{town}{industry}产品市场份额")


def draw_paragraphs(rng: random.Random, gov: Government, phrases: tuple[str, ...], n: int) -> list[str]:
    """`n` paragraphs without figures, each of three to five clauses about places below the government: the bulk of
    a formal report, which costs reading, segmenting and linking but carries no figure."""
    out = []
    for _ in range(n):
        clauses = [phrase.format(town=rng.choice(gov.below).name, industry=rng.choice(INDUSTRIES))
                   for phrase in rng.sample(phrases, rng.randint(3, 5))]
        out.append("，".join(clauses) + "。")
    return out


def draw_projects(rng: random.Random, gov: Government, n: int) -> list[str]:
    places = rng.sample(gov.below, min(n, len(gov.below)))
    return [p.name + rng.choice(FACILITIES) for p in places]


def _joined(clauses: list[Clause], sep: str = "；") -> str:
    return sep.join(c.text for c in clauses)


def _built(rng: random.Random, name: str) -> str:
    return rng.choice([f"{name}建成投用", f"建成{name}", f"{name}竣工投入使用"])


def _planned(rng: random.Random, name: str) -> str:
    return rng.choice([f"开工建设{name}", f"加快推进{name}建设", f"启动{name}项目", f"续建{name}"])


def formal(r: Report, rng: random.Random) -> str:
    head, rest = r.done[:4], r.done[4:]
    lines = ["政府工作报告", f"——{r.delivered.year}年{r.delivered.month}月{r.delivered.day}日在{r.congress}上",
             f"{r.name}人民政府{r.gov.head}", "各位代表：", rng.choice(OPENINGS).format(place=r.name),
             f"一、{r.review_year}年工作回顾",
             f"{r.review_year}年，{r.leadership}，经济社会发展稳中有进。初步统计，{r.gov.whole}{_joined(head)}。"]
    themes = rng.sample(THEMES_DONE, 3)
    for n, theme in enumerate(themes):
        clauses = rest[n::3]
        built = r.built[n::3]
        parts = [c.text for c in clauses] + [_built(rng, b) for b in built]
        if parts:
            lines.append(f"（{DIGITS[n + 1]}）{theme}。" + "，".join(parts) + "。")
    lines += list(r.more_done)
    lines += [f"二、{r.plan_year}年工作安排",
              f"{r.plan_year}年经济社会发展的主要预期目标是：{_joined(r.todo[:-1])}。",
              ]
    todo_themes = rng.sample(THEMES_TODO, 3)
    for n, theme in enumerate(todo_themes):
        planned = [_planned(rng, p) for p in r.planned[n::3]]
        extra = [r.todo[-1].text] if n == 2 else []
        if planned or extra:
            lines.append(f"（{DIGITS[n + 1]}）{theme}。" + "，".join(planned + extra) + "。")
    lines += list(r.more_todo)
    lines.append(rng.choice(["各位代表，新的一年任务艰巨，我们将以更加务实的作风抓好落实！",
                             "各位代表，蓝图已经绘就，让我们团结一心、苦干实干！"]))
    return "\n\n".join(lines) + "\n"


def digest(r: Report, rng: random.Random) -> str:
    title = rng.choice([f"{r.name}{r.plan_year}年政府工作报告要点", f"一图读懂{r.name}{r.plan_year}年政府工作报告"])
    lines = [title, "",
             f"【{r.review_year}年工作回顾】"]
    lines += [f"◎{c.text}" for c in r.done]
    lines += [f"◎{_built(rng, b)}" for b in r.built]
    lines += ["", f"【{r.plan_year}年主要预期目标】"]
    lines += [f"◎{c.text}" for c in r.todo]
    lines += ["", "【重点任务】", f"◎主动融入{r.gov.above[0].name if r.gov.above else '国家'}发展大局"]
    lines += [f"◎{_planned(rng, p)}" for p in r.planned]
    return "\n".join(lines) + "\n"


def news(r: Report, rng: random.Random) -> str:
    m, d = r.delivered.month, r.delivered.day
    headline = rng.choice([f"{r.congress}开幕", f"{r.name}{r.plan_year}年政府工作报告出炉"])
    lead = (f"本报讯 {m}月{d}日，{r.congress}开幕。{r.name}{r.gov.head}代表{r.name}人民政府作政府工作报告，"
            f"{r.leadership}。")
    when = rng.choice([f"{r.review_year}年", "过去一年，", "去年"])
    done = (f"报告在回顾{r.review_year}年工作时说，{when}{r.gov.whole}{_joined(r.done, '，')}。"
            + ("".join(_built(rng, b) + "。" for b in r.built)))
    todo = rng.choice([f"报告提出，{r.plan_year}年经济社会发展的主要预期目标是：{_joined(r.todo)}。",
                       f"报告明确了{r.plan_year}年经济社会发展主要预期目标：{_joined(r.todo)}。"])
    works = "围绕这些目标，" + r.name + "将" + "，".join(_planned(rng, p) for p in r.planned) + "。"
    return "\n\n".join([headline, lead, done, todo, works]) + "\n"


LAYOUTS = {"formal": formal, "digest": digest, "news": news}
