"""Open-vocabulary requirement phrases, so skills outside the taxonomy are not lost.

Requirement bullets name skills the taxonomy may not know ("Audio Visual:
knowledge of AV setups", "Proficiency in data pipeline orchestration"). These
are read by shape: a bullet's label before a colon, a short bullet, or the
object of "proficiency in / experience with / knowledge of".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

__all__ = ["Phrase", "requirement_phrases", "named_items", "content_tokens", "not_asked", "not_held", "blank_not_held"]

_BULLET = re.compile(r"^\s*(?:[-*•▪◦–]|\d{1,2}[.)]|[a-z][.)])\s+(?P<body>.+)$")
_LABEL = re.compile(r"^(?:\*\*)?(?P<label>[A-Za-z][\w&/+#.' -]{1,60}?)(?:\*\*)?\s*[:–—-]\s+\S")
_LEAD = re.compile(
    r"\b(?:proficiency|proficient|experience|experienced|expertise|knowledge|familiarity|familiar|skills?|"
    r"competence|competency|understanding|background|fluency|fluent|skilled|knowledgeable|ability)\s+"
    # Not "to": "skills to gather market intelligence" names an aim, not a skill
    # (a bullet that is an aptitude, "Ability to work under pressure", is read whole below).
    r"(?:in|with|of|using)\s+(?P<obj>[^.,;:()]{3,80})|\bexposure\s+to\s+(?P<exposed>[^.,;:()]{3,80})",
    re.I,
)
_CUT = re.compile(
    r"\s+(?:to|for|from|such as|including|like|in order|that|which|who|while|across|within|when|as well as|and/or|"
    r"e\.g\.?|required|preferred|is required|is a must|a must|or equivalent|or similar|or related)\b.*$",
    re.I,
)
_FILLER = frozenset(
    """a an the of in on for and or with as at to by from be is are strong excellent good solid great proven
    demonstrated exceptional outstanding high highly keen deep broad basic advanced working sound thorough
    ability able skills skill knowledge proficiency proficient experience experienced expertise familiarity
    understanding mastered mastery competence competency competent capacity capability capabilities
    various variety wide range related relevant required must have has having using use utilize utilizing
    effective effectively efficient efficiently excellent well very key including etc perform performing
    handle handling work working adept skilled expert capable apt concrete commendable superior extensive
    abilities talent track record worked served role roles profession function position job similar field
    capacity required requirement must""".split()
)
_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#.]*[a-z0-9+#]|[a-z0-9]")


_SUFFIXES = ("ings", "ing", "ments", "ment", "ers", "er", "ors", "or", "ions", "ion", "ives", "ive",
             "ies", "es", "s", "ed", "ally", "al", "ly")


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    """A crude, predictable stem: strip up to two suffixes, keep seven letters.

    Enough for "teacher"/"teaching", "engineer"/"engineering",
    "communication"/"communicative" to meet; short words stay as they are.
    """
    for _ in range(2):
        for suffix in _SUFFIXES:
            if len(token) > len(suffix) + 3 and token.endswith(suffix):
                token = token[: -len(suffix)]
                break
        else:
            break
    token = token[:7]
    return _SAME_STEM.get(token, token)


# Stems the suffixes leave apart that are one word of work: a "Staff Nurse" has nursing
# experience, a "Manager" management experience. (Dropping every final e would also make an
# officer of an office and a router of a route.)
_SAME_STEM = {"nurse": "nurs", "manage": "manag"}


# Short forms that titles and requirements use for the same word ("Jr. Analyst", "Junior Analyst").
# "Helpdesk" shares "help" with "Help Desk" (mapping "desk" too would make a front desk one).
# Only unambiguous short forms: "Tech Lead" is no technician, an "Admin Assistant" no administrator.
_ABBREVIATIONS = {"jr": "junior", "sr": "senior", "mgr": "manager", "asst": "assistant", "engr": "engineer",
                  "helpdesk": "help"}


@lru_cache(maxsize=200_000)
def _content_stem(token: str) -> str:
    """The stem a word counts as, or "" for a filler word."""
    return "" if token in _FILLER else _stem(_ABBREVIATIONS.get(token, token))


# Titles that are written as letters ("Staff RN" is a Registered Nurse): the words they stand for.
_TITLE_LETTERS = {"rn": "registered nurse", "lpn": "licensed practical nurse", "lvn": "licensed vocational nurse",
                  "cna": "certified nursing assistant", "swe": "software engineer", "sre": "site reliability engineer",
                  "cvicu": "cardiovascular icu", "micu": "medical icu", "sicu": "surgical icu", "nicu": "neonatal icu",
                  "picu": "pediatric icu"}
_TITLE_LETTERS_HINT = re.compile(r"\b(?:" + "|".join(_TITLE_LETTERS) + r")\b")


def content_tokens(text: str) -> tuple[str, ...]:
    """The stemmed content words of ``text``, filler words removed, in order, unique."""
    text = text.lower()
    if _TITLE_LETTERS_HINT.search(text):
        text = _TITLE_LETTERS_HINT.sub(lambda m: f"{m.group()} {_TITLE_LETTERS[m.group()]}", text)
    stems = dict.fromkeys(map(_content_stem, _TOKEN.findall(text)))
    stems.pop("", None)
    return tuple(stems)


@dataclass(frozen=True)
class Phrase:
    """A requirement named in free text: ``text`` as written, ``line`` it came from, ``start`` where
    ``text`` starts in the document."""

    text: str
    line: str
    start: int


def _clean(phrase: str) -> str:
    phrase = _CUT.sub("", phrase.strip())
    phrase = re.sub(r"^(?:(?:a|an|the|strong|excellent|good|solid|proven|demonstrated|various|different)\s+)+", "",
                    phrase, flags=re.I)
    return phrase.strip(" *_-–—:.,;'\"")


# A list item that names a product or standard: capitalised words, acronyms and codes
# ("Behat", "SOAPUI", "TR-069", "HP OpenView"), at most three of them.
_NAME_WORD = r"(?:[A-Z][\w+#./-]*|\d[\w+#./-]*[A-Za-z][\w+#./-]*)"
_NAMED_ITEM = re.compile(rf"(?:^|(?<=\s)){_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}$")
_LIST_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bor\b|&)\s*")
_ITEM_LEAD = re.compile(r"^.*\b(?:in|with|of|using|like|including|such as|e\.g\.?|as|on)\s+", re.I)


# Lists of places, days, degrees and titles name no tools ("travel to Denver, Boise and
# Tulsa", "a degree in Business, Finance or Engineering").
_NOT_TOOLS = re.compile(
    r"\b(?:degree|bachelor'?s?|master'?s?|diploma|travel|relocat\w*|located|locations?|offices?|"
    r"monday|tuesday|wednesday|thursday|friday|weekends?|shifts?|report(?:s|ing)? to)\b", re.I)


def named_items(body: str) -> list[str]:
    """The named products in a list of three or more ("Proficient in Selenium, MDM, Behat, SOAPUI").

    A taxonomy knows most of them; the rest would be lost without this, and a
    list is where postings name the tools a candidate must know.
    """
    if _NOT_TOOLS.search(body):
        return []
    parts = [p for p in _LIST_SPLIT.split(re.sub(r"\([^)]*\)", " ", body).strip().rstrip(".")) if p]
    if len(parts) < 3:
        return []
    items = []
    for k, part in enumerate(parts):
        if k == 0:
            part = _ITEM_LEAD.sub("", part)  # "Proficient in Selenium" names Selenium
        m = _NAMED_ITEM.match(part.strip())
        if m and m.group() == part.strip() and not part.strip().isdigit():
            items.append(m.group())
    # Only a real list: most of its parts must be names.
    return items if len(items) * 2 >= len(parts) else []


# "Degree not required", "No Java experience needed": the line says what is not asked.
_NOT_ASKED = re.compile(
    r"\b(?:not\s+(?:required|needed|necessary|mandatory|a must)|no\b[^.;:]{0,40}\b(?:needed|required|necessary)|"
    r"not\s+(?:available|offered|provided)|(?:don['’]t|do not|doesn['’]t|does not|won['’]t|will not)\s+need)\b", re.I)
_CLAUSE = re.compile(r"[^;.]+(?:[;.]|$)")
# "Start date: Spring 2026", "Weekend availability", "Pay: $25 per hour": terms of the job, not skills.
_JOB_TERMS = re.compile(
    r"^(?:start(?:ing)? date|job type|pay|pay rate|salary|compensation|location|schedule|hours|benefits|"
    r"availability|willing(?:ness)? to relocate|relocation|visa|sponsorship)\b|\bavailability$", re.I)


# A bullet that asks for an aptitude: "Ability to work under pressure", "Capability to
# manage and discipline students". Resumes list these as written, so the bullet is the skill.
_APTITUDE = re.compile(
    r"^(?:(?:an?|the|proven|demonstrated|strong|excellent|outstanding)\s+)?"
    r"(?:ability|able|capability|capacity|willingness)\s+to\s+\w", re.I)


# "Must be willing to relocate", "Open to relocation", "Willingness to travel up to 25%":
# terms of the job, however they are worded.
_MOVE_TERMS = re.compile(
    r"^(?:must\s+be\s+|be\s+|is\s+|are\s+)?(?:willing(?:ness)?|able|ability|open|available|availability)\s+"
    r"(?:to\s+)?(?:relocat\w*|travel\w*)\b", re.I)
# "Ability to lift 50 lbs", "stand for 8 hours": what the job demands of the body, which a
# resume does not list; no skill to report missing.
_PHYSICAL = re.compile(
    r"\b(?:lift|lifting|carry|carrying|push|pushing|pull|pulling|move|moving)\b[^.;,]{0,25}?"
    r"(?:\b\d+(?:\.\d+)?|\b(?:ten|fifteen|twenty|twenty-five|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"(?:one\s+)?hundred)(?:\s*\(\d+\))?)\s*\+?\s*-?\s*(?:lbs?\b|pounds?\b|kgs?\b|kilos?\b|kilograms?\b|#)|"
    r"\b(?:stand|standing|sit|sitting|walk|walking|kneel|kneeling)\s+(?:for\s+)?(?:up\s+to\s+)?"
    r"(?:\d+\+?|long|extended|prolonged|eight|ten|twelve)\s*(?:hours?|hrs?|periods)\b", re.I)
# "the platform", "our product": a pointer to what the posting is about, not a skill.
_POINTER = re.compile(r"(?:^|\s)(?:the|this|that|our|its|their|your)\s+[\w-]+\s*$", re.I)
# A degree is schooling, asked apart from skills ("Post-secondary degree or equivalent").
_DEGREE = re.compile(r"\b(?:degree|bachelor'?s?|master'?s|diploma|ph\.?d|ged|high school)\b", re.I)


# One word that names no skill on its own: "Present to executives" cut before "to".
_NOT_A_SKILL = frozenset("present current start date apply join travel report reports work willingness job type pay".split())


# A bullet that opens with its lead-in ("Proficient in Web Services") names the skill after it,
# which the lead-in rule takes; the whole bullet would carry "Proficient in" into the name.
# A clause about the people, not a skill: "(you don't need Kubernetes;) we will teach you".
_SPEAKS = re.compile(r"(?:we|you|our|your|they|i)\s", re.I)
_LEADS_OFF = re.compile(r"^(?:must\s+have\s+|should\s+have\s+|have\s+)?"
                        r"(?:(?:an?|the|strong|excellent|good|solid|proven|demonstrated|deep|sound|working|"
                        r"basic|advanced|comprehensive|thorough|hands-on|in-depth|extensive|expert|mastery|level|"
                        r"technical|practical|professional|prior|previous|relevant|overall|general|high|demonstrable|"
                        r"some|any)"
                        r"\s+)*(?:" + _LEAD.pattern[2:] + ")", re.I)


def not_asked(line: str) -> list[tuple[int, int]]:
    """The spans of a line's clauses that say what is not needed ("Degree not required; SQL essential"),
    and what it excepts ("Preschool Teachers, Except Special Education")."""
    spans = [m.span() for m in _CLAUSE.finditer(line) if _NOT_ASKED.search(m.group(0))]
    if _EXCEPT.search(line):
        spans += _scopes(_EXCEPT, line, [m.start() for m in _SCOPE_END.finditer(line)])
    return spans


# What a resume says its writer lacks: "No experience with Kubernetes", "not yet familiar with
# Rust", "all of Office except Access", "without Terraform", "lack of Hadoop expertise". A cue
# covers the words after it up to the end of its phrase: punctuation, or a word that starts
# something else ("without downtime across our Kubernetes clusters", "except payroll in
# QuickBooks", "no experience with Kubernetes and strong Docker").
# "without (prior) Python experience" is a person's lack, the writer's only where they say it of
# themselves ("Mentored engineers without prior Python experience" still used Python).
_A_PERSONS_LACK = (r"(?:\s+(?:any|prior|previous|formal|professional))?(?:\s+\S+){1,2}?\s+"
                   r"(?:experience|knowledge|expertise|exposure|background|training)\b")
_AN_EXAM = r"(?:\s+\S+){1,5}?\s+(?:exams?|certification|certificate|license|licence|credential)\b"
_LACKS = re.compile(
    r"\b(?:no\s+(?:prior\s+|previous\s+|professional\s+|hands-on\s+|formal\s+|direct\s+|production\s+|real\s+)?"
    r"(?:experience|knowledge|exposure|background|familiarity|expertise)\s+(?:with|in|of|using|on)|"
    r"not\s+(?:yet\s+)?(?:familiar|experienced|proficient|certified|trained|skilled)\s+(?:with|in|on)|"
    r"(?:do\s+not|don['’]t)\s+(?:yet\s+)?have\s+(?:any\s+)?(?:experience|knowledge|exposure)\s+(?:with|in|of)|"
    r"(?:(?:have|has)\s+)?never\s+(?:used|worked\s+with)|(?:do\s+not|don['’]t)\s+(?:yet\s+)?(?:use|know)|"
    r"(?:have|has)(?:\s+not|n['’]t)\s+(?:yet\s+)?(?:used|worked\s+with)|currently\s+learning|"
    # "No hands-on Docker experience yet", "No FEA experience beyond coursework".
    r"no(?:\s+(?:prior|previous|professional|hands-on|formal|direct|production|real))?"
    r"(?=(?:\s+\S+){1,2}\s+(?:experience|knowledge|exposure|background|expertise)\b"
    r"(?!\s+(?:is\s+|was\s+)?(?:required|needed|necessary)))|"
    # What the writer means to learn: "Want to learn Kubernetes", "studying for the CPA exam".
    r"(?:want|wants|would\s+like|hope|hoping|plan|planning|eager|keen|looking)\s+to\s+"
    r"(?:learn(?!\s+(?:new|quickly|fast|and|from)\b)|explore|pick\s+up|"
    r"gain\s+(?:\w+\s+)?(?:experience|exposure|knowledge)\s+(?:in|with|of))|interested\s+in\s+learning|"
    # An exam or certificate still to come, not a degree or a project: "studying for the CPA exam".
    r"(?:(?:currently\s+)?(?:studying|preparing)\s+for|working\s+towards?)(?=" + _AN_EXAM + r")|"
    r"unfamiliar\s+with|lack(?:s|ed|ing)?(?:\s+of)?\s+(?:experience|knowledge|expertise|exposure)\s+(?:with|in|of)|"
    r"lack(?:s|ed|ing)?(?:\s+of)?(?=\s+\S+(?:\s+\S+)?\s+(?:experience|knowledge|expertise|exposure)\b)|"
    r"without(?=" + _A_PERSONS_LACK + r"))(?=\s)", re.I)
# Only the writer's own lack: at the start of a line or clause (after any bullet or indent), or
# after "I have", "my", "due to"... "Coached students with no experience in Python" and
# "executives lacking SQL knowledge" are about other people.
_OWN_LACK_BEFORE = re.compile(
    r"(?:^[\W_]*|[,;:(.!?]\s*|\b(?:i|i['’]m|am|have|has|had|but|though|although|yet|currently|still|my|a|due\s+to|"
    r"despite|given|because\s+of)\s+)$", re.I)
# "without Terraform" (but not "without changing the schema"; "without Spring Boot" is a name),
# "all of Office except (for) Access".
_LEAVES_OUT = re.compile(r"\b(?:without(?!\s+(?:any\s+)?(?-i:[a-z])\w*ing\b|" + _A_PERSONS_LACK + r")|"
                         r"except(?:ing)?(?:\s+for)?|excluding|not\s+including)(?=\s)", re.I)
# A posting's "Preschool Teachers, Except Special Education", "excluding internships".
_EXCEPT = re.compile(r"\b(?:except(?:ing)?(?:\s+for)?|excluding|not\s+including)(?=\s)", re.I)
_SCOPE_END = re.compile(
    r"[,;.:()\[\]|!?]|\s(?:and|but|in|on|into|onto|across|with|for|at|from|to|using|via|by|through|while|where|after|"
    r"before|when|until|since|"
    r"which|who|that|so|because|as|runs?|is|are|was|were)(?=\s)", re.I)
# A scope goes on over a list of names ("no experience with Kubernetes, Helm or Istio"), not
# into a new phrase ("..., I used Docker Swarm", "... and strong background in Docker").
_LIST_SEPARATOR = re.compile(r",|\sand(?=\s)", re.I)
_NOT_A_LIST_ITEM = frozenset("""i we my our but strong solid have has had used use using worked work built good great
    deep extensive excellent proficient experienced expert some""".split())
# "... Bioinformatics is excluded", "NodeJS has been removed": the cue follows what it takes
# away, back to the start of its clause.
_LACKED = re.compile(r"\b(?:(?:is|are)\s+excluded|(?:has|have)\s+been\s+(?:removed|excluded|omitted)|"
                     # "ACLS not yet obtained", "PMP certification in progress"
                     r"not\s+yet\s+(?:obtained|earned|passed|held)|"
                     r"(?:certification|certificate|license|licence|exam|credential)s?\s+(?:is\s+)?(?:in\s+progress|pending))\b",
                     re.I)
# The words the cues above are made of (a contraction's "n't" reads as "t"), to skip the
# patterns on text that has none of them: most resume lines have none. Common words count
# only beside the word a cue has them with ("plan to", "preparing for", "in progress"), so
# "sprint planning", "machine learning" and "reported progress" are skipped too.
_CUE_WORDS = frozenset("""no not t never unfamiliar lack lacks lacked lacking without except excepting excluding
    excluded been expected pending""".split())
_CUE_BEFORE = {w: "to" for w in "want wants like hope hoping plan planning eager keen looking".split()} | {
    "studying": "for", "preparing": "for", "currently": "learning", "interested": "in"}
_CUE_AFTER = {"progress": "in", "toward": "working", "towards": "working"}
_WORD = re.compile(r"[a-z]+")


_FOLDS = str.maketrans({"\u0307": None, "ı": "i", "ſ": "s"})


def _fold(lowered: str) -> str:
    """``lowered`` as the patterns' case-blind reading sees its words: "EXCLUDİNG" lower-cases
    to "excludi̇ng", with a combining dot the patterns do not see, and they read a dotless "ı"
    as "i" ("learnıng") and "ſ" as "s"."""
    return lowered.translate(_FOLDS) if "\u0307" in lowered or "ı" in lowered or "ſ" in lowered else lowered


def _cue_words_in(lowered: str) -> list[str]:
    """The words of the cues that ``lowered`` has anywhere, as text to look for on a line."""
    words = set(_WORD.findall(lowered))
    found = [w for w in words if w in _CUE_WORDS or w in _CUE_BEFORE or w in _CUE_AFTER]
    return [w for w in found if w != "t"] + (["n't", "n’t"] if "t" in found else [])


def _has_cue_word(lowered: str) -> bool:
    """Whether a lower-cased line has a cue's own word, or a common one beside its partner."""
    words = _WORD.findall(lowered)
    if not _CUE_WORDS.isdisjoint(words):
        return True
    last = len(words) - 1
    for k, word in enumerate(words):
        if ((word in _CUE_BEFORE and k < last and words[k + 1] == _CUE_BEFORE[word])
                or (word in _CUE_AFTER and k and words[k - 1] == _CUE_AFTER[word])):
            return True
    return False


# A credential still to come, as a list item says it: "PMP (In Progress)", "CPA (expected 2026)",
# "Certified Kubernetes Administrator (CKA) - in progress" (not "Kubernetes migration (in progress)").
_PENDING = re.compile(r"\(\s*(?:in\s+progress|expected(?:\s+\S+){0,2}?|pending|not\s+yet\s+\w+)\s*\)|"
                      r"\s[-–—]\s*(?:in\s+progress|expected|pending)\b", re.I)
# "Kubernetes (CKA in progress)", "Helm; CKA pending": the acronym alone is still to come.
_PENDING_NAME = re.compile(r"(?P<name>\b[A-Z][A-Z0-9-]{1,9})\s*[-–—]?\s*(?:in\s+progress|pending)\b")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9-]{1,9}")
_ITEM_MARK = re.compile(r"[,;.:|!?]|\s(?:and|but)\s", re.I)
_CREDENTIAL = re.compile(r"\b(?:certifi\w*|license|licence|exam|credential|diploma)\b", re.I)
_CLAUSE_MARK = re.compile(r"[,;.:()\[\]|!?]|\s(?:where|which|so|that|while|and|but)\s", re.I)


def _scopes(cue: re.Pattern[str], line: str, stops: list[int], *, own: bool = False) -> list[tuple[int, int]]:
    """Spans from each ``cue`` to the end of its phrase, and over a list of names that follows
    (``stops``: where ``_SCOPE_END`` matches); with ``own``, only cues the writer says of
    themselves (``_OWN_LACK_BEFORE``)."""
    spans = []
    for m in cue.finditer(line):
        if own and not _OWN_LACK_BEFORE.search(line, max(0, m.start() - 40), m.start()):
            continue
        k = bisect_left(stops, m.end())
        end = stops[k] if k < len(stops) else len(line)
        while k < len(stops) and _LIST_SEPARATOR.match(line, stops[k]):
            separator = _LIST_SEPARATOR.match(line, stops[k])
            k += 1
            item_end = stops[k] if k < len(stops) else len(line)
            words = line[separator.end():item_end].split()
            if not 1 <= len(words) <= 3 or words[0].lower() in _NOT_A_LIST_ITEM:
                break
            end = item_end
        spans.append((m.start(), end))
    return spans


def not_held(line: str) -> list[tuple[int, int]]:
    """Character spans of a resume line that name what its writer says they lack, or leaves out."""
    stops = [m.start() for m in _SCOPE_END.finditer(line)]
    spans = _scopes(_LACKS, line, stops, own=True) + _scopes(_LEAVES_OUT, line, stops)
    marks = [m.end() for m in _CLAUSE_MARK.finditer(line)]
    for m in _LACKED.finditer(line):
        k = bisect_right(marks, m.start())
        spans.append((marks[k - 1] if k else 0, m.end()))
    for m in _PENDING.finditer(line):
        starts = [e.end() for e in _ITEM_MARK.finditer(line, 0, m.start())]
        item = line[starts[-1] if starts else 0:m.start()]
        words = [w for w in re.findall(r"[\w+#./&-]+", item) if any(c.isalnum() for c in w)]
        if (len(words) == 1 and _ACRONYM.fullmatch(words[0])) or _CREDENTIAL.search(item):
            spans.append((starts[-1] if starts else 0, m.end()))
    spans.extend(m.span("name") for m in _PENDING_NAME.finditer(line))
    return spans


def blank_not_held(text: str) -> str:
    """``text`` with what :func:`not_held` finds on each line replaced by spaces (offsets unchanged)."""
    lowered = _fold(text.lower())
    present = _cue_words_in(lowered)
    if not present:  # most resumes have none
        return text
    lines = text.splitlines(keepends=True)
    if len(lowered) == len(text):  # only the lines where a cue's word is
        ends = list(accumulate(map(len, lines)))
        candidates = sorted({bisect_right(ends, at) for word in present for at in _places(lowered, word)})
    else:  # lower-casing changed the length ("İ"): offsets do not carry over
        candidates = range(len(lines))
    changed = False
    for k in candidates:
        line = lines[k]
        body = line.splitlines()[0] if line else line  # the line break stays, so lines stay lines
        spans = not_held(body) if _has_cue_word(_fold(body.lower())) else []
        for lo, hi in spans:
            body = body[:lo] + " " * (hi - lo) + body[hi:]
        if spans:
            lines[k] = body + line[len(body):]
            changed = True
    return "".join(lines) if changed else text  # the same object when nothing is lacked


def _places(text: str, word: str) -> Iterator[int]:
    """Every offset where ``word`` occurs in ``text``, overlapping ones too."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def _within(at: int, size: int, spans: list[tuple[int, int]]) -> bool:
    """Whether text found at ``at`` (-1: not found) overlaps one of ``spans``."""
    return at >= 0 and any(lo < at + size and at < hi for lo, hi in spans)


def requirement_phrases(text: str, start: int = 0) -> list[Phrase]:
    """Skill phrases in requirement text (``start`` = offset of ``text`` in its document)."""
    phrases: list[Phrase] = []
    offset = start
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        bullet = _BULLET.match(stripped)
        body = bullet.group("body").strip() if bullet else stripped
        negated = not_asked(body)
        if negated:  # keep the clauses that ask for something, in place
            for lo, hi in reversed(negated):
                body = body[:lo] + " " * (hi - lo) + body[hi:]
            body = body.strip()
        if _MOVE_TERMS.match(body):
            offset += len(line)
            continue
        candidates: list[str] = []
        label = _LABEL.match(body)
        physical = [m.span() for m in _PHYSICAL.finditer(body)]
        if (bullet and _APTITUDE.match(body) and len(body.split()) <= 8 and not _JOB_TERMS.search(body)
                and not physical):
            aptitude = body.rstrip(".").strip()
            phrases.append(Phrase(aptitude, stripped, offset + max(0, line.find(aptitude[:10]))))
        elif label and len(label.group("label").split()) <= 5:
            candidates.append(label.group("label"))
        elif (bullet and 1 <= len(body.rstrip(".").split()) <= 6 and not _POINTER.search(body.rstrip("."))
              and not _LEADS_OFF.match(body) and not _SPEAKS.match(body)):
            candidates.append(body.rstrip("."))
        # "understanding of the platform" points at something the posting names elsewhere.
        candidates.extend(m.group("obj") or m.group("exposed") for m in _LEAD.finditer(body)
                          if not _POINTER.match(m.group("obj") or m.group("exposed")))
        candidates.extend(named_items(body))
        for candidate in candidates:
            cleaned = _clean(candidate)
            if (not cleaned or _JOB_TERMS.search(cleaned) or _within(body.find(cleaned), len(cleaned), physical)
                    or set(cleaned.lower().split()) <= _NOT_A_SKILL
                    or _DEGREE.search(cleaned)):
                continue
            if 1 <= len(cleaned.split()) <= 6 and content_tokens(cleaned):
                at = line.find(cleaned, max(0, line.find(candidate.strip()[:10])))
                phrases.append(Phrase(cleaned, stripped, offset + max(0, at)))
        offset += len(line)
    return phrases
