"""Remove personal details before any text feature or any output that asks for it.

The model must judge skills and experience, never who a person is or how to
reach them, so contact blocks, names, emails, phone numbers, addresses and URLs
are stripped before features are computed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

__all__ = ["redact", "strip_personal", "name_line_span", "contact_line_spans"]

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Bare domains only in lower case, so "ASP.NET", "VB.NET" and "Salesforce.com" stay skills.
URL = re.compile(r"(?i:https?://|www\.)[^\s)\]>\"']+|\b[a-z0-9][a-z0-9-]*\.(?:com|org|net|io|dev|me|co)\b(?:/[^\s)\]>\"']*)?")
_PHONE_CANDIDATE = re.compile(r"(?<![\w/])\+?\(?\d[\d\s().-]{6,}\d(?![\w/])")
# Necessary conditions of URL, _PHONE_CANDIDATE and _STREET that a fast scan can check.
_URL_HINT = re.compile(r"(?i:https?://|www\.)|\.(?:com|org|net|io|dev|me|co)\b")
# The lookahead only lets the scan skip, quickly, every position where no branch can start.
_EMAIL_OR_URL_HINT = re.compile(r"(?=[@hHwW.])(?:@|" + _URL_HINT.pattern + ")")
_PHONE_HINT = re.compile(r"\d[\d\s().-]{6,}\d")
_STREET_HINT = re.compile(r"\d\s+[A-Z]")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d\)?\s*[-\u2013]\s*\(?(?:19|20)\d\d")
_PERSONAL_FIELD = re.compile(
    r"^\s*[*-]?\s*(?:full\s+)?(?:name|e-?mail|phone|mobile|tel(?:ephone)?|address|location|linkedin|github|"
    r"website|portfolio|date of birth|dob|birth ?date|age|gender|sex|nationality|citizenship|marital status)"
    r"\s*[:|-]\s*.*$",
    re.I | re.M,
)
_PERSONAL_HEADING = re.compile(
    r"^\s*#{0,6}\s*(?:personal (?:information|details|data)|contact(?: information| details)?)\s*:?\s*$", re.I
)
_HEADING = re.compile(r"^\s*(?:#{1,6}\s+\S|[A-Z][A-Z &/]{2,40}:?\s*$)")
_STREET = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way)\b\.?",
)


def name_line_span(text: str) -> tuple[int, int] | None:
    """Offsets of a resume's first non-empty line when it reads like a name ("María Elena Gutiérrez")."""
    from matcher.sections import classify_heading

    offset = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip().strip("#*_ ")
        if stripped:
            if (_NAME_LINE.match(stripped) and classify_heading(stripped, "resume") == "other"
                    and not any(ch.isdigit() for ch in stripped)):
                return offset, offset + len(line)
            return None
        offset += len(line)
    return None


def contact_line_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of lines that hold an email address, a URL or a phone number (a resume's contact lines)."""
    # One fast scan finds the lines that could hold one; only those get the full checks.
    hints = [(m.start(), m.end()) for m in _QUICK_CONTACT.finditer(text)]
    if not hints:
        return []
    spans, offset, k = [], 0, 0
    for line in text.splitlines(keepends=True):
        end = offset + len(line)
        while k < len(hints) and hints[k][1] <= offset:
            k += 1
        if k < len(hints) and hints[k][0] < end and (EMAIL.search(line) or URL.search(line) or any(
                _is_phone(m.group()) for m in _PHONE_CANDIDATE.finditer(line))):
            spans.append((offset, end))
        offset = end
    return spans


# Every email, URL and phone number matches this (a phone's digits may run over a line
# break here, which only widens the lines checked in full).
_QUICK_CONTACT = re.compile(r"(?=[@:wW.\d])(?:@|://|(?i:www\.)|\.(?:com|org|net|io|dev|me|co)\b|\d[\d\s().-]{6,}\d)")


def redact(text: str) -> str:
    """Replace emails, URLs and phone numbers with placeholders (for shared outputs)."""
    text = EMAIL.sub("[email]", text)
    text = URL.sub("[url]", text)
    return _PHONE_CANDIDATE.sub(lambda m: "[phone]" if _is_phone(m.group()) else m.group(), text)


def _is_phone(candidate: str) -> bool:
    """A phone number has 7-15 digits and is not a year range such as 2019-2023."""
    digits = sum(ch.isdigit() for ch in candidate)
    return 7 <= digits <= 15 and not _YEAR_RANGE.search(candidate)


# A name, then perhaps credentials, with or without dots: "María Elena Gutiérrez, RN, BSN",
# "Jane Roe, PhD", "Jane Roe, Ph.D.".
_CREDENTIAL_NAMES = ("RN BSN MSN LPN NP DNP CCRN PhD MD DO DDS PharmD MBA CPA CFA PE PMP CISSP MSc BSc MS BS BA MA "
                     "JD Esq Jr Sr II III IV").split()
_CREDENTIALS = "|".join(r"\.?".join(name) for name in _CREDENTIAL_NAMES)
_NAME_LINE = re.compile(
    rf"^[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.-]*){{0,4}}(?:\s*,\s*(?:{_CREDENTIALS})\.?)*\s*$")


def strip_personal(text: str, *, resume: bool = False) -> str:
    """Drop contact blocks, personal fields, emails, phones, addresses and URLs.

    Used on every resume and posting before text features, so that changing a
    candidate's name or contact details cannot change a score. For a resume
    (``resume=True``) the header line that holds the candidate's name goes too.
    """
    if resume and (span := name_line_span(text)) is not None:
        text = text[:span[0]] + text[span[1]:]
    from matcher.sections import heading_kind

    lines = text.splitlines()
    kept: list[str] = []
    in_personal = False
    for line in lines:
        if _PERSONAL_HEADING.match(line):
            in_personal = True
            continue
        if in_personal:
            # The block ends at the next heading: "## Skills", "EXPERIENCE", or "Education:".
            if (_HEADING.match(line) or heading_kind(line, "resume") not in (None, "contact")) and \
                    not _PERSONAL_FIELD.match(line):
                in_personal = False
            else:
                continue
        kept.append(line)
    out = "\n".join(kept)
    out = _PERSONAL_FIELD.sub("", out)
    # Each full pattern runs only where its quick hint shows it could match: emails and
    # URLs on their own lines (neither can span a line break), the rest on the whole text.
    hints = [m.start() for m in _EMAIL_OR_URL_HINT.finditer(out)]
    if hints:
        parts = out.split("\n")
        line_starts = list(accumulate((len(line) + 1 for line in parts[:-1]), initial=0))
        for i in sorted({bisect_right(line_starts, h) - 1 for h in hints}):
            line = parts[i]
            if "@" in line:
                line = EMAIL.sub(" ", line)
            if _URL_HINT.search(line):
                line = URL.sub(" ", line)
            parts[i] = line
        out = "\n".join(parts)
    if _PHONE_HINT.search(out):
        pieces, last = [], 0
        for m in _PHONE_CANDIDATE.finditer(out):  # most candidates are year ranges, kept as they are
            if _is_phone(m.group()):
                pieces += [out[last:m.start()], " "]
                last = m.end()
        if pieces:
            out = "".join(pieces) + out[last:]
    return _STREET.sub(" ", out) if _STREET_HINT.search(out) else out
