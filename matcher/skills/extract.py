"""Find taxonomy skills in text: fast multi-pattern matching with word boundaries.

One Aho-Corasick automaton holds every alias of every skill, so a document is
scanned once however large the taxonomy. Names that are also English words
("Go", "Swift", "Rust", "R", "C") only count in their own casing and near
other technical evidence, so "go to market" or "rust-coloured" are not skills.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from dataclasses import asdict, dataclass, field
from importlib import resources

from matcher.sections import Section
from matcher.skills.taxonomy import Taxonomy, normalize_key

__all__ = ["SkillMention", "SkillExtractor"]

_TECH_CATEGORIES = frozenset({"programming language", "framework/library", "database", "cloud/platform", "tool"})
_CONTEXT_CHARS = 120
SHORT_NAME = 2  # names this short are matched by a word-bounded regex, not the automaton
_BOUNDARY_EXTRA = "+#"
_FOLLOWING_WORD = re.compile(r"[ \t]+([A-Za-z]+)")
# "Go to market", "Excel at", "Spring into": the word is a verb here.
_NOT_A_SKILL_AFTER = frozenset(
    "to the a an at into out up down over back ahead beyond through off this that your our".split()
)
# "Plan C", "Vitamin C", "Class C licence", "Taylor Swift": the word before makes it a name.
_NOT_A_SKILL_BEFORE = frozenset("plan vitamin class type grade level option category tier taylor".split())
# "Spring 2026", "Spring semester", "spring forward": a season, not a framework.
_SEASON_AFTER = re.compile(r"[ \t]+(?:(?:19|20)\d\d\b|(?:semester|term|break|season|forward|intake|cohort)\b)", re.I)
# "Proficient in Excel", "experience with Go", "using Spring", "services in Go": what follows is a skill.
_SKILL_LEAD_BEFORE = re.compile(
    r"\b(?:proficien(?:t|cy)|experience[ds]?|expertise|knowledge|familiar(?:ity)?|skill(?:s|ed)|fluen(?:t|cy)|"
    r"competen(?:t|ce|cy)|versed|background|certified|trained)\s+(?:in|with|of|using|on)\s+$|\busing\s+$|"
    # "Built services in Go", "written in Rust", "apps with Swift": software made in it.
    r"\b(?:written|built|coded|developed|implemented|programm(?:ed|ing)|scripted|scripting|code|services|apps|"
    r"applications|tools|software|systems|backends?|microservices|APIs)\s+(?:in|with)\s+$|"
    r"\byears?\s+(?:of|in|with)\s+$|"  # "3+ years of Go"
    r"\b(?:learned|learnt|mastered|adopted|wrote|rewrote|programs?\s+in|coding\s+in)\s+$", re.I)  # "Learned Go"
# "Budgets in Excel", "meetings on Teams", "we use Slack", "a scheduler in Go": a name a
# sentence ends on after a preposition is the product, for office tools and (after "in",
# "with", "using") languages; a framework or tool needs more ("shipped via Express",
# "cooked with Chef").
_PREPOSITION_BEFORE = re.compile(r"\b(in|on|with|using|via|use|uses|used)\s+$", re.I)
_LANGUAGE_PREPOSITIONS = frozenset({"in", "with", "using"})
_OFFICE_TOOLS = frozenset({"Microsoft Excel", "Microsoft Word", "Microsoft Teams", "Microsoft Outlook", "Microsoft Access",
                           "Microsoft PowerPoint", "Slack", "Zoom"})
# Skills a company's name may end on ("Barclays PLC"): only their own words vouch for them
# ("PLC faults", "experience with PLC"), never another tool nearby.
_COMPANY_SUFFIXES = frozenset({"Programmable Logic Controllers"})
_AT_COMPANY = re.compile(r"\b(?:at|for|from|joined)\s+$", re.I)  # "experience at Zoom, Slack or ..."
# Names that are a company as often as its product ("Account Manager, Oracle"; "Oracle, SQL
# Server"): they count only beside a database or language in a list, after a label or lead-in
# ("Databases: Oracle", "experience with Oracle"), never for a technology merely nearby.
_LIST_ONLY = frozenset({"oracle"})
_LIST_GLUE_AFTER = re.compile(r"(?:[ \t/,&+|]|\band\b|\bor\b)+", re.I)
_LIST_ONLY_NEIGHBOURS = frozenset({"database", "programming language"})
_MOVED_TO = re.compile(r"\s+to\s+")
# "Oracle | Java Developer": a job title follows the employer.
_TITLE_WORDS = frozenset("""developer developers engineer engineers architect administrator admin consultant manager
    analyst specialist lead programmer dba director officer intern""".split())
_DATABASE_AFTER = frozenset("dba dbas database databases queries query schema schemas tables instances".split())
# A list item starts after a separator or a label and ends before one (or at the line's end).
_ITEM_START = re.compile(r"(?:^|[,/|;:(&+]|\band|\bor)[ \t]*$", re.I)
_ITEM_STOP = re.compile(r"[,|;()\n]")
_USE_BEFORE = re.compile(r"\b(?:use|uses|used|using)\s+$", re.I)
# "able to Excel", "want to Go": an infinitive verb, whatever its capital.
_VERB_BEFORE = re.compile(r"\b(?:able|ability|want|wants|need|needs|how|have|has|going|eager|expected|strive|"
                          r"strives|love|loves|chance|ready)\s+to\s+$", re.I)
# "Computer skills: Word, Excel, Outlook": a label that says a list of tools follows.
_TOOL_LABEL = re.compile(r"\b(?:skills|tools|software|technolog(?:y|ies)|stack|languages|platforms|databases|"
                         r"proficienc(?:y|ies)|applications)\s*:", re.I)
# "Strong Excel skills", "Excel formulas": the next word makes it the product. Only after another
# word on the line, since a capital there is not the start of a sentence ("Solid skills in Python").
_SKILL_AFTER = frozenset("skills proficiency expertise formulas macros spreadsheets spreadsheet".split())
# Words after which a name has ended: "Go and Rust", "Go for payments", "Go services". A name
# followed by anything else may be the start of another name ("Swift Transportation",
# "Spring Training", "Word of mouth", "Teams of nurses", "C suite").
_JOINERS = frozenset("and or for in on at with from since as via across including plus".split())
_USE_NOUNS = frozenset("""services apps applications code codebase tools projects scripts experience expertise
    dashboards reports models queries pipelines modules plugins templates workbooks
    proficiency knowledge skills development programming language stack ecosystem backend backends frontend
    microservices apis api sdk framework library libraries developer developers engineer engineers
    formulas macros spreadsheets spreadsheet versions version app extension extensions rewrite tooling port
    client clients server servers service cli wrapper wrappers bindings package packages component components
    script module program programs daemon bot utility utilities""".split())
_LIST_GLUE = re.compile(r"(?:[\s/,&+|]|\band\b|\bor\b)+$", re.I)
_LINE_LEAD_MARK = re.compile(r"^[\s\-*•▪◦–]*(?:\d{1,2}[.)]\s*)?")
_PREVIOUS_WORD = re.compile(r"(?<![\w-])([A-Za-z]+)[ \t]+$")  # a word of its own: "world-class Swift" is Swift

# A web address names a site, not a skill: "https://acme.io/careers?ref=python" asks for
# neither HTTPS nor Python. Without a scheme or "www.", a host with a path is an address when
# written all in lower case ("github.com/you", "acme.dev/python"); "Socket.io/Redis/Kafka"
# and "Salesforce.com/HubSpot" are lists of names.
_URL_CHARS = r"[^\s<>()\[\]\"']"
_WEB_DOMAINS = r"\.(?:com|org|io|co|dev|ai|app|me|jobs|de|uk|eu)/"
_URL = re.compile(
    rf"\b[a-z][a-z0-9+.-]*://{_URL_CHARS}+|\bwww\.{_URL_CHARS}+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*{_WEB_DOMAINS}{_URL_CHARS}*")
# What every address above has: a quick scan first, as the full pattern is slow on the many
# resumes with a "/" in "CI/CD" or "03/2021".
_URL_HINT = re.compile(rf"://|www\.|{_WEB_DOMAINS}")


def _url_spans(text: str, lowered: str) -> list[tuple[int, int]]:
    """Where ``text`` (``lowered``: the same, lower-cased) holds web addresses."""
    spans = []
    for m in _URL.finditer(lowered):
        url = m.group()
        if "://" in url or url.startswith("www.") or text[m.start():m.end()].islower():
            spans.append(m.span())
    return spans


# "C-based", "Go-powered": the compound still names the language.
_TECH_COMPOUND = re.compile(r"-(?:based|powered|driven|native|compatible|centric|first)\b", re.I)
# "Java Developer", "Go engineer", "Swift programming": a technical word after the name vouches for it.
_TECH_AFTER = frozenset(
    """developer developers development engineer engineers engineering programmer programmers programming
    architect code coding framework library libraries api apis sdk scripting stack
    troubleshooting faults panels controls logic wiring""".split()  # "PLC troubleshooting", "PLC faults"
)


@dataclass(frozen=True)
class SkillMention:
    """One occurrence of a skill: ``text[start:end]`` is the surface form."""

    name: str
    category: str
    kind: str
    start: int
    end: int
    section: str
    surface: str
    nested: bool = False  # found inside a longer mention ("EHR" in "Epic EHR")

    def to_dict(self) -> dict:
        return asdict(self)


def _ambiguous_words() -> frozenset[str]:
    lines = (resources.files("matcher.skills") / "data" / "ambiguous.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _lower_same_length(text: str) -> str:
    """Lower-case and fold hyphens to spaces without changing offsets.

    "Attention-to-Detail" and "attention to detail" are the same skill; a
    few characters lengthen when lowered, so those are kept as they are.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.replace("-", " ").replace("\u2010", " ").replace("\u2011", " ")


def _pattern_key(form: str) -> str:
    """The automaton key of a name or alias, folded like the text it is matched against."""
    return normalize_key(form).replace("-", " ")


class SkillExtractor:
    """Finds the skills of a :class:`Taxonomy` in text.

    Build it once per taxonomy (:meth:`from_taxonomy`) and reuse it: the
    automaton takes a moment to build and then scans text in linear time.
    """

    def __init__(self, taxonomy: Taxonomy, automaton, short: dict[str, tuple[int, str, bool]] | None = None) -> None:
        self.taxonomy = taxonomy
        self._categories = [skill.category for skill in taxonomy.skills]
        self._automaton = automaton  # values: (key length, skill index, form, ambiguous)
        # One- and two-letter names ("R", "C", "Go") would hit inside almost every word in
        # the automaton; a word-bounded regex finds just the whole-word ones.
        self._short = short or {}
        self._short_pattern = re.compile(
            r"(?<![\w+#.])(" + "|".join(re.escape(k) for k in sorted(self._short, key=len, reverse=True)) + r")(?![\w+#])"
        ) if self._short else None

    @classmethod
    def from_taxonomy(cls, taxonomy: Taxonomy) -> SkillExtractor:
        """Index every name and alias of ``taxonomy``."""
        import ahocorasick  # lazy

        automaton = ahocorasick.Automaton()
        ambiguous = _ambiguous_words()
        short: dict[str, tuple[int, str, bool]] = {}
        for i, skill in enumerate(taxonomy.skills):
            for form in skill.forms:
                key = _pattern_key(form)
                if not key or key in automaton or key in short:
                    continue
                # Whether the form is ambiguous is fixed per form, so it is worked out here once.
                if len(key) <= SHORT_NAME:
                    short[key] = (i, form, _ambiguous(form, ambiguous))
                else:
                    automaton.add_word(key, (len(key), i, form, _ambiguous(form, ambiguous)))
        if len(automaton):
            automaton.make_automaton()
        return cls(taxonomy, automaton, short)

    def __getstate__(self) -> dict:
        return {"taxonomy": self.taxonomy}  # the automaton is rebuilt, not pickled

    def __setstate__(self, state: dict) -> None:
        built = SkillExtractor.from_taxonomy(state["taxonomy"])
        self.__dict__.update(built.__dict__)

    def extract(self, text: str, sections: tuple[Section, ...] = (),
                hints: frozenset[str] = frozenset()) -> list[SkillMention]:
        """All skill mentions in ``text``, leftmost-longest, each tagged with its section kind.

        ``hints`` are canonical names known from elsewhere (a posting's
        hashtags): an ambiguous name among them needs no further evidence.
        """
        skills = self.taxonomy.skills
        return [SkillMention(skills[i].name, skills[i].category, skills[i].kind, start, end, section,
                             text[start:end], nested)
                for start, end, i, section, nested in self.find(text, sections, hints)]

    def find(self, text: str, sections: tuple[Section, ...] = (),
             hints: frozenset[str] = frozenset()) -> list[tuple[int, int, int, str, bool]]:
        """:meth:`extract` as plain tuples (start, end, skill index, section, nested), for
        callers that read thousands of documents and need only these."""
        if (not len(self._automaton) and not self._short) or not text:
            return []
        lowered = _lower_same_length(text).replace("\n", " ")
        # (start, end, skill index, form, ambiguous)
        candidates: list[tuple[int, int, int, str, bool]] = []
        if self._short_pattern is not None:
            for m in self._short_pattern.finditer(lowered):
                skill_index, form, ambiguous = self._short[m.group(1)]
                candidates.append((m.start(1), m.end(1), skill_index, form, ambiguous))
        size, extra, append = len(lowered), _BOUNDARY_EXTRA, candidates.append
        for end_index, (length, skill_index, form, ambiguous) in (
                self._automaton.iter(lowered) if len(self._automaton) else ()):
            start, end = end_index - length + 1, end_index + 1
            # Whole words only: no word character on both sides of either edge.
            if start > 0:
                before, first = lowered[start - 1], lowered[start]
                if (before.isalnum() or before in extra) and (first.isalnum() or first in extra):
                    continue
                if before == "." and first.isalnum():
                    continue  # "node.js" must not also yield "js"
            if end < size:
                after, last = lowered[end], lowered[end_index]
                if (after.isalnum() or after in extra) and (last.isalnum() or last in extra):
                    continue
            append((start, end, skill_index, form, ambiguous))
        if _MONTH_HINT.search(lowered):
            candidates = [c for c in candidates if not _in_a_date(lowered, c[0], c[1])]
        if _URL_HINT.search(lowered):
            urls = _url_spans(text, lowered)
            candidates = [c for c in candidates if not any(a <= c[0] and c[1] <= b for a, b in urls)]
        # Leftmost-longest, non-overlapping.
        candidates.sort(key=_leftmost_longest)
        chosen: list[tuple[int, int, int, str, bool]] = []
        last_end = -1
        for cand in candidates:
            if cand[0] >= last_end:
                chosen.append(cand)
                last_end = cand[1]
        skills = self.taxonomy.skills
        if any(skills[c[2]].name in _NAMESAKE_OF for c in candidates) and _NAMESAKE_HINT.search(lowered):
            chosen = [c for c in chosen if not _namesake(skills[c[2]].name, text[c[0]:c[1]], lowered, c[0], c[1])]
            candidates = [c for c in candidates if not _namesake(skills[c[2]].name, text[c[0]:c[1]], lowered, c[0], c[1])]
        if _EMPLOYER_SUFFIX.search(text):  # "Snowflake Inc.", "Kafka Logistics Sp. z o.o."
            chosen = [c for c in chosen if not _names_a_company(text, c[1])]
            candidates = [c for c in candidates if not _names_a_company(text, c[1])]
        evidence = _Evidence()
        for c in chosen:
            if not c[4] and skills[c[2]].category in _TECH_CATEGORIES:
                evidence.add(c)
        accepted = [not c[4] for c in chosen]
        for k in range(len(chosen) - 1):  # "Excel, Word, Outlook": office tools listed together
            a, b = chosen[k], chosen[k + 1]
            if (a[4] and b[4] and skills[a[2]].name in _OFFICE_TOOLS and skills[b[2]].name in _OFFICE_TOOLS
                    and _own_casing(text[a[0]:a[1]], a[3]) and _own_casing(text[b[0]:b[1]], b[3])
                    and _LIST_GLUE.fullmatch(text, a[1], b[0])
                    and not _AT_COMPANY.search(text, max(0, a[0] - 12), a[0])):
                accepted[k] = accepted[k + 1] = True
        waiting = [i for i, ok in enumerate(accepted) if not ok]
        changed = True
        while changed and waiting:  # "Go or Rust": one accepted ambiguous name vouches for its neighbour
            changed = False
            for i in waiting:
                if not accepted[i] and self._accept_ambiguous(text, chosen[i], evidence, sections, hints):
                    accepted[i] = changed = True
                    evidence.add(chosen[i])
        starts = [s.start for s in sections]
        found = [(start, end, skill_index, _section_at(sections, starts, start), False)
                 for (start, end, skill_index, _form, _amb), ok in zip(chosen, accepted) if ok]
        # A longer name can hold another skill ("Epic EHR" shows EHR too): keep those as nested.
        # Accepted mentions do not overlap, so the one that may hold a candidate is the
        # last that starts at or before it.
        outer_starts = [f[0] for f in found]
        seen = {(skills[f[2]].name, f[0]) for f in found}
        nested = []
        for start, end, skill_index, form, ambiguous in candidates:
            k = bisect_right(outer_starts, start) - 1
            if k < 0:
                continue
            host = found[k]
            if not (end <= host[1] and (host[0], host[1]) != (start, end)):
                continue
            name = skills[skill_index].name
            if (skills[host[2]].name == name or (name, start) in seen or ambiguous
                    or name in _NOT_SHOWN_INSIDE.get(skills[host[2]].name, ())):
                continue
            if _other_casing(text[start:end], form, text[host[0]:host[1]]):
                continue  # "IOS" in "Cisco IOS" is Cisco's, not Apple's "iOS"
            seen.add((name, start))
            nested.append((start, end, skill_index, _section_at(sections, starts, start), True))
        if nested:  # both lists are in order of start; a nested mention goes after its host
            found = sorted(found + nested, key=_by_start)
        return found

    def _accept_ambiguous(self, text: str, cand: tuple[int, int, int, str, bool],
                          evidence: _Evidence, sections: tuple[Section, ...],
                          hints: frozenset[str]) -> bool:
        """An ambiguous name counts in its own casing, not as a verb, and with technical evidence close by."""
        start, end, skill_index, form, _ = cand
        surface = text[start:end]
        if not _own_casing(surface, form):
            return False
        following = _FOLLOWING_WORD.match(text, end)
        skill = self.taxonomy.skills[skill_index]
        if form.lower() in _LIST_ONLY:
            return _listed(text, start, end, evidence, self._categories)
        if (following and following.group(1).lower() == "to" and _USE_BEFORE.search(text, max(0, start - 8), start)
                and (skill.name in _OFFICE_TOOLS or skill.category == "programming language")):
            return True  # "Use Excel to reconcile accounts", "used Go to rewrite the scheduler"
        if following and following.group(1).lower() in _NOT_A_SKILL_AFTER:
            return False
        if surface == form and skill.name not in _COMPANY_SUFFIXES and (
                form not in (form.lower(), form.upper(), form.capitalize()) or (form.isupper() and len(form) >= 3)):
            return True  # written as only it is written: "SAFe", "iOS", an acronym "ECO" say what they are
        # Part of a compound word: "C-level", "R&D", "GO-JEK", "No-Go", "Swift-moving".
        if end + 1 < len(text) and text[end] in "-&" and text[end + 1].isalnum() and not _TECH_COMPOUND.match(text, end):
            return False
        if start >= 2 and text[start - 1] in "-&" and text[start - 2].isalnum():
            return False
        previous = _PREVIOUS_WORD.search(text, max(0, start - 30), start)
        if previous and previous.group(1).lower() in _NOT_A_SKILL_BEFORE:
            return False
        if _SEASON_AFTER.match(text, end):
            return False
        if _VERB_BEFORE.search(text, max(0, start - 24), start):
            return False
        if skill.name in hints:
            return True
        if following and following.group(1).lower() in _TECH_AFTER:
            return True
        if (following and previous and previous.group(1).islower() and following.group(1).istitle()
                and following.group(1).lower() in _USE_NOUNS and skill.category != "programming language"):
            return False  # a capital mid-sentence goes on the name: "at Express Scripts" (but "Bash Scripts")
        ends = _name_ends(text, end)
        if ends and _SKILL_LEAD_BEFORE.search(text, max(0, start - 40), start):
            return True
        line_start = text.rfind("\n", 0, start) + 1
        before = text[line_start:start]
        preposition = _PREPOSITION_BEFORE.search(before)
        if preposition and (_name_ends(text, end, strict=True) or _participle_after(
                text, end, preposition.group(1).lower(), skill.name)) and (skill.name in _OFFICE_TOOLS or (
                skill.category == "programming language" and preposition.group(1).lower() in _LANGUAGE_PREPOSITIONS)):
            return True  # "budgets in Excel", "a job scheduler in Go", "comfortable with Go"
        if previous and following and following.group(1).lower() in _SKILL_AFTER | _USE_NOUNS:
            return True  # "Wrote Go microservices", "Created Excel dashboards"
        if _TOOL_LABEL.search(before):
            return True
        if skill.name in _COMPANY_SUFFIXES:
            return False  # "Lloyds Banking Group PLC; Python": a tool nearby says nothing of it
        if evidence.near(start, end, _CONTEXT_CHARS):
            # A tool nearby vouches only for a name that ends here ("Teams of nurses", "the C suite",
            # "Swift Transportation" go on), or one followed by a technology ("Java Spring Boot").
            before_tech = bool(following) and bool(evidence.starting_at(following.start(1)))
            # In a list of names run together ("J2EE Spring ORM", "Python and Java Developing"),
            # a technology just before it vouches too.
            joined = _LIST_GLUE.search(text, max(0, start - 12), start)
            after_tech = bool(evidence.ending_at(joined.start() if joined else start))
            if not ends and not before_tech and not after_tech:
                return False
            # At the start of a sentence a capital says nothing: "Excel in a fast pace", "Go big".
            opens = before[_LINE_LEAD_MARK.match(before).end():].rstrip()
            if not opens or opens[-1] in ".!?…:":
                return (_name_ends(text, end, strict=True) or _next_char(text, end) in ",/;:)" or before_tech
                        or evidence.starts_between(end, _sentence_end(text, end)))  # "R for ... ggplot2"
            return True
        return _section_at(sections, [s.start for s in sections], start) == "skills"


@dataclass
class _Evidence:
    """The technical mentions that vouch for an ambiguous name near them, indexed by where they
    start and end: a long document has thousands, too many to scan for every ambiguous name."""

    starts: list[int] = field(default_factory=list)  # sorted
    ends: list[int] = field(default_factory=list)  # sorted
    by_start: dict[int, list[tuple[int, int, int, str, bool]]] = field(default_factory=dict)
    by_end: dict[int, list[tuple[int, int, int, str, bool]]] = field(default_factory=dict)

    def add(self, mention: tuple[int, int, int, str, bool]) -> None:
        insort(self.starts, mention[0])
        insort(self.ends, mention[1])
        self.by_start.setdefault(mention[0], []).append(mention)
        self.by_end.setdefault(mention[1], []).append(mention)

    def starting_at(self, position: int) -> list[tuple[int, int, int, str, bool]]:
        return self.by_start.get(position, [])

    def ending_at(self, position: int) -> list[tuple[int, int, int, str, bool]]:
        return self.by_end.get(position, [])

    def starts_between(self, low: int, high: int) -> bool:
        """Whether a mention starts strictly between ``low`` and ``high``."""
        k = bisect_right(self.starts, low)
        return k < len(self.starts) and self.starts[k] < high

    def near(self, start: int, end: int, chars: int) -> bool:
        """Whether a mention other than (start, end) starts within ``chars`` of ``start`` or ends
        within ``chars`` of ``end``."""
        for edges, index, at in ((self.starts, self.by_start, start), (self.ends, self.by_end, end)):
            for position in edges[bisect_left(edges, at - chars):bisect_right(edges, at + chars)]:
                if any((m[0], m[1]) != (start, end) for m in index[position]):
                    return True
        return False


def _listed(text: str, start: int, end: int, evidence: _Evidence,
            categories: list[str]) -> bool:
    """Whether a :data:`_LIST_ONLY` name is listed with other technologies or led in as a skill.

    ``categories``: the category of each skill, by index. The list must be one of databases or
    languages ("Oracle, SQL Server", "MySQL/Oracle") or follow a label ("Databases: Oracle"),
    and its neighbour a whole item: in "Oracle | Java Developer" Oracle is an employer, and
    in "partnerships with Oracle, SAP and IBM" a company among companies.
    """
    line_start = text.rfind("\n", 0, start) + 1
    following = _FOLLOWING_WORD.match(text, end)
    if _AT_COMPANY.search(text, max(0, start - 12), start):
        # "Migrated from Oracle to PostgreSQL": a move between databases (not "from Oracle to Google").
        to = _MOVED_TO.match(text, end)
        return bool(to) and any(categories[m[2]] == "database" for m in evidence.starting_at(to.end()))
    if following and following.group(1).lower() in _DATABASE_AFTER:
        return True  # "Oracle DBA", "tuned Oracle queries"
    if not _name_ends(text, end):
        return False
    joined = _LIST_GLUE.search(text, max(0, start - 12), start)
    glue = _LIST_GLUE_AFTER.match(text, end)
    neighbours = []
    if joined:
        neighbours += [m for m in evidence.ending_at(joined.start()) if _ITEM_START.search(text, line_start, m[0])]
    if glue and glue.group().strip():
        neighbours += [m for m in evidence.starting_at(glue.end()) if not _names_a_job(text, m[1])]
    categories_beside = {categories[m[2]] for m in neighbours}
    if categories_beside & _LIST_ONLY_NEIGHBOURS:
        return True
    # "Software: Oracle, SAP, QuickBooks": Oracle's applications.
    return not categories_beside and bool(_SKILL_LEAD_BEFORE.search(text, max(0, start - 40), start)
                                          or _TOOL_LABEL.search(text, line_start, start))


def _participle_after(text: str, end: int, preposition: str, name: str) -> bool:
    """Whether a participle goes on after a language named after ``preposition`` (see _PARTICIPLE_AFTER_IN)."""
    if preposition == "in":
        return bool(_PARTICIPLE_AFTER_IN.match(text, end))
    return preposition == "with" and name not in _GIVEN_NAMES and bool(_PARTICIPLE_AFTER_WITH.match(text, end))


def _names_a_company(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is the start of a company's name ("Snowflake Inc.");
    a job title between them is not ("Python Developer Acme Corp")."""
    m = _EMPLOYER_AFTER.match(text, end)
    return bool(m) and not any(w.lower() in _TITLE_WORDS for w in (m.group("between") or "").split())


def _names_a_job(text: str, end: int) -> bool:
    """Whether the list item going on from ``end`` is a job title ("Java/J2EE Developer")."""
    stop = _ITEM_STOP.search(text, end)
    return any(w.lower() in _TITLE_WORDS for w in re.findall(r"[A-Za-z]+", text[end:stop.start() if stop else len(text)]))


def _own_casing(surface: str, form: str) -> bool:
    """Whether an ambiguous name is written as the product writes it: "Excel", "EXCEL", a lower-case
    form capitalised ("Flask"); not "excel" for Excel."""
    if surface != form and surface != form.upper() and not (form.islower() and surface == form.capitalize()):
        return False
    return not (surface.islower() and not form.islower())


_SENTENCE_END = re.compile(r"[.!?;\n]")


def _sentence_end(text: str, start: int) -> int:
    """Where the sentence holding ``start`` ends (its stop, or the end of the text)."""
    m = _SENTENCE_END.search(text, start)
    return m.start() if m else len(text)


def _next_char(text: str, end: int) -> str:
    """The first character after ``end`` that is not a space or tab ("" at the end of a line)."""
    rest = text[end:end + 40].lstrip(" \t")
    return "" if not rest or rest[0] in "\r\n" else rest[0]


def _name_ends(text: str, end: int, *, strict: bool = False) -> bool:
    """Whether a name ends at ``end``: punctuation, the line's end, a version number, a joining word
    or a word of use ("Go services"); with ``strict``, of joining words only "and", "or", "&"."""
    char = _next_char(text, end)
    if not char or char.isdigit() or char in ",.;:!?()[]/|&" or _TECH_COMPOUND.match(text, end):
        return True
    following = _FOLLOWING_WORD.match(text, end)
    if not following:
        return False
    word = following.group(1).lower()
    return word in _USE_NOUNS or word in (("and", "or") if strict else _JOINERS)


# A month in a date ("Mar 2019", "15 Mar 2019") is no skill, whatever an alias says (MAR,
# the Medication Administration Record).
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec".split())
_MONTH_HINT = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[.,/-]?\s*'?\d")


def _in_a_date(lowered: str, start: int, end: int) -> bool:
    """Whether the match at ``start:end`` is a month next to a day or a year."""
    if lowered[start:end] not in _MONTHS:
        return False
    after = lowered[end:end + 4].lstrip(". '/,-")
    return (after[:1].isdigit()) or lowered[max(0, start - 3):start].rstrip().endswith(tuple("0123456789"))


# Products that share a name with another's, told apart by the vendor or its world named nearby:
# Cisco's IOS (also "IOS-XE", "cisco ios", "routers running IOS 15") is no Apple iOS. Written as
# Apple writes it, "iOS" stays iOS. Bending EMT conduit is no Emergency Medical Technician.
_NAMESAKES = {"iOS": r"\bcisco\b|\brouters?\b|\bccn[ap]\b|\bccie\b|\bospf\b|\beigrp\b|\bbgp\b|\bvlans?\b",
              # an electrician's EMT is electrical metallic tubing
              "Emergency Medical Technician": r"\bconduits?\b|\belectrical\b|\belectricians?\b"}
# "services in Go serving 200 teams", "an app in Swift integrated with Stripe": after "in", a
# participle goes on the sentence (not "in Go shopping", "in R rated", "in Dart based"); after
# "with", only one of what code does, and never for a language that is also a given name
# ("Partnered with Julia managing contracts", "with Crystal handling payroll").
_PARTICIPLE_AFTER_IN = re.compile(r"[ \t]+(?!(?:shopping|karting|dancing|skiing|hiking|swimming|camping|fishing|"
                                  r"biking|cycling|sailing|surfing|climbing|bowling|golfing|singing|moving)\b)"
                                  r"(?:[a-z]{2,}ing|backed|powered|deployed|hosted|compiled|integrated|written|built)\b")
_PARTICIPLE_AFTER_WITH = re.compile(r"[ \t]+(?:serving|using|running|handling|powering|processing|exposing|consuming|"
                                    r"calling|streaming|ingesting|integrating|targeting|talking|connecting|communicating)\b")
_GIVEN_NAMES = frozenset({"Julia", "Ruby", "Crystal", "Ada", "Elixir"})
# A company's legal form after a name makes it the company ("Recruiter, Snowflake Inc.", "Ansys
# Inc.", "Kafka Logistics Sp. z o.o."), up to two capitalised words on; so does "(Tableau division)".
# Only on the name's own line, and only where the company's name ends there: "PLC programming",
# "AG Grid", "C# Limited exposure" and "Python Developer Acme Corp" keep their tools.
_LEGAL_FORM = (r"(?:(?:Inc|LLC|L\.L\.C|Ltd|Corp|Corporation|GmbH|S\.A|S\.p\.A|B\.V|N\.V|Sp\.[ \t]?z[ \t]?o\.o|LLP|Pty|"
               r"Co\.)(?![\w-])|Limited(?=[ \t]*(?:$|[,;|)(\d–—-])))")
_EMPLOYER_SUFFIX = re.compile(rf"[ \t]{_LEGAL_FORM}|[ \t](?:division|subsidiary)\b", re.M)
_EMPLOYER_AFTER = re.compile(rf"(?P<between>(?:[ \t]+[A-Z][\w&'-]*){{0,2}}),?[ \t]+{_LEGAL_FORM}|[ \t]+(?:division|subsidiary)\b",
                             re.M)
_NAMESAKE_HINT = re.compile("|".join(sorted(set(_NAMESAKES.values()))))
_NAMESAKE_OF = {name: re.compile(hint) for name, hint in _NAMESAKES.items()}


# Products whose name holds another skill they do not show: Azure DevOps and its parts (boards,
# repos, pipelines as a service) are no work on the Azure cloud, and Azure Data Studio is a
# desktop SQL client, not Looker (Data) Studio.
_NOT_SHOWN_INSIDE = {**{name: frozenset({"Microsoft Azure"}) for name in (
    "Azure DevOps", "Azure DevOps Server", "Azure Pipelines", "Azure Boards", "Azure Repos")},
                     "Azure Data Studio": frozenset({"Microsoft Azure", "Looker Studio"})}


def _namesake(name: str, surface: str, lowered: str, start: int, end: int) -> bool:
    """Whether a mention of ``name`` written as ``surface`` is another vendor's product of that name."""
    hint = _NAMESAKE_OF.get(name)
    return (hint is not None and surface != name
            and hint.search(lowered[max(0, start - _CONTEXT_CHARS):end + _CONTEXT_CHARS]) is not None)


def _section_at(sections: tuple[Section, ...], starts: list[int], offset: int) -> str:
    """The kind of the section holding ``offset`` (``starts``: the sections' starts, in order)."""
    k = bisect_right(starts, offset) - 1
    if k >= 0 and offset < sections[k].end:
        return sections[k].kind
    for s in sections:  # between sections (a heading line), or sections given out of order
        if s.start <= offset < s.end:
            return s.kind
    return "other"


def _ambiguous(form: str, words: frozenset[str]) -> bool:
    """A name that is also a common word, or one or two letters ("Go", "R"): it needs evidence."""
    key = form.strip()
    return key.lower() in words or (len(key) <= 2 and key.isalpha())


def _other_casing(surface: str, form: str, outer: str) -> bool:
    """Whether a name inside a longer one is written in another casing than its own mixed-case form,
    in an outer name that is not all one case: another product's word, not that name."""
    return (form not in (form.lower(), form.upper()) and surface != form
            and not (outer.isupper() or outer.islower()))


def _leftmost_longest(candidate: tuple) -> tuple[int, int]:
    return candidate[0], candidate[0] - candidate[1]


def _by_start(found: tuple[int, int, int, str, bool]) -> tuple[int, bool]:
    return found[0], found[4]
