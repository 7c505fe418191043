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
# A season is its three months: "Summer 2019" is June to August (winter: the year's first months).
_SEASONS = {"winter": 1, "spring": 3, "summer": 6, "fall": 9, "autumn": 9}
_MONTH = r"\b(?:spring|summer|fall|autumn|winter|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
# Not inside a longer number ("120190"). The look-behind comes after the digits: most
# positions fail on the first digit, and checking it first is measurably slower.
_YEAR = r"(?:19[5-9]\d|20\d\d)(?<!\d{5})(?!\d)"
_SHORT_YEAR = r"['’‘]\s?\d\d(?!\d)"  # "Oct '19": only after a month name, where it cannot be a day
_NOT_IN_NUMBER = r"(?<![\d./])"  # "06.2018" but not the tail of "415.555.2018"
# Alternatives that start alike are merged, so a failing position is tried once for each start.
_DATE = (
    # "Jan 2020", "Sept. 2019", "Oct '19", "Jun 15, 2018", "15 June 2018"
    rf"(?:(?:{_NOT_IN_NUMBER}\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}(?:\s*|-)(?:\d{{1,2}}(?:st|nd|rd|th)?\b\s*)?,?\s*"
    rf"(?:{_YEAR}|{_SHORT_YEAR})"
    rf"|\bq[1-4]\s*{_YEAR}"  # "Q3 2021"
    # "03/2021", "01/15/2019", "06.2018", "15.06.2018"
    rf"|{_NOT_IN_NUMBER}\d{{1,2}}(?:\s*/\s*(?:\d{{1,2}}\s*/\s*)?|\.(?:\d{{1,2}}\.)?){_YEAR}"
    rf"|{_YEAR}(?:\s*[-/]\s*\d{{1,2}}(?:-\d{{1,2}})?(?!\d)|\.(?:0[1-9]|1[0-2])(?![\d.])|\.[1-9](?![\d.])(?=\s*(?:[-–—)]|$)))?)"
    # "2019", "2020-03", "2020-03-15", "2019.03", "2019.3 - 2022.9" (not "Unity 2019.4 to 2021.3 LTS")
)
# What every date needs, quick to scan for: a four-digit year or, rarely, "'19". Two
# patterns, as one alternation would scan every line several times slower.
_YEAR_HINT = re.compile(r"(?:19[5-9]|20\d)\d")
_SHORT_YEAR_HINT = re.compile(r"['’‘]\s?\d\d")
_OPEN_END = r"(?:(?:till|until|to)\s+(?:date|now)|present|current(?:ly)?|now|today|ongoing|date)"
# A range does not start inside a number ("call 555-2019-2020").
_RANGE = re.compile(
    rf"(?<!\d[-./])(?P<start>{_DATE})\s*(?:-|–|—|‒|to|until|till|through|thru)\s*(?P<end>{_DATE}|{_OPEN_END})"
    # "Engineer since March 2019": until as_of (see _SINCE_WORDS); "Since 2019 - 2021" is a range.
    rf"|\bsince\s+(?P<since>{_DATE})(?!\s*(?:-|–|—|‒|to|until|till|through|thru)\s*(?:{_DATE}|{_OPEN_END}))",
    re.I,
)
# Reading back the parts of a date _DATE matched.
_OPEN_END_RE = re.compile(_OPEN_END)
_QUARTER_PARTS = re.compile(rf"q(?P<quarter>[1-4])\s*(?P<year>{_YEAR})")
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_NAMED_MONTH_PARTS = re.compile(
    rf"(?:{_DAY}\s+)?(?P<month>[a-z]+)\.?(?:\s*|-)(?:{_DAY}\b\s*)?,?\s*(?:(?P<year>{_YEAR})|['’‘]\s?(?P<short_year>\d\d))")
_NUMERIC_PARTS = re.compile(
    rf"\d{{1,2}}\.(?P<dotted_month>\d{{1,2}})\.(?P<dotted_year>{_YEAR})"  # "15.06.2018": dots write the day first
    rf"|(?P<month>\d{{1,2}})\s*[/.]\s*(?:(?P<day>\d{{1,2}})\s*/\s*)?(?P<year>{_YEAR})"
    rf"|(?P<iso_year>{_YEAR})(?:\s*[-/]\s*|\.)(?P<iso_month>\d{{1,2}})(?:-\d{{1,2}})?"
)
_NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split())}


@dataclass(frozen=True)
class Role:
    """One dated position in a resume.

    ``end`` is the first day after the role, at most ``as_of``: "Jan 2021 - Dec 2022" ends on
    2023-01-01, so it is two years, the way people read it. A bare end year is the exception
    ("2019 - 2023" ends on 2023-01-01: four years, again the way people read it).
    """

    title: str
    start: date
    end: date
    text: str

    @property
    def years(self) -> float:
        """Whole months from start to end, in years."""
        return max(0.0, (self.end.year - self.start.year) + (self.end.month - self.start.month) / 12.0)


@dataclass(frozen=True)
class ExperienceRequirement:
    """``years`` of experience asked for, in ``subject`` ("" = any relevant experience)."""

    years: float
    subject: str
    evidence: str


_SINCE_WORDS = 6  # "since 2020" starts a role when at most this many words come before it on its line
# A date down to the day ("15 March 2005", "Jan 1, 2001", "15.06.2018", "01/15/2019"): rare on a
# role line, so in a bullet or a sentence it dates something else.
_DAY_DATE = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3}|[a-z]{3}\.?\s+\d{1,2}(?:st|nd|rd|th)?\b,?\s+\d{4}"
                       r"|\b\d{1,2}[./]\d{1,2}[./]\d{4}", re.I)
_BULLET_LINE = re.compile(r"^\s*(?:[-*•▪◦]|\d{1,2}[.)])\s")


def _after(first: date, months: int) -> date:
    """The first day ``months`` months after ``first`` (a first of the month)."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _short_year(value: str, as_of: date) -> int:
    """The year of "'19": the one in the century up to ten years after ``as_of`` (an end may be planned)."""
    year = 2000 + int(value)
    return year if year <= as_of.year + 10 else year - 100


def _parse_date(value: str, as_of: date) -> tuple[date, date]:
    """The first day of the period a date names, and the first day after it.

    "Dec 2022" is December: (2022-12-01, 2023-01-01); "Q3 2021" is July to September.
    A bare year, an invalid month and an open end ("Present": ``as_of``) are single days,
    so that "2019 - 2023" counts four years.
    """
    value = value.strip().lower()
    if _OPEN_END_RE.fullmatch(value):
        return as_of, as_of
    if quarter := _QUARTER_PARTS.fullmatch(value):
        first = date(int(quarter["year"]), 3 * int(quarter["quarter"]) - 2, 1)
        return first, _after(first, 3)
    month, year = 0, 0
    if named := _NAMED_MONTH_PARTS.fullmatch(value):
        year = int(named["year"]) if named["year"] else _short_year(named["short_year"], as_of)
        if named["month"] in _SEASONS:
            first = date(year, _SEASONS[named["month"]], 1)
            return first, _after(first, 3)
        month = _MONTHS.get(named["month"], 0)
    elif numeric := _NUMERIC_PARTS.fullmatch(value):
        if numeric["iso_year"]:
            month, year = int(numeric["iso_month"]), int(numeric["iso_year"])
        elif numeric["dotted_year"]:
            month, year = int(numeric["dotted_month"]), int(numeric["dotted_year"])
        else:
            month, year = int(numeric["month"]), int(numeric["year"])
            if month > 12 and numeric["day"] and int(numeric["day"]) <= 12:
                month = int(numeric["day"])  # "15/01/2019" can only be day first
    else:
        year = int(re.search(_YEAR, value).group())
    if not 1 <= month <= 12:
        return date(year, 1, 1), date(year, 1, 1)
    first = date(year, month, 1)
    return first, _after(first, 1)


_DATE_LABEL = re.compile(
    r"^(?:years?|duration|dates?|period|tenure|experience|employment|from|since|time|worked|"
    r"(?:\d+(?:\.\d+)?\+?\s*(?:years?|yrs?|months?|mos?)\s*)+)$", re.I)  # "2015 - 2016 (1 year)"
_FIELD_LABEL = re.compile(
    r"^\s*(?:job\s+)?(?:title|role|position|designation|company(?:\s+name)?|employer|organi[sz]ation)\s*:\s*", re.I)


# Where a role line moves on from the title to a description ("Sales Engineer : Led ...",
# "Analyst − Built ...", "Engineer, Acme | 2019 - 2021", "Engineer - Responsible for ...").
_TITLE_END = re.compile(r"\s+[:−–—.]\s+|\s*;\s*|\s*\|\s*|:\s+|\s+-\s+(?=[A-Z][a-z]+\s+\w+\s+\w+)")


_BULLET_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)]|#{1,6}\s)\s*")  # and a markdown sub-heading's '###'
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
            dated = _YEAR_HINT.search(line) or _SHORT_YEAR_HINT.search(line)
            m = _RANGE.search(line) if dated else None
            if m and (m.group("since") or _DAY_DATE.search(m.group())) and (
                    _BULLET_LINE.match(line) or len(line[:m.start()].split()) > _SINCE_WORDS):
                # "- Maintained the platform, in production since 2008", "- Digitised the notebooks
                # of 15 March 2005 - 20 April 2015": a sentence, not a role.
                m = None
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
            start, _ = _parse_date(m.group("start") or m.group("since"), as_of)
            # The end month itself counts: "Jan 2021 - Dec 2022" ends on 2023-01-01.
            last, end = _parse_date(m.group("end"), as_of) if m.group("end") else (as_of, as_of)
            if last < start or start > as_of:
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
    rf"(?:\+|plus|or more)?\s*(?:(?:-|–|to|and|or)\s*\d+\s*)?(?:\+\s*)?(?P<unit>years?|yrs?|months?)['’]?\.?\s*\)?\s*(?:of\s+)?"
    rf"(?P<rest>(?:[^.;\n]|{_ABBREVIATION}){{0,120}})",  # "between 3 and 5 years": 3; "(2 years) in a warehouse"
    re.I,
)
# "Go: 3+ years", "- SQL - 5 years": a label, then the years.
_YEARS_LABEL = re.compile(
    rf"^[\s*•-]*(?P<subject>[A-Za-z][\w+#./ -]{{0,40}}?)\s*[:–—-]\s*(?:at least\s+|min(?:imum)?\.?\s+)?{_NUM}\s*\+?\s*"
    rf"(?:years?|yrs?)\.?\s*(?:of\s+(?:experience|exp\.?))?\s*\+?\s*$", re.I)
_EXP = re.compile(r"\bexp\b\.?", re.I)
# "Java (5+ years)": the subject, then its years in brackets.
_YEARS_IN_BRACKETS = re.compile(
    rf"^[\s*•-]*(?P<subject>[A-Za-z][\w+#./ -]{{0,40}}?)\s*\(\s*(?:at least\s+|min(?:imum)?\.?\s+)?{_NUM}\s*\+?\s*"
    rf"(?:years?|yrs?)\.?\s*(?:of\s+(?:experience|exp\.?))?\s*\+?\s*\)\s*\.?\s*$", re.I)
_YEARS_AFTER = re.compile(
    rf"experience\s+(?:as|in|with|on)\s+(?:an?\s+)?(?P<subject>[^.;\n]{{2,100}}?)\s+for\s+(?:at least\s+)?{_NUM}\+?\s*years?",
    re.I,
)
_SUBJECT_LEAD = re.compile(
    r"^(?:(?:professional|relevant|prior|previous|progressive|proven|hands-on|practical|industry|work|working|related|"
    r"full-time|post-qualification|direct|past|job|total|overall|combined|cumulative|general)\s+)*"
    r"(?:(?:experience|exp|work|employment|service)\b\.?\s*)?"  # whole words: "workforce", "industrial" stay
    r"(?:(?:working|serving|employed|acting|spent)\s+)?(?:(?:as an?|as|in|with|on|using|of|doing|within|at)\s+)?"
    r"(?:an?\s+|the\s+)?",
    re.I,
)


# What the years were spent doing ("5+ years configuring Cisco IOS routers", "3+ years managing
# teams"): such a clause asks for years; the verb stays in its subject, as titles share it ("Manager").
_DOING = re.compile(
    r"^(?:configuring|writing|building|developing|designing|managing|leading|using|running|supporting|maintaining|"
    r"implementing|programming|coding|delivering|operating|administering|deploying|testing|teaching|selling|"
    r"providing|creating|performing|handling|coordinating|overseeing|troubleshooting|repairing|installing|servicing|"
    r"wiring|assembling)\s+", re.I)  # not "caring", "driving": "30 years caring for families" is a blurb


def _number(value: str) -> float:
    value = value.lower()
    return float(_NUMBER_WORDS[value]) if value in _NUMBER_WORDS else float(value)


def _subject(rest: str) -> str:
    subject = _SUBJECT_LEAD.sub("", rest.strip(), count=1)
    # "(preferably in retail)", "teaching experience (K-12)": an aside, not the subject.
    subject = re.sub(r"\s*\([^)]*\)\s*$", "", re.sub(r"^\([^)]*\)?", "", subject)).strip()
    subject = re.split(r"\s+or\s+(?:in\s+|as\s+)?(?:an?\s+)?(?:similar|equivalent|related|comparable)\b|"
                       r"\s+(?:in a|in an|with a|at|for|including|preferably|ideally|is|are|which|who|where|\()\s+|"
                       r",\s+(?:with|where|which|ideally|preferably|either|whether|especially|particularly|such as)\b",
                       subject, maxsplit=1)[0]
    # "recent experience as a Full Stack Java Engineer", "capacity of a Java Development Lead":
    # a few lead-in words, then the job title.
    subject = re.sub(r"^(?:\S+\s+){0,4}?(?:as|of|holding)\s+an?\s+(?=[A-Z])", "", subject)
    # "an adult ICU setting", "a retail environment": the place, not the word for it.
    subject = re.sub(r"\s+(?:setting|settings|environment|environments|context|industry|sector|experience)\s*$", "",
                     subject.strip(" ,:-–"), flags=re.I)
    subject = subject.strip(" ,:-–")
    # "5 years experience required": no subject, any experience counts.
    return "" if re.fullmatch(r"(?:is\s+)?(?:required|preferred|needed|desired|a must|minimum|or more|plus)",
                              subject, re.I) else subject[:80]


def parse_requirements(text: str) -> tuple[ExperienceRequirement, ...]:
    """Every "N years of X" style requirement in a posting's text."""
    found: list[ExperienceRequirement] = []
    for line in text.splitlines():
        lowered = line.lower()
        if "year" not in lowered and "yr" not in lowered and "month" not in lowered:
            continue  # every form below names years or months; most lines are skipped here
        evidence = line.strip()
        line = _EXP.sub("experience", line)  # "3+ yrs exp. with Java"
        label = _YEARS_LABEL.match(line) or _YEARS_IN_BRACKETS.match(line)
        if label:
            found.append(ExperienceRequirement(_number(label.group("n")), _subject(label.group("subject")), evidence))
            continue
        for m in _YEARS_AFTER.finditer(line):
            found.append(ExperienceRequirement(_number(m.group("n")), m.group("subject").strip(), evidence))
        if found and found[-1].evidence == evidence:
            continue
        for clause in _CLAUSE_BREAK.split(line):
            found.extend(_clause_requirements(clause, line, evidence))
    return tuple(found)


# "6+ years of software engineering, with at least 4 years building services in Go",
# "1 year as an Admin, 5 years as a Support Specialist, and 4 years as ...",
# "4 years as a Data Engineer and minimum 5 years as a Java Developer"
_CLAUSE_BREAK = re.compile(
    r"(?:,\s*(?:(?:with|and|including|plus)\s+)?|(?<!between \d)(?<!between \d\d)\s+(?:and|plus)\s+)"
    r"(?=(?:at least |a minimum of |minimum |over |more than |another )?"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\+?\s*(?:-\s*\d+\s*)?years?)|;\s*", re.I)


def _clause_requirements(clause: str, line: str, evidence: str) -> list[ExperienceRequirement]:
    """The "N years ... X" requirements of one clause of ``line``; ``evidence`` is the line as written."""
    found = []
    for m in _YEARS_BEFORE.finditer(clause):
        years = _number(m.group("n")) / (12.0 if m.group("unit").lower().startswith("month") else 1.0)
        if not 0 < years <= 40:
            continue
        before = clause[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"(?:within|after|first|every|past|last)\s*$", before):
            continue
        rest = m.group("rest")
        says_of = re.search(r"(?:years?|yrs?|months?)['’]?\.?\s+of\b", m.group(0), re.I)
        if not says_of and "experience" not in line.lower() and not _DOING.match(rest.strip()) and not re.match(
                r"\s*(?:\w+[\s-]+){0,3}(?:work|working|as\b|in\b|with\b)", rest, re.I):
            continue
        found.append(ExperienceRequirement(years, _subject(rest), evidence))
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
