"""What a posting asks for, and what a resume shows: the two sides of a skill gap.

A posting's requirements come from taxonomy mentions, open-vocabulary
requirement phrases and hashtags; each gets an importance from where it was
found (requirements > responsibilities > nice-to-have > company blurb).
Hashtags are evidence, not truth: a tag the text never mentions stays weak.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from matcher.documents import Posting, Resume
from matcher.privacy import contact_line_spans, name_line_span
from matcher.sections import is_aside, is_pastimes
from matcher.skills.extract import SkillExtractor, SkillMention
from matcher.skills.phrases import blank_not_held, content_tokens, not_asked, requirement_phrases
from matcher.skills.taxonomy import group_labels, normalize_key, shown_by

__all__ = [
    "Requirement", "ResumeSkills", "posting_requirements", "resume_skills",
    "SECTION_WEIGHTS", "REQUIRED_IMPORTANCE", "asks_as_nice", "resume_contact_spans",
]

SECTION_WEIGHTS = {
    "requirements": 1.0, "title": 0.9, "summary": 0.6, "responsibilities": 0.6, "other": 0.5,
    "nice_to_have": 0.3, "company": 0.1, "benefits": 0.05, "application": 0.05,
}
HASHTAG_ONLY = 0.25
CONTEXT_WEIGHT = 0.45
BLURB_SECTIONS = frozenset({"summary", "responsibilities", "other"})
INTRO_SECTIONS = frozenset({"summary", "other"})  # a posting's opening and untitled parts
_OF_THE_COMPANY = re.compile(r"\b(?:our|we|us)\b", re.I)
# "you", "you'll", "your", and the words of a posting that speaks of the hire
_OF_THE_HIRE = re.compile(r"\byou(?:r|rs|rself)?\b|looking for|seeking|candidate|hire|hiring|join|will\b", re.I)
_SENTENCE_STOP = re.compile(r"(?<!\be\.g)(?<!\bi\.e)(?<!\betc)[.!?](?=\s)|\n")


def _about_the_company(sentence: str) -> bool:
    """Whether a sentence speaks of the company and not of the hire: "Our data science team uses
    R", not "We are looking for a React developer" nor "You will build APIs"."""
    return bool(_OF_THE_COMPANY.search(sentence)) and not _OF_THE_HIRE.search(sentence)


def _sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` holding ``offset`` (a line holds one or more sentences)."""
    starts = [m.end() for m in _SENTENCE_STOP.finditer(text, max(0, offset - 400), offset)]
    start = starts[-1] if starts else max(0, offset - 400)
    stop = _SENTENCE_STOP.search(text, offset)
    return text[start:stop.start() if stop else len(text)]
TECH_CATEGORIES = frozenset({"programming language", "framework/library", "database", "cloud/platform", "tool"})
HASHTAG_BOOST = 0.15
REPEAT_BOOST = 0.05
REQUIRED_IMPORTANCE = 0.5
_NICE_LEAD = r"^\W*(?:plus|bonus|nice[ -]to[ -]have|preferred)\s*[:–—-]"  # "Plus: 6+ years of Rust", "Bonus - Kafka"
_NICE_CONTEXT = re.compile(
    r"\b(?:a (?:(?:big|huge|great|definite|strong|real)\s+)?plus|is a bonus|bonus points?|nice to have|nice-to-have|preferred|desirable|ideally|"
    rf"optional|advantageous|an advantage|beneficial)\b|{_NICE_LEAD}",
    re.I)


def asks_as_nice(line: str, part: str = "") -> bool:
    """Whether a posting line marks what it asks for as a plus ("Kafka experience preferred").

    With ``part`` (what was asked, "5+ years of Python"), only the clause of the line holding
    it counts: "5+ years of Python; Django is a plus" still requires the Python.
    """
    if part and part in line:
        return nice_at(line, line.index(part))
    return bool(_NICE_CONTEXT.search(line))


def nice_at(line: str, at: int) -> bool:
    """Whether the clause of ``line`` holding offset ``at`` marks what it asks for as a plus.

    "SQL required; Python preferred" and "Python (Django preferred)" require the first and
    prefer the second. A clause that is nothing but the cue marks the one before it:
    "Kafka (preferred)", "Kafka - a plus"; "Python (required)" stays required. A "Plus:"
    lead-in marks the whole line.
    """
    if _NICE_LEAD_LINE.match(line):
        return True
    # A bracket is an aside: "AWS (EC2, S3) is a plus" prefers AWS. What it says of its own
    # skills counts for them ("Python (Django preferred)", "Databases (PostgreSQL required;
    # MongoDB preferred)"). A bracket that is only a cue, "(preferred)" or "(required)", stays,
    # and marks the item just before it.
    plain = line
    for m in _BRACKET.finditer(line):
        content = m.group()[1:-1]
        if m.start() < at < m.end():
            if _NICE_CONTEXT.search(content):
                return nice_at(content, at - m.start() - 1)
            at = m.start()
        if not (_only_the_cue(content) or _only_required(content)):
            plain = plain[:m.start()] + " " * len(m.group()) + plain[m.end():]
    line = plain
    # "SQL required, Python preferred": an item that says it is required is not a plus.
    segment = _LIST_SEGMENT.split(line[:at])[-1] + _LIST_SEGMENT.split(line[at:])[0]
    if _says_required(segment):
        return False
    bounds = [(m.start(), m.end()) for m in _CLAUSE_END.finditer(line)]
    start = max((end for begin, end in bounds if end <= at), default=0)
    after = [(begin, end) for begin, end in bounds if begin >= at]
    if _NICE_CONTEXT.search(line[start:after[0][0] if after else len(line)]):
        return True
    if not after:
        return False
    if line[after[0][0]] == "(" and _LIST_SEGMENT.search(line, at, after[0][0]):
        return False  # "Python (3.8+), Docker (preferred)": the bracket is Docker's alone
    return _only_the_cue(line[after[0][1]:after[1][0] if len(after) > 1 else len(line)])


def _only_the_cue(clause: str) -> bool:
    """Whether a clause is a plus cue and nothing else: "preferred", "- a big plus"."""
    return bool(_NICE_CONTEXT.search(clause)) and not (
        set(re.findall(r"[a-z0-9+#]+", _NICE_CONTEXT.sub(" ", clause).lower())) - _NICE_FILLER)


def _only_required(clause: str) -> bool:
    """Whether a clause says required and nothing else: "(required)", "(both required)"."""
    return _says_required(clause) and not (
        set(re.findall(r"[a-z0-9+#]+", _SAYS_REQUIRED.sub(" ", clause).lower())) - _NICE_FILLER - {"both", "all"})


def _says_required(text: str) -> bool:
    """Whether ``text`` says required, not "not (necessarily) required" or "isn't required"."""
    return any(not _NOT_BEFORE.search(text, max(0, m.start() - 24), m.start()) for m in _SAYS_REQUIRED.finditer(text))


_CLAUSE_END = re.compile(r"[;()]|,\s+(?:but|and|while)\b|\.\s|\s[-–—]\s")
_BRACKET = re.compile(r"\([^()]*\)")
_LIST_SEGMENT = re.compile(r"[,;]|\s(?:and|&)\s|\.\s|\s[-–—]\s")
_SAYS_REQUIRED = re.compile(r"\b(?:required|a must|must have|must|mandatory)\b", re.I)
_NOT_BEFORE = re.compile(r"\b(?:not|never|isn['’]t|aren['’]t|no)\b(?:\s+\w+)?\s+$", re.I)
_NICE_LEAD_LINE = re.compile(_NICE_LEAD, re.I)  # a lead-in that makes the whole line a plus
# Words that may stand beside a cue in a clause of its own: "(strongly preferred)", "- a big plus".
_NICE_FILLER = frozenset("""is are would will be a an strongly highly very much big huge definitely also as well
    but not required considered always extra nice""".split())


# "learn more about Go, Rust, and Ruby" asks for curiosity, not a skill.
_SOFT_CONTEXT = re.compile(
    r"\b(?:learn|learning|exposure to|nice to have|bonus|a plus|is a plus|preferred|desirable|ideally|optional)\b", re.I
)


@dataclass(frozen=True)
class Requirement:
    """One skill a posting asks for.

    ``key`` identifies it across documents: ``t:<canonical name>`` for taxonomy
    skills, ``p:<content tokens>`` for open-vocabulary phrases.
    """

    key: str
    name: str
    aliases: tuple[str, ...]
    category: str
    kind: str
    family: str  # whose other skills partly stand in for it; see Taxonomy.stand_in_family
    importance: float
    evidence: str
    section: str
    tokens: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()  # skill groups an open phrase names ("a major cloud provider")
    alternatives: tuple[str, ...] = ()  # skills the posting takes instead ("Go or Python"), sorted

    @property
    def required(self) -> bool:
        return self.importance >= REQUIRED_IMPORTANCE

    @property
    def in_taxonomy(self) -> bool:
        return self.key.startswith("t:")


@dataclass(frozen=True)
class ResumeSkills:
    """The skill evidence of one resume: canonical names found, their families, and its lines."""

    names: frozenset[str]
    evidence: dict[str, str]
    groups: frozenset[str]  # families and kinds of its skills, see taxonomy.group_labels
    lines: tuple[str, ...]
    line_tokens: tuple[tuple[str, ...], ...]
    lines_of: dict[str, frozenset[str]] = field(default_factory=dict)  # name -> the lines that mention it
    family_of: dict[str, str] = field(default_factory=dict)  # name -> its skill family, where it has one
    aside_only: frozenset[str] = frozenset()  # named only in education, volunteering, awards... (see is_aside)
    says_lacks: bool = False  # says what its writer lacks ("no experience with Kubernetes"; see blank_not_held)

    def related_to(self, requirement: Requirement) -> list[str]:
        """The skills shown that stand in for a requirement: of its family, or named by the posting
        as alternatives to it (the resume's MySQL for a posting's PostgreSQL)."""
        return sorted(n for n in self.names if n != requirement.name and (
            n in requirement.alternatives or (requirement.family and self.family_of.get(n) == requirement.family)))

    def shown_through(self, requirement: Requirement) -> list[str]:
        """The skills shown that belong to a family a broad requirement is shown by (Docker for
        Containerization); see :func:`~matcher.skills.taxonomy.shown_by`."""
        wanted = {g.split(":", 1)[1] for g in requirement.groups if g.startswith("family:")}
        return sorted(n for n in self.names if self.family_of.get(n) in wanted) if wanted else []

    @property
    def families(self) -> frozenset[str]:
        """The skill families it shows (a related skill of one counts as a partial match)."""
        return frozenset(g.split(":", 1)[1] for g in self.groups if g.startswith("family:"))


def _nice_in_line(text: str, offset: int) -> bool:
    """:func:`nice_at` for a document offset, on the line holding it."""
    lo = text.rfind("\n", 0, offset) + 1
    hi = text.find("\n", offset)
    return nice_at(text[lo: hi if hi != -1 else len(text)], offset - lo)


def _line_at(text: str, offset: int) -> str:
    lo = text.rfind("\n", 0, offset) + 1
    hi = text.find("\n", offset)
    return text[lo: hi if hi != -1 else len(text)].strip()


def posting_requirements(posting: Posting, extractor: SkillExtractor) -> tuple[Requirement, ...]:
    """Every skill the posting mentions, with its importance, most important first."""
    taxonomy = extractor.taxonomy
    tag_skills = {}
    for tag in posting.hashtags:
        skill = taxonomy.get_tag(tag)
        if skill is not None:
            tag_skills[skill.name] = tag
    found: dict[str, dict] = {}

    def add(key: str, weight: float, **info) -> None:
        entry = found.get(key)
        if entry is None:
            found[key] = {"weight": weight, "count": 1, **info, "alternatives": info.get("alternatives") or ()}
            return
        entry["count"] += weight >= 0.5
        # Asked outright once ("Strong Go skills", the title), a skill is asked outright,
        # whatever an either-or elsewhere offers instead.
        offered = info.pop("alternatives", None)  # None: this sighting says nothing either way
        alternatives = entry["alternatives"] if offered is None else tuple(
            sorted(set(entry["alternatives"]) & set(offered)))
        if weight > entry["weight"]:
            entry.update(weight=weight, **info)
        entry["alternatives"] = alternatives

    text = posting.text
    company = normalize_key(posting.company)
    # With an explicit requirements section, soft skills and domain words met only in the
    # role blurb are context, not requirements; named technologies still count in the
    # responsibilities, not in the opening or untitled parts.
    has_requirements = any(s.kind == "requirements" for s in posting.sections)
    labels = _spans_in_asks(text, posting, _LABELLED_BULLET)
    roles = _spans_in_asks(text, posting, _ROLE_ASK)
    contexts: dict[str, tuple[bool, bool]] = {}  # line -> (soft context, a nice-to-have cue somewhere)
    if posting.title:
        excepted = not_asked(posting.title)  # "Preschool Teachers, Except Special Education"
        for mention in extractor.extract(posting.title, hints=frozenset(tag_skills)):
            if any(lo <= mention.start < hi for lo, hi in excepted):
                continue
            add(f"t:{normalize_key(mention.name)}", SECTION_WEIGHTS["title"], name=mention.name,
                section="title", evidence=posting.title, alternatives=())
    mentions = [m for m in extractor.extract(text, posting.sections, hints=frozenset(tag_skills))
                # a posting asking for "Microsoft SQL Server" asks for that, not for SQL besides
                if not m.nested]
    alternatives = _alternatives(text, mentions)
    negations: dict[int, list[tuple[int, int]]] = {}  # line start -> its clauses saying "not needed"
    for mention in mentions:
        line_start = text.rfind("\n", 0, mention.start) + 1
        negated = negations.get(line_start)
        if negated is None:
            line_end = text.find("\n", mention.start)
            negated = negations[line_start] = not_asked(text[line_start:line_end if line_end >= 0 else len(text)])
        if any(lo <= mention.start - line_start < hi for lo, hi in negated):
            continue  # "No Java experience needed"
        key = normalize_key(mention.name)
        if company and key in company and re.search(rf"\b{re.escape(key)}\b", company):
            continue  # the employer's own product is not a requirement
        if mention.category not in TECH_CATEGORIES and any(lo <= mention.start < hi for lo, hi in roles):
            continue  # a technology in a role ("as a Java Developer") is still asked for
        line = _line_at(text, mention.start)
        context = contexts.get(line)
        if context is None:  # many mentions share a line
            context = contexts[line] = (bool(_SOFT_CONTEXT.search(line)), bool(_NICE_CONTEXT.search(line)))
        weight = SECTION_WEIGHTS.get(mention.section, 0.5)
        if context[0] and mention.section != "requirements":
            weight *= 0.5
        elif context[1] and _nice_in_line(text, mention.start):
            weight = min(weight, SECTION_WEIGHTS["nice_to_have"])  # "multi-cloud experience is a plus"
        if has_requirements and (mention.category not in TECH_CATEGORIES and mention.section in BLURB_SECTIONS or (
                mention.section in INTRO_SECTIONS and _about_the_company(_sentence_at(text, mention.start)))):
            # "Our data science team uses R and SAS": an opening that speaks of the company sets
            # the scene; "you'll work in Go or Rust" or "We are looking for a React developer" asks.
            weight = min(weight, CONTEXT_WEIGHT)
        if any(lo <= mention.start < hi for lo, hi in labels):
            weight = min(weight, CONTEXT_WEIGHT)  # "Networking: ... TCP/IP ..." asks for Networking
        add(f"t:{normalize_key(mention.name)}", weight, name=mention.name, section=mention.section, evidence=line,
            tokens=_presence_tokens(mention.surface, mention.name),
            alternatives=alternatives.get((mention.start, mention.end), ()))
    phrases = [(section.kind, phrase, taxonomy.get(phrase.text))
               for section in posting.sections if section.kind in ("requirements", "nice_to_have")
               for phrase in requirement_phrases(text[section.start:section.end], section.start)
               if not re.search(r"\byears?\b|\b(?:\d+\+?|a|one|two|three|six|several)\s*months?\b", phrase.text, re.I)]
    # Skills named anywhere (also by a phrase: "- Excel") vouch for their ambiguous names in phrases.
    named = frozenset([e["name"] for k, e in found.items() if k.startswith("t:")]
                      + [skill.name for _, _, skill in phrases if skill is not None])
    known = sorted((m.start, m.end) for m in mentions)
    for kind, phrase, skill in phrases:
        if skill is None and extractor.extract(phrase.text, hints=named):
            continue  # "Proficiency in SQL and Oracle": the named skills stand for it
        k = bisect_right(known, (phrase.start, len(text))) - 1
        if skill is None and k >= 0 and phrase.start < known[k][1]:
            continue  # "Attention" cut from "Attention to Detail", which the taxonomy names
        weight = SECTION_WEIGHTS[kind]
        if _nice_in_line(text, phrase.start):
            weight = min(weight, SECTION_WEIGHTS["nice_to_have"])  # "Manhattan or Blue Yonder preferred"
        if skill is not None:
            add(f"t:{normalize_key(skill.name)}", weight, name=skill.name, section=kind, evidence=phrase.line)
            continue
        tokens = content_tokens(phrase.text)
        if all(len(t) <= 3 for t in tokens) and phrase.text.islower():
            continue  # "eye", "use": too thin to name a skill (an acronym such as "BSN" is not)
        add("p:" + " ".join(sorted(tokens)), weight, name=phrase.text, section=kind,
            evidence=phrase.line, tokens=tokens)
    for name, tag in tag_skills.items():
        key = f"t:{normalize_key(name)}"
        if key in found:
            # A tag backs up what the text asks for; it cannot lift a blurb mention to a requirement.
            weight = found[key]["weight"]
            found[key]["weight"] = min(1.0, weight + HASHTAG_BOOST) if weight >= REQUIRED_IMPORTANCE else max(
                weight, HASHTAG_ONLY)
        else:
            add(key, HASHTAG_ONLY, name=name, section="hashtags", evidence=f"#{tag}")

    requirements = []
    for key, entry in found.items():
        skill = taxonomy.get(entry["name"]) if key.startswith("t:") else None
        importance = min(1.0, entry["weight"] + REPEAT_BOOST * max(0, entry["count"] - 1))
        requirements.append(Requirement(
            key=key,
            name=entry["name"],
            aliases=skill.aliases if skill else (),
            category=skill.category if skill else "open",
            kind=skill.kind if skill else _phrase_kind(entry["name"]),
            family=taxonomy.stand_in_family(skill),
            importance=round(importance, 3),
            evidence=entry["evidence"],
            section=entry["section"],
            tokens=entry.get("tokens", ()),
            groups=taxonomy.groups_named(entry.get("tokens", ())) if skill is None else shown_by(skill.name),
            alternatives=entry["alternatives"],
        ))
    requirements.sort(key=lambda r: (-r.importance, r.name.lower()))
    return tuple(requirements)


# What may stand between two skills of a list: "Go or Python", "AWS, GCP, or Azure",
# "PostgreSQL and/or MySQL", "Python, Java, and Scala", "Java (or Python)".
_LIST_JOINT = re.compile(r"\s*(?P<comma>,)?\s*(?P<bracket>\(\s*(?=or\b))?(?P<word>(?:and/)?or|and|&)?\s*(?:an?\s+|the\s+)?",
                         re.I)


def _alternatives(text: str, mentions: list[SkillMention]) -> dict[tuple[int, int], tuple[str, ...]]:
    """For each mention offered as one of several alternatives, the other skills offered (sorted names).

    The alternatives are the skills joined by "or" ("React or Vue"). Commas before the last
    "or" of a list that has no "and" make its whole list alternatives ("AWS, GCP, or Azure");
    otherwise a list asks for each of its items ("Node.js, React or Vue, and GraphQL" asks
    for Node.js, GraphQL and one of React and Vue).
    """
    found: dict[tuple[int, int], tuple[str, ...]] = {}
    ordered = sorted(mentions, key=lambda m: m.start)
    runs: list[tuple[list[SkillMention], list[str]]] = []  # a list of mentions and the joints between them
    for m in ordered:
        if runs:
            items, joints = runs[-1]
            joint = _LIST_JOINT.fullmatch(text, items[-1].end, m.start)
            if joint is not None and (joint["comma"] or joint["word"]) and "\n" not in joint.group(0):
                word = (joint["word"] or "").lower()
                # "(or": the bracket ties its option to the item before it alone. The run stops at
                # its ")", so a comma or "or" after the bracket opened adds an option within it
                # ("Python (or R, Julia)").
                kind = "(or" if joint["bracket"] else "or" if word.endswith("or") else "and" if word else "comma"
                joints.append("(or" if kind in ("comma", "or") and "(or" in joints else kind)
                items.append(m)
                continue
        runs.append(([m], []))
    for items, joints in runs:
        k = 0
        while k < len(joints):
            if joints[k] not in ("or", "(or"):
                k += 1
                continue
            end = k
            while end + 1 < len(joints) and joints[end + 1] in ("or", "(or"):  # "AWS or GCP (or Azure)"
                end += 1
            first = k
            if "and" not in joints and end == len(joints) - 1 and joints[k] == "or":
                while first > 0 and joints[first - 1] == "comma":
                    first -= 1
            group = items[first:end + 2]
            names = {m.name for m in group}
            if len(names) >= 2:
                for m in group:
                    found[(m.start, m.end)] = tuple(sorted(names - {m.name}))
            k = end + 1
    return found


# "3 years as a Courier and Messenger": the words after "as" name a role, which the
# experience check weighs; its words are not skills asked for besides.
_ROLE_ASK = re.compile(
    r"\byears?\b[^.;\n]{0,60}?(?<!such )(?<!well )\bas\s+(?!well\b)(?:an?\s+)?"
    r"(?P<part>(?:(?!,\s|\s(?:with|including|where|who|which|for|to|in|at)\s)[^.;\n]){1,80})", re.I)


# "- Networking: ... TCP/IP ...": the description of a labelled bullet.
_LABELLED_BULLET = re.compile(r"^[ \t]*(?:[-*•]|\d{1,2}[.)])[ \t]+[^:\n]{2,60}?:[ \t]+(?P<part>[^\n]+)$", re.M)


def _spans_in_asks(text: str, posting: Posting, pattern: re.Pattern) -> list[tuple[int, int]]:
    """Character spans of the ``part`` group of every ``pattern`` match in the requirement sections."""
    spans = []
    for section in posting.sections:
        if section.kind in ("requirements", "nice_to_have"):
            for m in pattern.finditer(text, section.start, section.end):
                spans.append((m.start("part"), m.end("part")))
    return spans


def _presence_tokens(surface: str, name: str) -> tuple[str, ...]:
    """Words that show a multi-word skill in a resume line, as the posting wrote it ("attention to detail")."""
    tokens = content_tokens(surface)
    return tokens if len(tokens) >= 2 else ()


def _phrase_kind(text: str) -> str:
    """SkillSpan's distinction for a free phrase: abilities ("-ing", "ability") are skills."""
    first = text.split()[0].lower() if text.split() else ""
    return "skill" if first.endswith("ing") or first in {"ability", "able", "manage", "communicate"} else "knowledge"


class _Spans:
    """Character spans (possibly overlapping) to ask "is this offset in one of them?" of, in
    logarithmic time: a long resume repeats its contact lines hundreds of times."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for lo, hi in sorted(spans):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            elif lo < hi:
                merged.append([lo, hi])
        self._starts = [lo for lo, _ in merged]
        self._ends = [hi for _, hi in merged]

    def holds(self, offset: int) -> bool:
        k = bisect_right(self._starts, offset) - 1
        return k >= 0 and offset < self._ends[k]


def resume_skills(resume: Resume, extractor: SkillExtractor) -> ResumeSkills:
    """The skills a resume shows (taxonomy mentions, anywhere but the contact block and what it
    says it lacks) and its lines."""
    # Neither the contact block, the name line nor a line with an email or phone number is
    # evidence of a skill ("Ruby Rust" is a person; gmail.com is an address, not Gmail).
    contact = _Spans(resume_contact_spans(resume))
    taxonomy = extractor.taxonomy
    evidence: dict[str, str] = {}
    lines_of: dict[str, set[str]] = {}
    asides = _Spans([(s.start, s.end) for s in resume.sections if is_aside(s)])
    at_work: set[str] = set()  # named somewhere that is not an aside
    # "No experience with Kubernetes" names no skill held (same offsets, so sections still fit).
    held = blank_not_held(resume.text)
    text = resume.text
    line_from: dict[int, str] = {}  # a line's start -> the line: most lines name several skills
    for start, _end, i, section, _nested in extractor.find(held, resume.sections):
        if section == "contact" or contact.holds(start):
            continue
        skill_name = taxonomy.skills[i].name
        lo = text.rfind("\n", 0, start) + 1
        line = line_from.get(lo)
        if line is None:
            line = line_from[lo] = _line_at(text, start)
        if skill_name not in evidence:
            evidence[skill_name] = line
        lines_of.setdefault(skill_name, set()).add(line)
        if skill_name not in at_work and not asides.holds(start):
            at_work.add(skill_name)
    skills = [skill for name in evidence if (skill := taxonomy.get(name)) is not None]
    lines: list[str] = []
    line_tokens: list[tuple[str, ...]] = []
    offset = 0
    # Blanking keeps every line break, so the two texts have the same lines.
    for line, held_line in zip(resume.text.splitlines(keepends=True), held.splitlines(keepends=True)):
        stripped = line.strip()
        if stripped and not contact.holds(offset):
            lines.append(stripped)
            line_tokens.append(content_tokens(held_line.strip()))
        offset += len(line)
    return ResumeSkills(
        names=frozenset(evidence),
        evidence=evidence,
        groups=frozenset(label for skill in skills for label in group_labels(skill)),
        lines=tuple(lines),
        line_tokens=tuple(line_tokens),
        lines_of={k: frozenset(v) for k, v in lines_of.items()},
        family_of={s.name: s.family for s in skills if s.family},
        aside_only=frozenset(evidence) - at_work,
        says_lacks=held is not resume.text,
    )


def resume_contact_spans(resume: Resume) -> list[tuple[int, int]]:
    """Character spans of a resume that are no skill evidence, as :func:`resume_skills` leaves them out:
    the contact block, the name line, every line with an email, URL or phone number, and the
    interests or hobbies ("learning SQL on weekends" is no SQL at work)."""
    name = name_line_span(resume.text) or (0, 0)
    return ([(s.start, s.end) for s in resume.sections if s.kind == "contact" or is_pastimes(s)] + [name]
            + contact_line_spans(resume.text))
