"""Split posting and resume text into sections by their headings.

Where a word appears decides how much it matters: a skill under
"Requirements" is a requirement, the same word under "About us" is not.
Headings come in many styles (``## Experience``, ``**What You'll Bring:**``,
``WORK EXPERIENCE``, ``Skills:``), so detection is by line shape, and the
heading text is then mapped to a canonical section kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Section", "split_sections", "classify_heading", "heading_kind", "is_aside", "is_pastimes", "POSTING_KINDS",
           "RESUME_KINDS", "reads_as_posting"]

DocKind = Literal["posting", "resume"]

POSTING_KINDS = (
    "title", "summary", "requirements", "responsibilities", "nice_to_have",
    "company", "benefits", "application", "other",
)
RESUME_KINDS = (
    "contact", "summary", "experience", "education", "skills", "projects",
    "certifications", "other",
)


@dataclass(frozen=True)
class Section:
    """A span of a document under one heading; ``text[start:end]`` is its body."""

    kind: str
    heading: str
    start: int
    end: int


_YEAR = re.compile(r"(?:19|20)\d\d")  # quick check before _DATED
_DATED = re.compile(r"\b(?:19|20)\d\d\b.{0,20}(?:\b(?:19|20)\d\d\b|present|current)", re.I)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<h>.+?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(?:\*\*|__)(?P<h>[^*_]{2,80}?)(?:\*\*|__)\s*:?\s*$")
_COLON_LINE = re.compile(r"^\s*(?P<h>[A-Z][\w&/'’,()+\- ]{1,60}?)\s*:\s*$")
_CAPS_LINE = re.compile(r"^\s*(?P<h>[A-Z][A-Z0-9&/'’,()+\- ]{2,60})\s*:?\s*$")
# "Skills: Python, Go" -- a known heading word followed by inline content.
_INLINE = re.compile(
    r"^\s*(?P<h>(?:technical\s+)?skills|core competencies|certifications?|licen[cs]es|education|"
    r"experience|summary|profile|objective|requirements|qualifications|responsibilities|nice to have)"
    r"\s*:\s*\S",
    re.I,
)

# Ordered rules: the first pattern found in the lower-cased heading wins.
_POSTING_RULES: tuple[tuple[str, str], ...] = (
    (r"^about the (?:role|job|position|opportunity)", "summary"),
    (r"nice[ -]to[ -]have|bonus|preferred|pluses|\bplus\b|desired|good to have|would be great|extra credit|"
     r"(?:would be|but|is|are) nice|nice if|not required", "nice_to_have"),
    (r"job title|position title|^title$", "title"),
    (r"require|qualif|what you(?:'|’)?ll bring|what you bring|who you are|must[ -]have|you have|"
     r"what we(?:'|’)?re looking for|what we look for|about you|your profile|skills|"
     r"experience|competenc|you(?:'|’)?ll need|what you need|background", "requirements"),
    (r"responsib|what you(?:'|’)?ll do|what you will do|duties|day[ -]to[ -]day|your role|the role|"
     r"within \d+ months?|you(?:'|’)?ll:|you will|key tasks|what you(?:'|’)?ll be doing|your impact|"
     r"example projects|in this role", "responsibilities"),
    (r"benefit|perks|what we offer|compensation|salary|pay range|we offer", "benefits"),
    (r"how to apply|applying|application|equal opportunity|eeo|diversity", "application"),
    (r"about us|about the company|company overview|who we are|our mission|our story|our team|"
     r"^about (?!the (?:role|job|position|opportunity)|you\b|this)|life at", "company"),
    (r"summary|overview|opportunity|description|about the (?:role|job|position)|position|the job|introduction", "summary"),
)
# Resume sections that are neither work nor skills (see is_aside); of them only volunteering and
# pastimes end an Experience section from its inside (_leaves_experience).
_ASIDE_SECTIONS = (r"volunteer|community (?:service|involvement)|interests|hobbies|extracurricular|awards|"
                   r"hono(?:u)?rs|references|affiliations|memberships")
# The asides that end an Experience section even as its sub-heading or a plain line: a job's own
# "Key Activities" or "Awards" stay in the job.
_LEAVES_EXPERIENCE = re.compile(r"(?:volunteer(?:ing)?(?: work| experience)?|community (?:service|involvement)|"
                                r"(?:personal )?interests|hobbies(?: (?:and|&) interests)?|interests (?:and|&) hobbies)")
_RESUME_RULES: tuple[tuple[str, str], ...] = (
    (r"personal|contact", "contact"),
    (r"certif|licen[cs]|accreditation|credential", "certifications"),
    (r"education|academic|qualifications|degree|training|schooling|coursework", "education"),
    (r"skill|competenc|technolog|tools|expertise|proficienc|languages|stack", "skills"),
    (r"project|portfolio|publications", "projects"),
    (_ASIDE_SECTIONS, "other"),  # before "experience": "Volunteer Experience" adds no years of work
    (r"experience|employment|work history|career|professional background|positions held|history", "experience"),
    (r"summary|profile|objective|about me|overview|introduction", "summary"),
)


# Plain lines that are headings by their words alone ("Required Skills", "Job Summary").
_PLAIN_HEADINGS = {
    "posting": re.compile(
        r"(?:job |position |role )?(?:title|summary|description|overview|purpose)|"
        r"(?:required|key|core|essential|technical|desired|preferred) (?:skills|experience|qualifications|competencies)|"
        r"(?:minimum |basic |preferred )?qualifications|requirements|(?:key |main |core )?responsibilities|duties|"
        r"(?:what we offer|benefits|perks|compensation)|about (?:us|the company|the role|the job|you)|"
        r"nice to have|skills|experience|education",
        re.I,
    ),
    "resume": re.compile(
        r"(?:(?:work|professional|employment|relevant|career) )?(?:experience|history)|employment|"
        r"education(?: and training)?|(?:technical |core |key |professional )?(?:skills|competencies)|"
        r"(?:professional )?(?:summary|profile)|objective|about me|certifications?|licen[cs]es(?: and certifications)?|"
        r"projects|personal (?:information|details)|contact(?: information| details)?|interests|hobbies|"
        r"volunteer(?:ing| work| experience)?",
        re.I,
    ),
}


_ASIDE = re.compile(_ASIDE_SECTIONS)
_PASTIMES = re.compile(r"(?<!research )(?<!professional )interests|hobbies|pastimes")


def is_aside(section: Section) -> bool:
    """Whether a resume section is about something other than work: schooling, credentials,
    volunteering, awards or pastimes. A skill named only there has no years of work (projects
    may be work's: "Key Projects" under a job)."""
    return section.kind in ("education", "certifications") or (
        section.kind == "other" and _ASIDE.search(section.heading.lower()) is not None)


def is_pastimes(section: Section) -> bool:
    """Whether a resume section lists pastimes ("Interests", "Hobbies"): "learning SQL on
    weekends" there is no evidence of SQL at work."""
    return section.kind == "other" and _PASTIMES.search(section.heading.lower()) is not None


_COMPILED_RULES = {
    "posting": tuple((re.compile(pattern), kind) for pattern, kind in _POSTING_RULES),
    "resume": tuple((re.compile(pattern), kind) for pattern, kind in _RESUME_RULES),
}


def classify_heading(heading: str, doc: DocKind) -> str:
    """Map a heading as written to a canonical section kind for ``doc``."""
    h = heading.lower().strip(" :*#_")
    for pattern, kind in _COMPILED_RULES["posting" if doc == "posting" else "resume"]:
        if pattern.search(h):
            return kind
    return "other"


def heading_kind(line: str, doc: DocKind) -> str | None:
    """The section kind ``line`` starts when it is a heading, else ``None``."""
    heading = _heading_of(line, doc)
    return None if heading is None else classify_heading(heading, doc)


def _leaves_experience(heading: str) -> bool:
    """Whether a resume heading ends Experience even as its sub-heading or a plain line ("### Volunteer
    Work", "INTERESTS"), where a job's own "Key Activities" or "Awards" do not."""
    return _LEAVES_EXPERIENCE.fullmatch(heading.lower().strip(" :*#_")) is not None


def _names_a_section(heading: str, doc: DocKind) -> bool:
    """Whether a plain heading's words name a section we know, "INTERESTS" and "VOLUNTEER WORK" included."""
    return classify_heading(heading, doc) != "other" or (doc == "resume" and _leaves_experience(heading))


def _heading_of(line: str, doc: DocKind) -> str | None:
    """Return the heading text if ``line`` looks like a heading, else ``None``.

    Markdown and bold headings are explicit; a bare ``Word:`` or ALL-CAPS line
    only counts when it names a known section, so a skills line such as
    ``AWS EC2`` is not mistaken for a heading.
    """
    first = line.lstrip()[:1]
    if not (first.isalpha() or first in ("#", "*", "_")):
        return None  # a bullet, a date, a number: no heading style starts so
    if _YEAR.search(line) and _DATED.search(line):
        return None  # "**Senior Engineer (2012 - 2017)**" is a role, not a section
    for pattern in (_MD_HEADING, _BOLD_LINE):
        m = pattern.match(line)
        if m:
            return m.group("h").strip(" :*_")
    m = _COLON_LINE.match(line)
    if m and len(m.group("h").split()) <= 8 and _names_a_section(m.group("h"), doc):
        return m.group("h").strip()
    m = _CAPS_LINE.match(line)
    if m:
        h = m.group("h").strip()
        letters = sum(c.isalpha() for c in h)
        if letters >= 4 and len(h.split()) <= 6 and _names_a_section(h, doc):
            return h
    m = _INLINE.match(line)
    if m:
        return m.group("h")
    if _PLAIN_HEADINGS[doc].fullmatch(line.strip()):
        return line.strip()
    return None


# A heading inside Experience that is a job title, however it is styled: it has the parts of a
# role line ("Nurse, Oakview", "Manager at Acme", "Analyst | 2019") or ends on a word for a job.
_JOB_WORDS = re.compile(
    r"(?:,|\s(?:at|@|\||-|–|—)\s)|\b(?:nurse|manager|engineer|developer|assistant|coordinator|representative|"
    r"banker|analyst|specialist|technician|director|officer|clerk|associate|supervisor|teacher|lead|consultant|"
    r"administrator|designer|accountant|agent|aide|architect|cashier|driver|operator|scientist|intern|"
    r"president|head|owner|founder|worker|attendant|therapist|advisor|adviser|executive|instructor|tutor|"
    r"receptionist|secretary|programmer|tester|writer|editor|planner|buyer|chef|cook|server|nanny)s?\s*$",
    re.I)


def _names_a_job(heading: str) -> bool:
    """Whether a heading found inside a resume's experience names a role rather than a section."""
    return bool(_JOB_WORDS.search(heading.strip(" :*#_")))


def _markdown_level(line: str) -> int | None:
    """How many '#' open a markdown heading line, or ``None`` for a heading of another style."""
    stripped = line.lstrip()
    if not stripped.startswith("#") or not _MD_HEADING.match(line.rstrip("\r\n")):
        return None
    return len(stripped) - len(stripped.lstrip("#"))


def split_sections(text: str, doc: DocKind) -> tuple[Section, ...]:
    """Split ``text`` into sections; text before the first heading is ``"other"``.

    A section's span starts after its heading line (inline headings such as
    ``Skills: Go, Rust`` keep the line, so the content is not lost).
    """
    sections: list[Section] = []
    current_kind, current_heading, current_start = "other", "", 0
    current_level: int | None = None  # the number of '#' of the current markdown heading
    pos = 0
    for line in text.splitlines(keepends=True):
        heading = _heading_of(line.rstrip("\r\n"), doc)
        if heading is not None:
            level = _markdown_level(line)
            kind = classify_heading(heading, doc)
            if doc == "resume" and current_kind == "experience" and kind != "experience" and _names_a_job(heading):
                # "### Licensed Practical Nurse, Oakview", "PROJECT MANAGER": a role, not a section.
                pos += len(line)
                continue
            if current_kind != "other" and kind == "other" and current_level is not None and (
                    level is None or level > current_level) and not (doc == "resume" and _leaves_experience(heading)):
                # A sub-heading ("**Technical**" under "## Requirements", "### Registered Nurse, St.
                # Mary's" under "## Experience") stays in its section. In a resume its line stays in
                # the text (it is an entry's title); in a posting it is a label, not an ask.
                if doc == "posting":
                    if pos > current_start and text[current_start:pos].strip():
                        sections.append(Section(current_kind, current_heading, current_start, pos))
                    current_start = pos + len(line)
                pos += len(line)
                continue
            current_level = level
            if pos > current_start and text[current_start:pos].strip():
                sections.append(Section(current_kind, current_heading, current_start, pos))
            inline = _INLINE.match(line) is not None and _COLON_LINE.match(line.rstrip()) is None
            current_kind = classify_heading(heading, doc)
            current_heading = heading
            current_start = pos if inline else pos + len(line)
        pos += len(line)
    if text[current_start:].strip():
        sections.append(Section(current_kind, current_heading, current_start, len(text)))
    return tuple(sections)


def reads_as_posting(text: str) -> bool:
    """Whether a document without front matter is a posting: it has two or more of a posting's
    own headings, each a line of its own ("Requirements", "Nice to have", "How to apply", ...)."""
    headings = {" ".join(_NOT_LETTERS.sub(" ", line.lower().replace("&", " and ").replace("'", "").replace("’", "")).split())
                for line in text.splitlines() if line.strip() and len(line.split()) <= 6 and not _LIST_ITEM.match(line)}
    found = headings & _POSTING_HEADINGS
    # "Benefits" and "Perks" alone may be skills an HR resume lists one per line.
    return len(found) >= 2 and bool(found - {"benefits", "perks"})


# Whole headings only a posting has. One alone is not enough: a resume may head a section
# "Benefits" or "Requirements" of its own work; "Qualifications" and "Responsibilities" head
# resumes too.
_POSTING_HEADINGS = frozenset(h.strip() for h in """requirements|job requirements|key requirements|minimum requirements|
    basic requirements|physical requirements|requirements and qualifications|qualifications and requirements|
    minimum qualifications|basic qualifications|preferred qualifications|required qualifications|nice to have|
    nice to haves|bonus points|benefits|perks|perks and benefits|benefits and perks|compensation and benefits|
    salary and benefits|pay and benefits|what we offer|we offer|how to apply|what you will do|what youll do|
    what you will bring|what youll bring|what you will need|what youll need|who you are|about you|your profile|
    about the role|about the job|about the position|job summary|essential duties and responsibilities|must have|
    must haves|what we are looking for|what were looking for""".split("|"))
_NOT_LETTERS = re.compile(r"[^a-z]+")  # "## What you'll do:" reads "what youll do"
_LIST_ITEM = re.compile(r"\s*(?:[-*•▪◦–—○·➢►✓]|\d{1,2}[.)])\s")
