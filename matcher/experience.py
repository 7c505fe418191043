"""Years of experience: date ranges in resumes, "N+ years of X" in postings.

Every function takes an explicit ``as_of`` date for open ranges ("2020 -
Present"), so results never depend silently on the day they are computed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from matcher.sections import Section

__all__ = [
    "Role", "ExperienceRequirement", "parse_roles", "total_years", "parse_requirements", "seniority_level",
]

_MONTHS = {
    m: i + 1 for i, names in enumerate([
        "jan january", "feb february", "mar march", "apr april", "may", "jun june",
        "jul july", "aug august", "sep sept september", "oct october", "nov november", "dec december",
    ]) for m in names.split()
}
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_DATE = rf"(?:{_MONTH}\s*,?\s*{_YEAR}|\d{{1,2}}\s*/\s*{_YEAR}|{_YEAR}\s*[-/]\s*\d{{1,2}}(?!\d)|{_YEAR})"
_YEAR_HINT = re.compile(r"(?:19[5-9]|20\d)\d")  # what _YEAR needs, quick to scan for
_OPEN_END = r"(?:present|current(?:ly)?|now|today|ongoing|date)"
_RANGE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:-|–|—|‒|to|until|till|through|thru)\s*(?P<end>{_DATE}|{_OPEN_END})",
    re.I,
)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split())}


@dataclass(frozen=True)
class Role:
    """One dated position in a resume."""

    title: str
    start: date
    end: date
    text: str

    @property
    def years(self) -> float:
        return max(0.0, (self.end.year - self.start.year) + (self.end.month - self.start.month) / 12.0)


@dataclass(frozen=True)
class ExperienceRequirement:
    """``years`` of experience asked for, in ``subject`` ("" = any relevant experience)."""

    years: float
    subject: str
    evidence: str


_BULLET_LINE = re.compile(r"^\s*(?:[-*•▪◦]|\d{1,2}[.)])\s")


def _parse_date(value: str, as_of: date) -> date:
    value = value.strip().lower().rstrip(".")
    if re.fullmatch(_OPEN_END, value):
        return as_of
    year = int(re.search(_YEAR, value).group())
    month_name = re.match(r"[a-z]+", value)
    if month_name and month_name.group() in _MONTHS:
        return date(year, _MONTHS[month_name.group()], 1)
    numeric = re.fullmatch(rf"(\d{{1,2}})\s*/\s*{_YEAR}", value) or re.fullmatch(rf"{_YEAR}\s*[-/]\s*(\d{{1,2}})", value)
    if numeric and 1 <= int(numeric.group(1)) <= 12:
        return date(year, int(numeric.group(1)), 1)
    # A bare year: "2019 - 2023" counts as four years, the way people read it.
    return date(year, 1, 1)


_DATE_LABEL = re.compile(
    r"^(?:years?|duration|dates?|period|tenure|experience|employment|from|time|worked|"
    r"(?:\d+(?:\.\d+)?\+?\s*(?:years?|yrs?|months?|mos?)\s*)+)$", re.I)  # "2015 - 2016 (1 year)"
_FIELD_LABEL = re.compile(
    r"^\s*(?:job\s+)?(?:title|role|position|designation|company(?:\s+name)?|employer|organi[sz]ation)\s*:\s*", re.I)


# Where a role line moves on from the title to a description ("Sales Engineer : Led ...",
# "Analyst − Built ...", "Engineer, Acme | 2019 - 2021", "Engineer - Responsible for ...").
_TITLE_END = re.compile(r"\s+[:−–—.]\s+|\s*;\s*|\s*\|\s*|:\s+|\s+-\s+(?=[A-Z][a-z]+\s+\w+\s+\w+)")


_BULLET_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s*")
_QUOTES_BRACKETS = re.compile(r"[\"“”()\[\]*_]")
_TRAILING_MARK = re.compile(r"\s*[-–—,:@]\s*$")
_SPACES = re.compile(r"\s+")


def _clean_title(line: str) -> str:
    """The job title part of a role line: dates, bullets, quotes, field labels and any
    description after the title removed."""
    title = _FIELD_LABEL.sub("", _RANGE.sub(" ", line))
    title = _BULLET_MARK.sub("", title)
    title = _QUOTES_BRACKETS.sub(" ", title)  # "Analyst (2012 - 2013)− Built ..." -> "Analyst   − Built"
    title = next((part for part in _TITLE_END.split(title) if any(ch.isalpha() for ch in part)), "")
    title = _TRAILING_MARK.sub("", _SPACES.sub(" ", title)).strip(" -–—,:@")
    return "" if _DATE_LABEL.match(title) else title


def parse_roles(text: str, sections: tuple[Section, ...], *, as_of: date) -> tuple[Role, ...]:
    """Dated roles of a resume, from its experience sections (or the whole text if it has none).

    Education and certification sections are skipped: a degree is not a job.
    """
    spans = [(s.start, s.end) for s in sections if s.kind == "experience"]
    if not spans:
        spans = [(s.start, s.end) for s in sections if s.kind not in ("education", "certifications", "contact")]
        if not sections:
            spans = [(0, len(text))]
    roles: list[Role] = []
    for lo, hi in spans:
        lines = text[lo:hi].splitlines()
        found: list[tuple[int, int, re.Match, str]] = []  # (title line, date line, match, title)
        for i, line in enumerate(lines):
            m = _RANGE.search(line) if _YEAR_HINT.search(line) else None  # every range names a year
            if not m:
                continue
            title, first = _clean_title(line), i
            if not title:
                # Dates on their own line: the title is the one or two lines above
                # ("Registered Nurse" / "City Hospital, Portland" / "2018 - 2022").
                above = []
                floor = found[-1][1] + 1 if found else 0
                for j in range(i - 1, floor - 1, -1):
                    if not lines[j].strip() or _BULLET_LINE.match(lines[j]):
                        if above:
                            break
                        continue
                    above.insert(0, j)
                    if len(above) == 2:
                        break
                if above:
                    first = above[0]
                    title = " ".join(_clean_title(lines[j]) for j in above)
            found.append((first, i, m, title))
        for k, (first, i, m, title) in enumerate(found):
            start = _parse_date(m.group("start"), as_of)
            end = _parse_date(m.group("end"), as_of)
            if end < start or start > as_of:
                continue
            stop = found[k + 1][0] if k + 1 < len(found) else len(lines)
            roles.append(Role(title=title, start=start, end=min(end, as_of), text="\n".join(lines[first:stop])))
    return tuple(roles)


def total_years(roles: tuple[Role, ...]) -> float:
    """Years covered by at least one role (overlapping roles count once)."""
    spans = sorted((r.start.year * 12 + r.start.month, r.end.year * 12 + r.end.month) for r in roles)
    months, cur_lo, cur_hi = 0, None, None
    for lo, hi in spans:
        if cur_hi is None or lo > cur_hi:
            if cur_hi is not None:
                months += cur_hi - cur_lo
            cur_lo, cur_hi = lo, hi
        else:
            cur_hi = max(cur_hi, hi)
    if cur_hi is not None:
        months += cur_hi - cur_lo
    return months / 12.0


# The period of "Jr." or "I.T." does not end a requirement ("1 year in a Jr. IT Helpdesk role").
_ABBREVIATION = ("(?:" + "|".join(rf"(?<=\b{w})" for w in "jr sr st mr ms dr no co inc ltd vs dept asst mgr".split())
                 + r")\.|\.(?=[a-z0-9])")  # with the pattern's re.I: "I.T.", "ASP.NET", "node.js"
_NUM = r"(?P<n>\d+(?:\.\d+)?|" + "|".join(_NUMBER_WORDS) + r")"
_YEARS_BEFORE = re.compile(
    rf"(?:at least|minimum(?: of)?|min\.?|over|more than|a minimum of)?\s*(?:\(?\s*)?{_NUM}\s*\)?\s*"
    rf"(?:\+|plus)?\s*(?:(?:-|–|to|and)\s*\d+\s*)?(?:\+\s*)?years?['’]?\s*(?:of\s+)?"  # "between 3 and 5 years": 3
    rf"(?P<rest>(?:[^.;\n]|{_ABBREVIATION}){{0,120}})",
    re.I,
)
_YEARS_AFTER = re.compile(
    rf"experience\s+(?:as|in|with|on)\s+(?:an?\s+)?(?P<subject>[^.;\n]{{2,100}}?)\s+for\s+(?:at least\s+)?{_NUM}\+?\s*years?",
    re.I,
)
_SUBJECT_LEAD = re.compile(
    r"^(?:(?:professional|relevant|prior|previous|progressive|proven|hands-on|practical|industry|work|working|related|"
    r"full-time|post-qualification|direct|past|job)\s+)*(?:experience|work|employment|service)?\s*"
    r"(?:(?:working|serving|employed|acting|spent)\s+)?(?:as an?|as|in|with|on|using|of|doing|within|at)?\s*(?:an?\s+|the\s+)?",
    re.I,
)


def _number(value: str) -> float:
    value = value.lower()
    return float(_NUMBER_WORDS[value]) if value in _NUMBER_WORDS else float(value)


def _subject(rest: str) -> str:
    subject = _SUBJECT_LEAD.sub("", rest.strip(), count=1)
    subject = re.split(r"\s+or\s+(?:in\s+|as\s+)?(?:an?\s+)?(?:similar|equivalent|related|comparable)\b|"
                       r"\s+(?:in a|in an|with a|at|for|including|preferably|ideally|is|are|which|who|where|\()\s+|,\s+(?:with|where|which|ideally|preferably)\b",
                       subject, maxsplit=1)[0]
    # "recent experience as a Full Stack Java Engineer", "capacity of a Java Development Lead":
    # a few lead-in words, then the job title.
    subject = re.sub(r"^(?:\S+\s+){0,4}?(?:as|of|holding)\s+an?\s+(?=[A-Z])", "", subject)
    # "an adult ICU setting", "a retail environment": the place, not the word for it.
    subject = re.sub(r"\s+(?:setting|settings|environment|environments|context|industry|sector)\s*$", "",
                     subject.strip(" ,:-–"), flags=re.I)
    return subject.strip(" ,:-–")[:80]


def parse_requirements(text: str) -> tuple[ExperienceRequirement, ...]:
    """Every "N years of X" style requirement in a posting's text."""
    found: list[ExperienceRequirement] = []
    for line in text.splitlines():
        if "year" not in line.lower():
            continue  # every form below names years; most lines are skipped here
        for m in _YEARS_AFTER.finditer(line):
            found.append(ExperienceRequirement(_number(m.group("n")), m.group("subject").strip(), line.strip()))
        if found and found[-1].evidence == line.strip():
            continue
        for clause in _CLAUSE_BREAK.split(line):
            found.extend(_clause_requirements(clause, line))
    return tuple(found)


# "6+ years of software engineering, with at least 4 years building services in Go",
# "1 year as an Admin, 5 years as a Support Specialist, and 4 years as ...",
# "4 years as a Data Engineer and minimum 5 years as a Java Developer"
_CLAUSE_BREAK = re.compile(
    r"(?:,\s*(?:(?:with|and|including|plus)\s+)?|(?<!between \d)(?<!between \d\d)\s+(?:and|plus)\s+)"
    r"(?=(?:at least |a minimum of |minimum |over |more than |another )?"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\+?\s*(?:-\s*\d+\s*)?years?)|;\s*", re.I)


def _clause_requirements(clause: str, line: str) -> list[ExperienceRequirement]:
    """The "N years ... X" requirements of one clause; ``line`` is kept as their evidence."""
    found = []
    for m in _YEARS_BEFORE.finditer(clause):
        years = _number(m.group("n"))
        if not 0 < years <= 40:
            continue
        before = clause[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"(?:within|after|first|every|past|last)\s*$", before):
            continue
        rest = m.group("rest")
        says_of = re.search(r"years?['’]?\s+of\b", m.group(0), re.I)
        if not says_of and "experience" not in line.lower() and not re.match(
                r"\s*(?:\w+[\s-]+){0,3}(?:work|working|as\b|in\b|with\b)", rest, re.I):
            continue
        found.append(ExperienceRequirement(years, _subject(rest), line.strip()))
    return found


# Seniority by title words, 0 (intern) to 5 (executive); 2 is the unmarked middle.
_LEVEL_WORDS = (
    (5, r"chief|vp|vice president|director|head of|executive|cto|ceo|cfo|cio"),
    (4, r"lead|staff|principal|manager|supervisor|architect|head"),
    (3, r"senior|sr|experienced|specialist ii+|iii|iv"),
    (1, r"junior|jr|entry[ -]level|associate|assistant|apprentice|graduate|helper|helpers|trainee"),
    (0, r"intern|internship|student"),
)
_LEVELS = tuple((level, re.compile(rf"\b(?:{words})\b\.?", re.I)) for level, words in _LEVEL_WORDS)


def seniority_level(title: str, years: float | None = None) -> int | None:
    """How senior a job title reads (0 intern ... 5 executive), else what ``years`` of
    experience suggest; ``None`` when neither says anything."""
    for level, pattern in _LEVELS:
        if pattern.search(title):
            return level
    if years is None or years <= 0:
        return None
    return 1 if years < 2 else 2 if years < 5 else 3 if years < 8 else 4
