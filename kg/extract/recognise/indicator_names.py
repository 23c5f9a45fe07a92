"""Indicator names: what is left of the words around a number once scope, basis and verbs are gone.

'2022年全省地区生产总值' → 地区生产总值; '一般公共预算总收入同口径' → 一般公共预算总收入; '其中第三产业增加值' →
第三产业增加值; '同口径', '分别', '现价' → nothing (no indicator at all). A phrase ending in a curated indicator of
data/reference/indicators.csv is that indicator, so that one concept gets one Indicator whatever surrounds it.
The words come from data/reference/phrases.yaml; nothing here is about one report.
"""

from __future__ import annotations

import re

from kg.extract.recognise.text import starts_with_any, strip_prefixes, strip_suffixes, tidy
from kg.extract.reference import Reference
from kg.extract.years import YEAR

# A base year other than the last ('比2002年增长65.5%', '较2020年提高'): a change over several years.
_BASE_YEAR = re.compile(f"^(?:比|较)(?:{YEAR})年(?:底|末)?|(?:比|较)(?:{YEAR})年(?:底|末)?$")
_LEADING_YEAR = re.compile(f"^(?:(?:{YEAR})年(?:度|末|底|初)?)")
# A year inside a name ('重点园区2025年营业收入'): the figure's year, read from the clause, not part of the name;
# '2030年前' (a deadline) stays.
_INNER_YEAR = re.compile(f"(?<=.)(?:{YEAR})年(?![前后以底末初])")
# What no indicator's name is (issue 28: precision first, no figure rather than a wrong one): a clause ending in an
# aspect particle ('育儿家庭每月多了') or an adverb ('…立案查处的就达120多万起') or a threshold's verb ('文旅收入过'), a comparison ('…达到或略高于'), a
# clause carrying a number of its own ('医疗旅游人次86.5万、收入': the name ran over another figure), or what the
# number modifies ('8%左右的…增长目标': the noun after a number is not modelled yet); a clause ending in 的 ('全部建成
# 的': those that were, no name of what) or in a cut ('一律削减10%': of what, unsaid); a time ('在调整初期'); the count of
# a streak ('连续5年超万亿斤': how long, not what); a political formula ('四项基本原则', '八项规定…精神': a decree named by the count of its articles); a part of a year ('第四季度', '12月一个月的', '上半年'): not the year's figure;
# a share without its whole ('…的占') or a rate cut at its 'per' ('最低收购价平均每'); a clause opening on a pronoun, a
# particle, a conjunction or a modal ('它虽然', '因为…', '同时增加…', '要再开工…', '以来新增的…'), or framed as a condition ('在…的基础上'), or done already ('…已经发展'); a sign or a
# footnote's mark inside ('硫＠①').
_NOT_A_NAME = re.compile(r"(?:[了着就都也的占却几过每]|削减|核减|压减|初期|时期|期间|以来|原则|方针|大约)$|\d[万亿千]|^的|季度|月份"
                         r"|个月|上半年|高于|低于|连续[一二三四五六七八九十\d]+年|^(?:[了它他她这那]|规定(?!的)|有人|可以|因为|虽然|如果|由于|但是|而且|进一步|同时|以来|我们|要(?!素))|已经|的(?:基础上|前提下|情况下)"
                         r"|[@＠#＃*＊※★☆\u2460-\u2473\u2474-\u2487]")
# A share or a ratio written in the genre's other forms, named in one: 'A在B中的比重' and 'A在B中所占比重' are
# 'A占B比重'; 'A相当于B的比例' is 'A与B之比' (the NBS's wording of a ratio such as R&D intensity).
_SHARE_IN = re.compile(r"在(.+?)中(?:所占|的)?(?:的)?比重$")
_RATIO_AS = re.compile(r"相当于(.+?)的比例$")
# The place's own scope before a denominator ('…与全市生产总值之比'): the report's place, not part of the name.
_DENOMINATOR_SCOPE = re.compile(r"(?<=[占与])(?:全国|全省|全市|全区|全县|全自治区)(?=(?:国内|地区)?生产总值)")
# A light verb after its object ('对756件行政法规进行全面清理'): what is counted is the object.
_LIGHT_VERB = re.compile(r"(?<=.{2})进行.*$")
_LEVEL_VERBS = ("达到", "保持", "保持在", "稳定在", "维持在")
# Names of a whole sector: a curated indicator of one (服务业增加值) ending a longer name is a narrower sector's.
_WHOLE_SECTORS = ("服务业", "工业", "制造业")
# A word of grammar alone is no name ('将2.8万亿元…', '都增长12%', '占1.1%'); a noun of one character is ('钢', '煤').
_FUNCTION_WORDS = set("将即占有都也又还就已并而等及和与次事其这那各每约共达为是在把被对从由到至比较"
                      "增减升降多少转长定中要月表费民部")  # … and a verb, an adjective or a fragment of a word alone ('由增转减')
_FUNCTION_WORDS |= {"一律", "普遍", "全部", "均", "总体"}  # adverbs of scope alone ('一律削减10%': of what, unsaid)
# The number of a list's item opening the words ('（一）各项税收共收…'): the list's, not the name's.
_ENUMERATOR = re.compile(r"^[（(][一二三四五六七八九十\d]+[)）]")
# An abbreviation glossing a term ('细颗粒物（PM2.5）平均浓度'): the term is named without it.
_GLOSS = re.compile(r"[（(][A-Za-z][A-Za-z0-9.\-]*[）)]")
# The count of a list's items and the category they make, after the list ('集成电路、生物医药、人工智能三大先导产业').
_LIST_COUNT = re.compile(r"([二三四五六七八九十两])[大个项类]")
_SMALL_NUMERALS = {ch: n for n, ch in enumerate("二三四五六七八九十", start=2)} | {"两": 2}
# A growth rate's own words after the name of what grows ('农村居民收入增速排全国第五').
RATE_WORDS = ("增速", "增幅")
# A note on how a quantity is counted or what it covers ('化肥（按有效成份计算）', '化肥（折纯）', '普通中学（包括高中和初中）'):
# the statistics' own footnote, not part of the name.
_COUNTING_NOTE = re.compile(r"[（(](?:按|折|包括|不包括|含|不含)[^（）()]*[）)]")
# 计划 after a measure ('粮食产量计划达到…', '工业总产值计划增长…'): 'is planned to', the verb's adverb, not the name's
# end ('人才计划', '五年计划' are programmes, no measure).
_PLANNED = re.compile(r"(?<=[值量额积费入])计划$")
# The yield per area of a crop (the NBS's 单位面积产量), not its output.
_YIELD_PER_AREA = ("亩产", "单产", "单位面积产量")
# Quotation marks around a term inside a name ('“数字领航”企业', '县级“三保”支出'): typography, not part of the concept.
QUOTE_MARKS = re.compile("[“”‘’「」]")
# The year a value of a span is of, written before it: '从1997年的', '增加到2002年的', '由上年的'.
_SPAN_YEAR = re.compile(r"(?:(?:19|20)\d{2}年(?:底|末|初)?|上年|去年|今年|当年|年初|年末|年底|“?十[一二三四五六七八九]?五”?(?:末|期末))的?$")
# The period a span's values are per, after 从/由 or the span's verb ('最低标准从每月70元提高到88元', '由人均…',
# '提高到每人每年240元'): of the values,
# not of the name.
_SPAN_PER = re.compile(r"(?<=[从由到至])(?:(?:每人)?每(?:月|年|人)|人均)$")
# A time written after the name, before the number ('国家外汇储备2000年底', '人均期望寿命2002年'): the figure's year,
# not part of its name (the extractor reads the year from the clause).
_TRAILING_TIME = re.compile(f"(?:(?:{YEAR})年(?:底|末|初)?|年底|年末)$")
# A change over a base ('国家财政收入比上年增加1501亿元'): an increment, not a level.
INCREMENT = re.compile(r"(?:比|较)[^，。；、]{0,8}?(?:增加|减少|多增|少增|增收|减收|扩大|增产|减产)$")  # 增产: output up by


class IndicatorNames:
    def __init__(self, ref: Reference):
        self.ref = ref
        p = ref.phrases
        self.scope = list(p["scope_words"])
        self.times = [w for w in self.scope if w.endswith(("年", "年末", "年底"))]  # 今年, 全年, 去年末 …
        self.basis = list(p["basis_words"])
        self.basis_suffixes = list(p["basis_suffixes"])
        self.measures = sorted(p["generic_measures"], key=len, reverse=True)
        self.measure_verbs = sorted(p["measure_verbs"], key=len, reverse=True)
        self.modals = sorted(p["modal_words"], key=len, reverse=True)
        self.modifiers = tuple(p["concept_modifiers"])
        self.verbs = list(p["action_verbs"]) + list(p["estimate_cues"]) + list(p["target_cues"]) + list(p["flow_verbs"])
        self.curated = sorted(ref.indicator_lexicon.forms, key=len, reverse=True)
        products = set(p["product_outputs"])
        # The forms a longer name may end in and still be the curated indicator: not a product's (phrases.yaml).
        self.endings = [f for f in self.curated if len(f) >= 3 and ref.indicator_lexicon.lookup(f) not in products]
        # What a curated indicator names before its generic measure (粮食 of 粮食产量): a clause opening with it
        # makes the subject of a bare measure after it. Only a whole noun (not '…实现', '…总') that begins no other
        # curated indicator (工业 begins 工业增加值 too: a clause opening with it says nothing of which measure).
        stems = {form[:-len(m)] for form in self.curated for m in self.measures if form.endswith(m)}
        self.stems = sorted((s for s in stems if len(s) >= 2 and not s.endswith(("总", *self.measure_verbs))
                             and all(f[len(s):].lstrip("总") in self.measures
                                     for f in self.curated if f.startswith(s) and f != s)), key=len, reverse=True)
        self.span_verbs = tuple(sorted(p["span_verbs"], key=len, reverse=True))
        # A verb alone is no name ('提高', '保持'): of span, growth, action, flow and level.
        self.bare_verbs = {*p["span_verbs"], *p["growth_verbs"], *p["action_verbs"], *p["flow_verbs"], *_LEVEL_VERBS}
        # A name ending in one of these verbs is a clause: what was done, not what is measured. Not the heads of
        # works ('老旧小区改造提升' names a project group).
        self.final_verbs = tuple(v for v in [*p["action_verbs"], *p["flow_verbs"]] if len(v) >= 2)
        self.work_heads = tuple(p["project_heads"])
        self.adverbs = tuple(p["adverbs"]) + tuple(self.times)
        self.object_verbs = tuple(p["object_verbs"])
        self.name_verbs = tuple(p["name_verbs"])
        self.adverb_words = tuple(p["adverb_words"])
        verbs = "|".join(map(re.escape, sorted(p["verbs_before_count"], key=len, reverse=True)))
        self.verb_alone = re.compile(f"[\u4e00-\u9fff]{{0,3}}?(?:{verbs})")  # '共计', '坚决守住', '各地可'
        self.auxiliaries = tuple(sorted(p["auxiliaries"], key=len, reverse=True))

    def without_time(self, phrase: str) -> str:
        return tidy(_TRAILING_TIME.sub("", phrase))

    @staticmethod
    def without_copula(phrase: str) -> str:
        """'工业建设项目是七百一十六个' → 工业建设项目; '客运周转量将增长4%' → 客运周转量; '正在施工的有' → '正在施工的'
        (then no name: a clause)."""
        return phrase[:-1] if len(phrase) > 2 and phrase.endswith(("是", "有", "将")) else phrase

    def without_auxiliary(self, phrase: str) -> str:
        """'国有大型商业银行小微企业贷款要' → …贷款; '赤字率拟按' → 赤字率: the subject, not the verb's auxiliary."""
        word = next((w for w in self.auxiliaries if phrase.endswith(w) and len(phrase) > len(w) + 1), "")
        return phrase[: len(phrase) - len(word)]

    def without_disposal(self, phrase: str) -> str:
        """'将制造业企业研发费用加计扣除比例' (提高到100%) → the object 将 or 把 puts before the verb is what is measured;
        a place named with the character stays (将乐县)."""
        if (phrase.startswith(("将", "把")) and len(phrase) > 3
                and not any(self.ref.gazetteer.is_full_name(phrase[:k]) for k in range(2, min(len(phrase), 8) + 1))):
            return phrase[1:]
        return phrase

    def without_span(self, phrase: str) -> str:
        """The subject of a value 'from … to …': '国内生产总值从1997年的' → 国内生产总值; '增加到2002年的' → '' (the
        clause's subject is the indicator)."""
        phrase = _SPAN_PER.sub("", _SPAN_YEAR.sub("", phrase))
        for word in ("从", "由", "较"):
            if phrase.endswith(word):
                phrase = phrase[: -len(word)]
        if phrase.startswith(("从", "由", "较")):
            phrase = ""  # '由1997年的…', '较“十三五”末的…': the subject came before
        while phrase.endswith(self.span_verbs):
            phrase = phrase[: -len(next(v for v in self.span_verbs if phrase.endswith(v)))]
        return tidy(phrase)

    def without_adverbs(self, phrase: str) -> str:
        """'国家财政共增加支出' → 国家财政增加支出; '仅中央财政当年就增加支出' → 中央财政增加支出; '公共财政增加支出' stays.
        Right to left, so that a time word before an adverb ('当年就') goes too."""
        if phrase.startswith("仅"):
            phrase = phrase[1:]
        at = len(phrase)
        while at > 0:
            at -= 1
            word = next((w for w in self.adverbs if phrase.startswith(w, at)), None)
            if (word and at > 0 and phrase.startswith(self.name_verbs, at + len(word))
                    and not phrase[:at + len(word)].endswith(self.adverb_words)):
                phrase = phrase[:at] + phrase[at + len(word):]
        return phrase

    def object_of(self, phrase: str) -> str:
        """'中央财政预算安排再就业补助资金' → 再就业补助资金: after a subject and one of `object_verbs`, the object is what
        is counted; '重点项目完成投资' stays (a bare measure is its subject's)."""
        for at in range(2, len(phrase) - 3):
            verb = next((v for v in self.object_verbs if phrase.startswith(v, at)), None)
            if verb:
                rest = phrase[at + len(verb):]
                bare = strip_suffixes(rest, self.measure_verbs)
                if len(rest) < 3 or bare in self.measures or rest.startswith(tuple(self.verbs)):
                    return phrase  # '…培育项目': a verb before a bare head modifies it
                return rest
        return phrase

    def without_modal(self, phrase: str) -> str:
        """'将实施为民办实事项目' → '实施为民办实事项目'; '将乐县' stays."""
        for m in self.modals:
            if phrase.startswith(m) and starts_with_any(phrase[len(m):], self.verbs):
                return phrase[len(m):]
        return phrase

    def unscoped(self, phrase: str) -> str:
        """Without the year and the scope words in front: '2022年全省地区生产总值' → '地区生产总值'."""
        while True:
            rest = _LEADING_YEAR.sub("", phrase)
            rest = tidy(strip_prefixes(rest, self.scope)[1])
            if rest.startswith("级"):
                return phrase  # '自治区级重点项目': the scope is a level of the name ('…级'), not the place
            if rest == phrase:
                return phrase
            phrase = rest

    def without_basis(self, phrase: str) -> str:
        """'同口径' or '一般公共预算总收入同口径' → '' or '一般公共预算总收入'; '…可支配收入实际' → '…可支配收入'."""
        if phrase in self.basis:
            return ""
        phrase = _BASE_YEAR.sub("", phrase)
        rest = tidy(strip_suffixes(strip_prefixes(phrase, self.basis)[1], self.basis + self.basis_suffixes))
        return "" if rest in self.basis or rest in self.basis_suffixes else rest

    def measure_of(self, phrase: str, previous_subject: str) -> str:
        """'完成投资' after '实施重点项目118个' is 重点项目投资; '省重点项目完成投资' is 省重点项目投资."""
        for m in self.measures:
            if not phrase.endswith(m):
                continue
            head = strip_suffixes(phrase[: -len(m)], self.measure_verbs)
            if head in self.measure_verbs:
                head = ""
            if not head:
                if previous_subject:
                    return previous_subject + m
                return m if phrase == m else ""  # '税收增长3.9%' opening a sentence: the measure is the name
            if head != phrase[: -len(m)]:
                return head + m
        return phrase

    def opening_indicator(self, clause: str) -> str:
        """The curated indicator a clause without a number opens with ('外贸出口从7月份开始大幅度回升' → 外贸出口), or
        ''. Only a form of three characters or more, followed by no more of a noun (外贸出口额 is not 外贸出口)."""
        words = self.unscoped(tidy(clause))
        for form in self.curated:
            if len(form) >= 3 and words.startswith(form):
                after = words[len(form):len(form) + 1]
                return form if not after or not self.ref.indicator_lexicon.lookup(words[:len(form) + 1]) else ""
        for stem in self.stems:  # '粮食连续四年增产，总产量…': 粮食, whose 产量 the next clause gives
            if words.startswith(stem) and not self.ref.indicator_lexicon.lookup(words[:len(stem) + 1]):
                # '棉花的亩产量…': the yield per area of the product, not its output
                return "" if words[len(stem):].lstrip("的").startswith(_YIELD_PER_AREA) else stem
        return ""

    @staticmethod
    def _without_listed_members(phrase: str) -> str:
        """'集成电路、生物医药、人工智能三大先导产业规模' → 三大先导产业规模: a list followed by its own count and the
        category its members make is named by the category (the count must be the list's length)."""
        last = phrase.rfind("、")
        m = _LIST_COUNT.search(phrase, last + 1) if last > 0 else None
        if m is None or m.start() == last + 1 or _SMALL_NUMERALS[m.group(1)] != phrase.count("、", 0, last + 1) + 1:
            return phrase
        return phrase[m.start():]

    def _places_only(self, phrase: str) -> bool:
        """Whether the words are only places' names, listed ('格尔木、德令哈', '广州和深圳')."""
        parts = [p for p in re.split("[、和与及]", phrase) if p]
        return len(parts) >= 2 and all(self.ref.gazetteer.named(p) for p in parts)  # one alone may be a noun (港口)

    def clean(self, phrase: str) -> str:
        """The clean name of what a figure measures, or '' when what is left is no noun phrase.

        The scope and basis words go ('其中', '全省', '同口径'); a phrase that ends in a curated indicator is
        that indicator unless a modifier makes it another concept ('工业经济稳中有进规上工业总产值' →
        规上工业总产值, but 人均地区生产总值 stays).
        """
        phrase = _COUNTING_NOTE.sub("", _GLOSS.sub("", _ENUMERATOR.sub("", phrase)))
        phrase = self.without_adverbs(self.without_basis(self.unscoped(tidy(phrase))))
        phrase = self.without_disposal(_INNER_YEAR.sub("", phrase))
        phrase = _LIGHT_VERB.sub("", _DENOMINATOR_SCOPE.sub("", _RATIO_AS.sub(r"与\1之比", _SHARE_IN.sub(r"占\1比重", phrase))))
        phrase = self.object_of(self.without_copula(self.without_auxiliary(_PLANNED.sub("", phrase))))
        cut = phrase.rfind("等")
        if cut > 0 and "、" in phrase[:cut] and len(phrase) > cut + 2:
            phrase = phrase[cut + 1:]  # '高铁、科创、紫帽等新区项目': the examples go, what they are examples of stays
        phrase = self._without_listed_members(phrase)
        if (phrase in _FUNCTION_WORDS or phrase in self.bare_verbs or phrase in self.basis or phrase in self.scope or "分别" in phrase
                or phrase.startswith(("/", "／"))):
            return ""  # no name, or the tail of a unit ('/秒')
        if self.verb_alone.fullmatch(phrase):
            return ""  # what is counted stands after the number ('共计71个项目', '坚决守住18亿亩耕地红线')
        if self._places_only(phrase):
            return ""  # '格尔木、德令哈' (…3座): where, not what
        if _NOT_A_NAME.search(phrase) or (len(phrase) > 2 and phrase.endswith(self.final_verbs)
                                           and not phrase.endswith(self.work_heads)):
            return ""  # a clause, not a noun phrase ('改革稳步推进', '平均每天新增')
        if self.ref.indicator_lexicon.lookup(phrase):
            return phrase
        rate = next((w for w in RATE_WORDS if phrase.endswith(w) and len(phrase) > len(w) + 1), None)
        stem = self.ref.indicator_lexicon.lookup(phrase[: -len(rate)]) if rate else None
        if stem:  # '农村居民收入增速' is the growth rate of the curated 农村居民人均可支配收入: named by it
            return self.ref.indicator_by_slug[stem].name_zh + rate
        for word in self.times:  # '中央提出今年经济' (增长预期目标为7%): the name begins after the time it is of
            at = phrase.rfind(word)
            if at > 0 and self.ref.indicator_lexicon.lookup(phrase[at + len(word):]):
                return phrase[at + len(word):]
        for k in (1, 2):  # '改造老旧小区' is the curated 老旧小区改造: the verb after its object
            if len(phrase) > k + 2 and self.ref.indicator_lexicon.lookup(phrase[k:] + phrase[:k]):
                return phrase[k:] + phrase[:k]
        for form in self.endings:
            if phrase.endswith(form):
                if not phrase[: -len(form)].endswith(self.modifiers) and not form.startswith(_WHOLE_SECTORS):
                    return form
                break  # '人均地区生产总值'; '租赁和商务服务业增加值': a narrower sector's, not the whole sector's
        return QUOTE_MARKS.sub("", phrase)
