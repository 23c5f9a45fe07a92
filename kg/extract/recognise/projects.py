"""Projects: named works and facilities, enumerations of them, and counted groups.

- Enumerations: 'A、B、C等N个X项目' — each named item is a project, member of the counted group X; when every
  item is a named site ('九十九溪、紫帽山、灵源山等高品质绿色空间建设'), each site is a project, of the kind
  named after 等; when every item is a division, the work named after 等 is one project at those places.
- Single names: a construction verb, then a name ending in a project or facility head ('启动建设晋江美术馆',
  '推进电力补短板工程'), or a place and the works on it ('晋东新区建设').
- Counted groups come from count figures whose indicator ends in a project head ('实施14个老旧小区改造工程').
- A named 工程 that names no kind of physical works is a programme ('医疗卫生强基工程'), not works on the ground.
Spans are offsets into the statement text, so each mention can be quoted from the source.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from decimal import Decimal

from kg.extract.recognise.figures import FigureMention
from kg.extract.recognise.places import located, places_in_name
from kg.extract.recognise.text import clauses, quoted_mask
from kg.extract.reference import Reference

_PHASE = re.compile(r"[一二三四五六七八九十\d]期$")
_ANY_PHASE = re.compile(r"[一二三四五六七八九十\d]期")
_FIGURE_IN_NAME = re.compile(r"(\d+(\.\d+)?|[百千万])[万亿]?[个项家户套张场所人亩元%]")
# A section of a route or park: 河南段, （河南段）, 阜阳至黄冈段 — what precedes it must end in a head.
_SECTION = re.compile(r"[（(][^（）()]{1,10}段[）)]|[^\W\d_（）()]{2,8}段")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SHARED_HEADS = ["项目建设", "成功落地", "建设", "龙头项目", "重大项目", "项目"]
# What opens no name: a conjunction, a preposition, a particle, a determiner or a vague count ('并且规定对戏曲项目',
# '对有市场项目', '其他建设项目', '各部门项目', '有关企业同企业之间项目', '的大型水利工程', '和修复的铁路' after 新建,
# '一批境外经贸合作园区'); 对外 is a word of its own (对外开放平台).
_NO_NAME_OPENING = re.compile(r"^(?:并且|而且|有关|其他|其它|各(?!族)|对(?!外)|[的了]|和(?=[修扩改新续建])|一批|一些|若干|更多"
                              r"|限制|禁止|淘汰|关停)")  # …, and works stopped, not built ('限制高消耗项目')


def _unquoted(text: str) -> str:
    mask = quoted_mask(text)
    return "".join(ch for ch, q in zip(text, mask) if not q)


@dataclass
class ProjectMention:
    name: str
    start: int
    end: int
    kind: str  # 'named', 'programme' (a named programme without a site), 'group', 'place-works'
    places: list[str] = field(default_factory=list)
    industries: list[str] = field(default_factory=list)
    count: Decimal | None = None
    group: str | None = None  # name of the counted group this project belongs to
    figure: FigureMention | None = None  # the count of a group


def _strip_front(text: str, s: int, e: int, words: list[str], keep: tuple[str, ...] = ()) -> int:
    changed = True
    while changed:
        changed = False
        if text.startswith(keep, s):
            break
        for w in words:
            if text.startswith(w, s) and e - s > len(w):
                s += len(w)
                changed = True
                break
    return s


def _strip_back(text: str, s: int, e: int, words: list[str]) -> tuple[int, str]:
    for w in words:
        if text.endswith(w, s, e) and e - s > len(w):
            return e - len(w), w
    return e, ""


class ProjectRecogniser:
    def __init__(self, ref: Reference):
        self.ref = ref
        self.home = ""  # the reporting place of the statement being read: set by find()
        p = ref.phrases
        by_len = lambda xs: sorted(xs, key=len, reverse=True)  # noqa: E731
        self.manner = by_len(p["manner_adverbs"])
        # 有 and a noun before a verb is an adverbial of manner (有序推进, 有力推进, 有节奏推进): not part of a name.
        self.you_adverbial = re.compile(f"有[\u4e00-\u9fff]{{1,2}}?(?={'|'.join(map(re.escape, by_len(p['construction_verbs'])))})")
        self.verbs = by_len((set(p["construction_verbs"]) | set(p["action_verbs"]) | set(self.manner) | set(p["modal_words"])
                             | set(p["task_verbs"])) - {"和", "及", "与", "并"})
        self.project_heads = by_len(p["project_heads"])
        self.facility_heads = by_len(p["facility_heads"])
        self.works = by_len(p["works_suffixes"])
        self.construction = by_len(p["construction_verbs"])
        self.keep = tuple(p["noun_starts"])
        self.place_works = by_len(p["place_works"])
        self.placed_heads = by_len(p["placed_works_heads"])
        self.infrastructure = tuple(by_len(p["infrastructure_heads"]))
        self.physical_words = tuple(p["physical_works_words"])
        kinds = "|".join(map(re.escape, by_len(p["project_kind_words"])))
        self.kind_of_projects = re.compile(f"(?:{kinds})+项目")  # '重点项目', '省级重点产业项目': a kind, not a name
        self.clause_words = tuple(p["placed_works_stops"])
        self.stops = tuple(by_len(set(p["construction_verbs"]) | {v for v in p["action_verbs"] if len(v) >= 2}
                                | set(p["placed_works_stops"])))

    # -- tests on a candidate name -------------------------------------------------------------------------

    def _has_head(self, name: str) -> bool:
        core = _PHASE.sub("", name)
        if core.endswith(("段", "段）", "段)")) and any(
                _SECTION.fullmatch(core, i) and core[:i].endswith(h)
                for i in range(1, len(core)) for h in self.placed_heads + self.facility_heads):
            return True  # a section of named works: 雄商高铁河南段, 大运河国家文化公园（河南段）
        # A head alone is no name ('项目', nor '博物馆' in a list of kinds of venue); a name holding a curated
        # project's (data/reference/projects.csv: '鞋纺城二期') names works too.
        return any(core.endswith(h) and len(core) > len(h)
                   for h in self.project_heads + self.facility_heads + self.placed_heads) \
            or bool(self.ref.project_lexicon.find(core))

    def _is_programme(self, name: str) -> bool:
        """'医疗卫生强基工程', '“晋江记忆”工程': a 工程 naming no kind of physical works and no phase of them is a
        programme, not works on the ground (南水北调中线工程, 三峡三期工程); a curated project is works."""
        if not name.endswith("工程") or _ANY_PHASE.search(name) or self.ref.project_lexicon.find(name):
            return False
        body = name[:-2]
        # a word inside a place's name says where, not what is built: 江 of 晋江, 河 of 河南 (but 水资源 is no less
        # water works for holding the county 资源)
        places = [(m.start, m.end) for m in self.ref.name_lexicon(self.home).find(body)]
        return not any(not any(s <= m.start() and m.end() <= e for s, e in places)
                       for w in self.physical_words for m in re.finditer(re.escape(w), body))

    def _place(self, name: str) -> str | None:
        return self.ref.place_lexicon(self.home).lookup(name)

    def _places_in(self, name: str) -> list[str]:
        return places_in_name(name, self.ref, self.home)

    def _industries_in(self, name: str) -> list[str]:
        return list(dict.fromkeys(m.key for m in self.ref.industry_lexicon.find(name)))

    def _valid_name(self, name: str) -> bool:
        """Long enough to name something, not a whole clause: no figure in it, no list."""
        return 3 <= len(name) <= 30 and not _FIGURE_IN_NAME.search(name) and "、" not in _unquoted(name) \
            and not _NO_NAME_OPENING.match(name) \
            and not re.search(r"等[地市县省]", name) \
            and not any(w in name for w in self.clause_words)  # '南平等地…', '…纳入…', '省域副中心': no works' name

    # -- recognition ----------------------------------------------------------------------------------------

    def find(self, text: str, figures: list[FigureMention], home: str) -> list[ProjectMention]:
        """Projects of a statement in a report of `home` (a place slug: which places its names mean)."""
        self.home = home
        out: list[ProjectMention] = []
        topic = self._topic_industries(text)
        taken: list[tuple[int, int]] = []
        for c_start, c_end in clauses(text):
            found = self._enumeration(text, c_start, c_end, figures) or self._single(text, c_start, c_end)
            for pm in found:
                if any(s < pm.end and pm.start < e for s, e in taken):
                    continue
                out.append(pm)
                taken.append((pm.start, pm.end))
        for c_start, c_end in clauses(text):
            for pm in self._placed_works(text, c_start, c_end) + self._counted_at_places(text, c_start, c_end, figures):
                if not any(s < pm.end and pm.start < e for s, e in taken):
                    out.append(pm)
                    taken.append((pm.start, pm.end))
        out.extend(self._groups(text, figures, out))
        out = [named for pm in out if (named := self._without_description(pm)) is not None
               and not (named.kind == "named" and self.kind_of_projects.fullmatch(named.name))]
        for pm in out:
            if pm.kind == "named" and self._is_programme(pm.name):
                pm.kind = "programme"
            pm.industries = list(dict.fromkeys(pm.industries + self._industries_in(pm.name) + topic))
        return out

    def _without_description(self, pm: ProjectMention) -> ProjectMention | None:
        """A name with 的 in it is a description ('有效益的科研项目', '地方建设的项目'), not a name: what follows the
        last 的 names the works only when it carries a place word or is a piece of infrastructure with a name before
        its head ('淮河流域的梅山水库' → 梅山水库, '规模巨大的包头钢铁公司项目' → 包头钢铁公司项目); else no project."""
        mask = quoted_mask(pm.name)
        cut = max((i for i, ch in enumerate(pm.name) if ch == "的" and not mask[i]), default=-1)
        if cut < 0:
            return pm
        rest = pm.name[cut + 1:]
        places = self._places_in(rest)
        head = next((h for h in self.placed_heads if rest.endswith(h)), "")
        if not self._valid_name(rest) or not (places or (head and len(rest) >= len(head) + 2)):
            return None
        # the places the whole words named stay where the rest names none ('沈阳建设…的航空产业基地')
        return dataclasses.replace(pm, name=rest, start=pm.start + cut + 1 if pm.end - pm.start == len(pm.name) else pm.start,
                                   places=places or pm.places)

    def _topic_industries(self, text: str) -> list[str]:
        """'新一代信息技术产业：保障……': the industry a statement is about, named before its colon."""
        for sep in ("：", ":"):
            head, found, _ = text.partition(sep)
            if found and len(head) <= 16:
                return self._industries_in(head)
        return []

    def _parts(self, text: str, s: int, e: int, sep: str) -> list[tuple[int, int]]:
        mask = quoted_mask(text)
        parts, start = [], s
        for i in range(s, e):
            if text[i] == sep and not mask[i]:
                parts.append((start, i))
                start = i + 1
        parts.append((start, e))
        return parts

    def _enumeration(self, text, c_start, c_end, figures) -> list[ProjectMention]:
        mask = quoted_mask(text)
        seps = [i for i in range(c_start, c_end) if text[i] == "、" and not mask[i]]
        etc = next((i for i in range(seps[-1] if seps else c_start, c_end) if text[i] == "等" and not mask[i]), None)
        if not seps and etc is None:
            return self._joined(text, c_start, c_end)
        end = etc if etc is not None else c_end
        tail_start = etc + 1 if etc is not None else c_end
        parts = self._parts(text, c_start, end, "、")
        s0 = _strip_front(text, parts[0][0], parts[0][1], self.verbs, self.keep)
        parts[0] = (s0, parts[0][1])
        shared = ""
        if etc is None:
            last_s, last_e = parts[-1]
            last_e, _ = _strip_back(text, last_s, last_e, ["增资扩产", "投产", "落地"])
            new_e, shared = _strip_back(text, last_s, last_e, _SHARED_HEADS)
            parts[-1] = (last_s, new_e)
        tail = text[tail_start:c_end]
        mid = re.match(r"^[^\d、]{1,4}?(?=\d)", tail)
        mid_word = mid.group(0) if mid else ""
        items = [(s, e, text[s:e]) for s, e in parts if e > s]
        if len(items) < 1 or (etc is None and len(items) < 2):
            return []
        count_fig = next((f for f in figures if tail_start <= f.start < c_end and f.unit != "rank"), None)
        if etc is not None:
            # After 等 must come works of some kind; '等模式', '等新领域' make no projects.
            tail_has_head = self._has_head(re.sub(r"^\d+[个项家座]|建设.*$|投产$", "", tail.replace(mid_word, "", 1))) \
                or any(w in tail for w in ("项目", "工程")) or tail.endswith("建设")
            if not tail_has_head:
                return []
        elif not shared and not all(self._has_head(t) for _, _, t in items):
            return []
        places = [self._place(t + mid_word) or self._place(t) for _, _, t in items]
        if all(places):
            if re.sub(r"建设.*$", "", count_fig.indicator_base if count_fig is not None else tail).endswith("城市"):
                return []  # '南平等3个国家XX城市': a designation the places won, not works at them
            if tail.startswith(("地", "市", "县", "省")):
                return []  # '支持三明等地争创…': the places are the subject of what follows, no works named
            if count_fig is not None:
                return [ProjectMention(count_fig.indicator_base, tail_start, c_end, "group", places=list(places),
                                       count=count_fig.value, figure=count_fig)]
            if etc is not None and not any(map(self.ref.gazetteer.is_division, places)):
                # named sites and a kind of works after 等 ('九十九溪、紫帽山、灵源山等高品质绿色空间建设'): each
                # site is the works, the words after 等 only say of what kind
                return [ProjectMention(t, s, e, "named", places=[place]) for (s, e, t), place in zip(items, places)]
            name = tail.strip()
            if not self._valid_name(name):
                return []
            return [ProjectMention(name, tail_start, c_end, "named", places=list(places))]
        generic_tail = bool(re.search(r"(^|\d[个项])[^\d、，]{0,4}项目", tail)) or shared.endswith("项目")
        if etc is None and any(v in text[parts[-1][0]:parts[-1][1]] for v in self.construction if len(v) >= 2):
            return []  # '推动黄河、淮河、长江流域内城市协同推进一批…项目': the list is who does it, not the works
        # the kind of works after 等 names each item's works when it ends in a head ('平漯周、焦济洛平等高铁项目'
        # → 平漯周高铁); a bare 项目 adds only itself
        kind = re.sub(r"^\d+[个项家座]|(项目)?(建设.*)?$", "", tail.replace(mid_word, "", 1)) if etc is not None else ""
        suffix = kind if kind and any(kind.endswith(h) for h in self.placed_heads) and len(kind) <= 4 else "项目"
        out = []
        group_name = count_fig.indicator_base if count_fig is not None else None
        for s, e, name in items:
            if self._place(name) or self.ref.industry_lexicon.lookup(name):
                continue
            if not self._has_head(name):
                if not generic_tail:
                    continue
                name = name + suffix
            if not self._valid_name(name):
                continue
            out.append(ProjectMention(name, s, e, "named", places=self._places_in(name), group=group_name))
        return out

    def _joined(self, text, c_start, c_end) -> list[ProjectMention]:
        """'建设国际产业加速器和产业运营服务中心': two names joined by 和, each with a head."""
        parts = self._parts(text, c_start, c_end, "和")
        if len(parts) != 2:
            return []
        s0 = _strip_front(text, parts[0][0], parts[0][1], self.verbs, self.keep)
        if s0 == parts[0][0]:
            return []
        a, b = (s0, parts[0][1]), parts[1]
        b_end, _ = _strip_back(text, b[0], b[1], self.works)
        names = [(a[0], a[1]), (b[0], b_end)]
        if all(self._has_head(text[s:e]) and self._valid_name(text[s:e]) for s, e in names):
            return [ProjectMention(text[s:e], s, e, "named", places=self._places_in(text[s:e])) for s, e in names]
        return []

    def _works_back(self, text: str, s: int, e: int) -> tuple[int, str]:
        """The end of a name before what is done to it: '…工程落地运行' → …工程 ('落地', the first of the works);
        '…会员店正式开业' → …会员店 (an adverb of manner before them goes too)."""
        end, suffix = _strip_back(text, s, e, self.works)
        while suffix:
            end, _ = _strip_back(text, s, end, self.manner)
            end, more = _strip_back(text, s, end, self.works)
            if not more:
                break
            suffix = more
        return end, suffix

    def _single(self, text, c_start, c_end) -> list[ProjectMention]:
        adverbial = self.you_adverbial.match(text, c_start, c_end)
        s = _strip_front(text, adverbial.end() if adverbial else c_start, c_end, self.verbs, self.keep)
        verb = text[c_start:s]
        opening = next(iter(self.ref.place_lexicon(self.home).find(text[s:c_end])), None)
        verb_after = next((v for v in self.construction if text.startswith(v, s + opening.end)), None) \
            if opening is not None and opening.start == 0 and self.ref.gazetteer.is_division(opening.key) else None
        if not verb_after and not any(v in verb for v in self.construction):
            return []  # a name alone is not a task: it needs a verb of building, running or starting
        if verb_after and s + opening.end + len(verb_after) < c_end - 1:
            # '支持邯郸建设生产服务型国家物流枢纽': infrastructure the place builds is works at it; '支持沈阳建设……基地'
            # is a city's role, not a name.
            at = s + opening.end + len(verb_after)
            end, _ = self._works_back(text, at, c_end)
            name = text[at:end]
            if name.endswith(self.infrastructure) and self._has_head(name) and self._valid_name(name):
                return [ProjectMention(name, at, end, "named", places=[opening.key])]
            return []
        e_stripped, suffix = self._works_back(text, s, c_end)
        for e in (e_stripped, c_end) if suffix else (c_end,):
            name = text[s:e]
            place = self._place(name)
            if place and (suffix in self.place_works or "建设" in verb):
                works = suffix if suffix in self.place_works else "建设"
                return [ProjectMention(name + works, s, c_end if suffix else e, "place-works", places=[place])]
            if self._has_head(name) and self._valid_name(name) and not place:
                return [ProjectMention(name, s, e, "named", places=self._places_in(name))]
        return []

    def _placed_works(self, text, c_start, c_end) -> list[ProjectMention]:
        """'唐山港吞吐量……', '提升郑州国际航空物流枢纽能级': a division's name opens a name that ends in a head of named
        works, wherever the name stands in the clause (subject or object, with or without a verb of building).
        The name runs from the place word to the first head after it, through no list mark, figure or verb; a
        place word alone (连云港, a city's name) is no project."""
        mask = quoted_mask(text)
        out: list[ProjectMention] = []
        gazetteer = self.ref.gazetteer
        clause = text[c_start:c_end]
        running = self.ref.place_lexicon(self.home).forms
        for m in self.ref.name_lexicon(self.home).find(clause):
            s, j = c_start + m.start, c_start + m.end
            if out and s < out[-1].end:
                continue
            if not gazetteer.is_division(m.key):
                # a curated site that is itself works (西滨融通基地): the project, where the site is
                is_works = m.surface.endswith(tuple(self.placed_heads)) and not mask[s]  # not a park opened (海洋公园)
                places = self._places_in(m.surface) if is_works else []
                if places:
                    out.append(ProjectMention(m.surface, s, j, "named", places=places))
                continue
            if m.surface not in running and not (s == c_start or not _HAN.match(text[s - 1])
                                                 or any(text.endswith(v, c_start, s) for v in self.stops)):
                continue  # a county's short name (read in names only) must open a word: not 资源 of 水资源
            limit = min(c_end, j + 16)
            while j < limit:
                ch = text[j]
                if ch in "（(":  # a bracket inside a name: 北京（京津冀）国际科技创新中心
                    close = next((k for k in range(j, min(c_end, j + 12)) if text[k] in "）)"), None)
                    if close is None:
                        break
                    j = close + 1
                    continue
                if mask[j] or ch in "、，。；：,;:等和与及的为" or ch.isdigit() or text.startswith(self.stops, j):
                    break
                head = next((h for h in self.placed_heads if text.startswith(h, j)), None)
                if head is None:
                    j += 1
                    continue
                e = j + len(head)
                if text.startswith(("城", "口", "镇", "区", "澳"), e):
                    j = e
                    continue
                name = text[s:e]
                places = self._places_in(name)
                if places and self._valid_name(name) and name.count("）") + name.count(")") == \
                        name.count("（") + name.count("("):  # not from within brackets: 紫云山（包河）…
                    out.append(ProjectMention(name, s, e, "named", places=places))
                break
        return out

    def _counted_at_places(self, text, c_start, c_end, figures) -> list[ProjectMention]:
        """'加快洛阳等8个国家物流枢纽、…建设': a counted group of works, an item of a list, whose named member is a
        division: the group at the divisions the text names, not at the others it counts."""
        out: list[ProjectMention] = []
        lexicon = self.ref.place_lexicon(self.home)
        for m in re.finditer(r"等(\d+)[个家座处]", text[c_start:c_end]):
            at, after = c_start + m.start(), c_start + m.end()
            places, j = [], at
            while True:  # the places before 等, back to the list mark or the verb before them
                hit = next((p for p in lexicon.find(text[c_start:j]) if c_start + p.end == j), None)
                if hit is None or not self.ref.gazetteer.is_division(hit.key):
                    break
                places.append(hit.key)
                j = c_start + hit.start
                if j - 1 <= c_start or text[j - 1] != "、":
                    break
                ahead = next((p for p in lexicon.find(text[c_start:j - 1]) if c_start + p.end == j - 1), None)
                if ahead is None or not self.ref.gazetteer.is_division(ahead.key):
                    break
                j -= 1
            before = text[c_start:j]
            if not places or not (j == c_start or text[j - 1] == "、" or any(before.endswith(v) for v in self.construction)):
                continue
            end = next((i for i in range(after, c_end) if text[i] in "、"), c_end)
            end, _ = _strip_back(text, after, end, self.works)
            name = text[after:end]
            if name.endswith("城市") or not (self._has_head(name) or any(name.endswith(h) for h in self.placed_heads)):
                continue
            fig = next((f for f in figures if at <= f.start < end and f.unit != "rank"), None)
            out.append(ProjectMention(name, at + 1, end, "group", places=located(places[::-1], name, self.ref, self.home),
                                      count=Decimal(m.group(1)), figure=fig))
        return out

    def _groups(self, text, figures, found) -> list[ProjectMention]:
        """Counted groups: a count figure whose indicator ends in a project head."""
        out = []
        names = {pm.name for pm in found if pm.kind == "group"}
        for f in figures:
            if f.unit == "rank" or self.ref.unit_by_token.get("个") is None:
                continue
            unit = next((u for u in self.ref.units if u.slug == f.unit), None)
            if unit is None or unit.quantity != "count":
                continue
            base = f.indicator_base
            if base in names or not any(base.endswith(h) for h in self.project_heads):
                continue
            # what was done to the things counted is no part of the group's name ('新开工保障性安居工程580万套'),
            # unless only a head would be left ('建设项目300个' stays: 项目 alone names nothing)
            stripped = base[_strip_front(base, 0, len(base), self.verbs, self.keep):]
            name = stripped if self._has_head(stripped) else base
            if name in names:
                continue
            out.append(ProjectMention(name, f.start, f.end, "group", places=self._places_in(name), count=f.value, figure=f))
            names.add(name)
        return out
