"""Pair features for every (resume, posting) pair, computed as whole matrices.

Documents are prepared once (skills, requirements, roles, cleaned text); the
pair features are then sparse matrix products over all resumes x postings,
never a Python loop over pairs. No feature measures length: every one is a
cosine, a share of what the posting asks for, or a shortfall against it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from matcher.documents import Posting, Resume
from matcher.experience import (
    ExperienceRequirement, Role, parse_requirements, parse_roles, seniority_level, total_years,
)
from matcher.privacy import strip_personal
from matcher.skills.extract import SkillExtractor
from matcher.skills.phrases import content_tokens
from matcher.skills.requirements import (TECH_CATEGORIES, Requirement, ResumeSkills, asks_as_nice, posting_requirements,
                                        resume_skills)

__all__ = [
    "FEATURES", "FEATURE_SIGNS", "PreparedPosting", "PreparedResume", "SkillIndex", "SkillMatch", "ExperienceIndex",
    "ExperienceMatch", "prepare_posting", "prepare_resume", "requirement_column", "skill_index", "skill_match",
    "experience_index", "experience_match", "PairFeaturizer", "requirement_names", "tfidf_transform",
]

FEATURES = (
    "text_cosine", "skill_cosine", "required_coverage", "missing_required_weight",
    "partial_coverage", "nice_coverage", "experience_shortfall", "experience_short_any", "title_similarity",
    "term_coverage", "seniority_shortfall",
)
# The direction each feature may push a score: +1 up, -1 down (see matcher.linear).
FEATURE_SIGNS = (1, 1, 1, -1, 1, 1, -1, -1, 1, 1, -1)
# Coverage counts this many unmet pseudo-requirements, so a posting whose text
# yields one or two requirements cannot hand out full marks on thin evidence.
COVERAGE_PRIOR = 1.0
PHRASE_MATCH = 0.66     # share of a free phrase's content words one resume line must show
TAXONOMY_MATCH = 1.0    # a multi-word taxonomy skill written another way needs all its words
SUBJECT_MATCH = 0.5    # share of an experience subject's words a role title must show ...
TITLE_MATCH = 0.5       # ... or share of a role title's words the subject must show
SHORTFALL_TOLERANCE = 0.5  # years; rounding in "2019 - 2023" style dates


@dataclass(frozen=True)
class PreparedPosting:
    """A posting with everything pair scoring needs, computed once."""

    posting: Posting
    requirements: tuple[Requirement, ...]
    experience: tuple[ExperienceRequirement, ...]
    clean_text: str
    experience_skills: tuple[frozenset[str], ...] = ()  # skills named in each experience subject
    seniority: int | None = None  # 0 intern ... 5 executive, from the title or the years asked

    @property
    def id(self) -> str:
        return self.posting.id


@dataclass(frozen=True)
class PreparedResume:
    """A resume with everything pair scoring needs, computed once."""

    resume: Resume
    skills: ResumeSkills
    roles: tuple[Role, ...]
    total_years: float
    clean_text: str
    titles: tuple[str, ...]  # each role's title, and the summary's first line
    seniority: int | None = None  # of the latest role's title, or of the years held
    skill_years: dict[str, float] = field(default_factory=dict)  # skill -> years of the roles that mention it

    @property
    def id(self) -> str:
        return self.resume.id


def prepare_posting(posting: Posting, extractor: SkillExtractor) -> PreparedPosting:
    """Requirements, experience asks and cleaned text of a posting."""
    clean = strip_personal(f"{posting.title}\n{posting.text}\n" + " ".join(f"#{t}" for t in posting.hashtags))
    experience = _experience_asked(posting)
    requirements = posting_requirements(posting, extractor)
    hints = frozenset(r.name for r in requirements if r.in_taxonomy)
    named = tuple(frozenset(m.name for m in extractor.extract(req.subject, hints=hints)) for req in experience)
    level = seniority_level(posting.title, max((e.years for e in experience), default=None))
    return PreparedPosting(posting, requirements, experience, clean, named, level)


def _experience_asked(posting: Posting) -> tuple[ExperienceRequirement, ...]:
    """The years of experience a posting requires. Years it calls a plus ("5+ years of Kafka
    is a plus", a Nice to have section) are not held against anyone."""
    asks = posting.section_text("requirements", "summary", "responsibilities", "other", "title")
    # A summary that restates the experience asked elsewhere ("seeking a Recruiter with a
    # year of experience ...") would make the same role count twice.
    found = (parse_requirements(posting.section_text("requirements", "other", "title"))
             or parse_requirements(asks if asks or posting.sections else posting.text))
    return tuple(r for r in found if not asks_as_nice(r.evidence, _years_part(r)))


def _years_part(requirement: ExperienceRequirement) -> str:
    """The words of a line that ask for these years ("5+ years of Python"), as far as they can be found."""
    subject = requirement.subject.split("(")[0].strip()  # "SQL (PostgreSQL preferred)": the aside is its own clause
    m = re.search(rf"[^;,()]*?{re.escape(subject)}", requirement.evidence) if subject else None
    return m.group(0) if m else ""


def prepare_resume(resume: Resume, extractor: SkillExtractor, *, as_of: date) -> PreparedResume:
    """Skills, dated roles and cleaned text of a resume (contact details removed)."""
    roles = parse_roles(resume.text, resume.sections, as_of=as_of)
    summary = resume.section_text("summary").strip().splitlines()
    titles = tuple(t for t in [r.title for r in roles] + summary[:1] if t.strip())
    years = total_years(roles)
    latest = max(roles, key=lambda r: (r.end, r.start)).title if roles else ""
    skills = resume_skills(resume, extractor)
    return PreparedResume(
        resume=resume,
        skills=skills,
        roles=roles,
        total_years=years,
        clean_text=strip_personal(resume.text, resume=True),
        titles=titles,
        seniority=seniority_level(latest, years) if roles else None,
        skill_years=_skill_years(roles, skills),
    )


def _skill_years(roles: tuple[Role, ...], skills: ResumeSkills) -> dict[str, float]:
    """Years of the roles whose title or lines name each skill (overlaps count once); none for a
    skill named only in education, projects or volunteering (see ``ResumeSkills.aside_only``)."""
    roles_of: dict[str, set[int]] = {}  # a line -> the roles that hold it
    for k, role in enumerate(roles):
        for line in role.text.splitlines():
            roles_of.setdefault(line.strip(), set()).add(k)
    years = {}
    for name, lines in skills.lines_of.items():
        held = tuple(roles[k] for k in sorted({k for line in lines for k in roles_of.get(line, ())}))
        if held:
            years[name] = total_years(held)
        elif name in skills.aside_only:
            years[name] = 0.0
    return years


# --- skills -------------------------------------------------------------------

@dataclass(frozen=True)
class SkillMatch:
    """Presence of every requirement key in every resume.

    ``present``, ``partial`` and ``either`` are (resumes x keys); ``required`` and
    ``nice`` are (postings x keys) importance weights.
    """

    keys: tuple[str, ...]  # requirement columns, see requirement_column
    present: sp.csr_matrix
    partial: sp.csr_matrix
    required: sp.csr_matrix
    nice: sp.csr_matrix
    # Met through the other skill the posting takes for it ("Go or Rust" and the resume's Go):
    # counted in ``present``, but no skill of the resume's own to list.
    either: sp.csr_matrix


def _token_matrix(docs: list[tuple[str, ...]], vocab: dict[str, int]) -> sp.csr_matrix:
    """Docs x vocab, 1 where the doc has the token (tokens outside ``vocab`` are left out)."""
    indptr, cols = [0], []
    lookup = vocab.get
    for tokens in docs:
        cols.extend(j for j in map(lookup, set(tokens)) if j is not None)
        indptr.append(len(cols))
    return sp.csr_matrix((np.ones(len(cols)), np.asarray(cols, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
                         shape=(len(docs), len(vocab)))


@dataclass(frozen=True)
class SkillIndex:
    """The postings' side of :func:`skill_match`, built once for many chunks of resumes."""

    keys: dict[str, int]  # requirement column -> index
    columns_of: dict[str, list[int]]  # requirement key -> its columns
    required: sp.csr_matrix
    nice: sp.csr_matrix
    phrase_ids: list[int]  # keys matched by the words of one resume line
    phrase_vocab: dict[str, int]
    phrases: sp.csr_matrix | None
    need: np.ndarray
    families: dict[str, int]
    key_family: sp.csr_matrix | None
    groups: dict[str, int]  # skill groups that open phrases name
    key_group: sp.csr_matrix | None  # keys x groups
    alternatives: dict[str, int]  # skills some posting takes instead of another
    key_alternatives: sp.csr_matrix | None  # keys x alternatives


def _by_words(r: Requirement) -> bool:
    """Free phrases, and taxonomy skills of several words ("Attention to Detail"), also count
    when one resume line shows most of their words."""
    return bool(r.tokens) and (not r.in_taxonomy or len(r.tokens) >= 2)


def requirement_column(r: Requirement) -> str:
    """The column of a requirement in :class:`SkillMatch`: its key, and for one matched by its
    words also those words, since two postings may word the same skill differently and
    each pair must be judged by its own posting's wording alone."""
    column = f"{r.key}|{' '.join(r.tokens)}" if _by_words(r) else r.key
    # "Go or Python": a resume with Python meets this posting's Go, not every posting's.
    return f"{column}|or:{'|'.join(r.alternatives)}" if r.alternatives else column


def requirement_names(postings: list[PreparedPosting], keys: tuple[str, ...]) -> list[str]:
    """The skill name of each requirement column (``keys``: the columns of a :class:`SkillMatch`)."""
    names = {requirement_column(req): req.name for p in postings for req in p.requirements}
    return [names[key] for key in keys]


def skill_index(postings: list[PreparedPosting]) -> SkillIndex:
    """Every requirement of the postings (a column per key and wording), with its importance
    and how it is matched."""
    keys: dict[str, int] = {}
    family_of: dict[int, str] = {}
    phrase_tokens: dict[int, tuple[str, ...]] = {}
    group_of: dict[int, tuple[str, ...]] = {}
    alternatives_of: dict[int, tuple[str, ...]] = {}
    columns_of: dict[str, list[int]] = {}  # requirement key -> its columns
    req_rows, req_cols, req_vals, nice_rows, nice_cols, nice_vals = [], [], [], [], [], []
    for p, prepared in enumerate(postings):
        for r in prepared.requirements:
            column = requirement_column(r)
            k = keys.get(column)
            if k is None:
                k = keys[column] = len(keys)
                columns_of.setdefault(r.key, []).append(k)
            if r.family:
                family_of[k] = r.family
            if _by_words(r):
                phrase_tokens[k] = r.tokens
            if r.groups:
                group_of[k] = r.groups
            if r.alternatives:
                alternatives_of[k] = r.alternatives
            rows, cols, vals = (req_rows, req_cols, req_vals) if r.required else (nice_rows, nice_cols, nice_vals)
            rows.append(p)
            cols.append(k)
            vals.append(r.importance)
    n_p, n_k = len(postings), len(keys)
    keys_list = list(keys)
    vocab: dict[str, int] = {}
    for tokens in phrase_tokens.values():
        for t in tokens:
            vocab.setdefault(t, len(vocab))
    phrase_ids = sorted(phrase_tokens)
    phrases = _token_matrix([phrase_tokens[k] for k in phrase_ids], vocab) if phrase_ids else None
    need = np.array([TAXONOMY_MATCH if keys_list[k].startswith("t:") else PHRASE_MATCH for k in phrase_ids])
    families = {f: j for j, f in enumerate(sorted(set(family_of.values())))}
    key_family = sp.csr_matrix(
        (np.ones(len(family_of)), (list(family_of), [families[f] for f in family_of.values()])),
        shape=(n_k, len(families)),
    ) if families else None
    groups = {g: j for j, g in enumerate(sorted({g for labels in group_of.values() for g in labels}))}
    key_group = _token_matrix([group_of.get(k, ()) for k in range(n_k)], groups) if groups else None
    alternatives = {a: j for j, a in enumerate(sorted({a for names in alternatives_of.values() for a in names}))}
    key_alternatives = (_token_matrix([alternatives_of.get(k, ()) for k in range(n_k)], alternatives)
                        if alternatives else None)
    return SkillIndex(
        keys=keys,
        columns_of=columns_of,
        required=sp.csr_matrix((req_vals, (req_rows, req_cols)), shape=(n_p, n_k)),
        nice=sp.csr_matrix((nice_vals, (nice_rows, nice_cols)), shape=(n_p, n_k)),
        phrase_ids=phrase_ids, phrase_vocab=vocab, phrases=phrases, need=need,
        families=families, key_family=key_family, groups=groups, key_group=key_group,
        alternatives=alternatives, key_alternatives=key_alternatives,
    )


def skill_match(resumes: list[PreparedResume], postings: list[PreparedPosting],
                index: SkillIndex | None = None) -> SkillMatch:
    """Which resume shows which required skill, for all pairs at once (``index``: the
    postings' :func:`skill_index`, when the caller has it)."""
    index = index if index is not None else skill_index(postings)
    keys = index.keys
    n_r, n_k = len(resumes), len(keys)

    # Taxonomy skills: the resume's canonical names.
    rows, cols = [], []
    for i, prepared in enumerate(resumes):
        for name in prepared.skills.names:
            for k in index.columns_of.get("t:" + name.strip().lower(), ()):
                rows.append(i)
                cols.append(k)
    present = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_r, n_k))

    # Open phrases: some line of the resume shows most of the phrase's words.
    if index.phrases is not None:
        line_owner, line_docs = [], []
        for i, prepared in enumerate(resumes):
            for tokens in prepared.skills.line_tokens:
                line_owner.append(i)
                line_docs.append(tokens)
        lines = _token_matrix(line_docs, index.phrase_vocab)
        overlap = (lines @ index.phrases.T).tocsr()
        lengths = np.asarray(index.phrases.sum(axis=1)).ravel()
        overlap.data = (overlap.data / lengths[overlap.indices] >= index.need[overlap.indices] - 1e-9).astype(float)
        overlap.eliminate_zeros()
        owner = sp.csr_matrix((np.ones(len(line_owner)), (line_owner, range(len(line_owner)))),
                              shape=(n_r, len(line_owner)))
        hit = (owner @ overlap).tocoo()
        extra = sp.csr_matrix((np.ones(hit.nnz), (hit.row, np.asarray(index.phrase_ids)[hit.col])),
                              shape=(n_r, n_k))
        present = present + extra
    # Open phrases that name a group ("a major cloud provider"): any skill of it will do.
    if index.key_group is not None:
        shows = _token_matrix([tuple(r.skills.groups) for r in resumes], index.groups)
        present = present + (shows @ index.key_group.T)
    present.data[:] = 1.0
    present = present.tocsr()

    # "Go or Rust": the resume's Go meets the posting's Rust as well (see SkillMatch.either).
    # In a longer list ("SQL, Python, Tableau or Power BI") the "or" may join only the last two,
    # so another skill of the list is a related skill, not a met one.
    either, alternative = sp.csr_matrix((n_r, n_k)), sp.csr_matrix((n_r, n_k))
    if index.key_alternatives is not None:
        has_alternative = _token_matrix([tuple(r.skills.names) for r in resumes], index.alternatives)
        alternative = (has_alternative @ index.key_alternatives.T).tocsr()
        one_other = (np.diff(index.key_alternatives.tocsr().indptr) == 1).astype(float)
        either = (alternative @ sp.diags(one_other)).tocsr()
        either.eliminate_zeros()
        either.data[:] = 1.0
        either = (either - either.multiply(present)).tocsr()
        either.eliminate_zeros()
        present = (present + either).tocsr()

    # Partial: a missing skill whose family the resume covers with another skill, or a longer
    # list's other skill (above).
    partial = alternative
    if index.key_family is not None:
        has_family = _token_matrix([tuple(r.skills.families) for r in resumes], index.families)
        partial = partial + has_family @ index.key_family.T
    partial = partial.tocsr()
    partial.data[:] = 1.0
    partial = (partial - partial.multiply(present)).tocsr()
    partial.eliminate_zeros()
    return SkillMatch(tuple(keys), present, partial, index.required, index.nice, either)


# --- experience -----------------------------------------------------------------

@dataclass(frozen=True)
class ExperienceMatch:
    """Years asked and held for every (experience requirement, resume).

    ``owner`` maps requirement rows to postings; ``held`` is (requirements x resumes).
    """

    owner: np.ndarray
    years: np.ndarray
    held: np.ndarray

    @property
    def shortfall(self) -> np.ndarray:
        return np.maximum(0.0, self.years[:, None] - self.held)


@dataclass(frozen=True)
class ExperienceIndex:
    """The postings' side of :func:`experience_match`, built once for many chunks of resumes."""

    owner: np.ndarray  # posting of each experience requirement
    years: np.ndarray
    vocab: dict[str, int]  # the words of the requirements' subjects
    subjects: sp.csr_matrix  # requirements x vocab
    skill_names: dict[str, int]  # skills named in the subjects
    asked: sp.csr_matrix | None  # requirements x skill names
    alternatives: sp.csr_matrix  # the subjects' alternatives ("SRE, infrastructure or backend") x vocab
    alternative_of: np.ndarray  # requirement of each alternative
    pairs: np.ndarray  # (requirement, other requirement of the same posting), one row per ordered pair
    common: sp.csr_matrix  # the words each pair shares, pairs x vocab
    every: np.ndarray  # requirements that ask for years with each skill they name ("Go and Kubernetes")
    only_skills: np.ndarray  # requirements whose subject is skills and nothing else ("Go", "Go or Rust")


def _alternatives(subject: str) -> list[tuple[str, ...]]:
    """The words of each alternative a subject lists ("SRE, infrastructure or backend roles"),
    or none when it lists one thing."""
    parts = [content_tokens(part) for part in re.split(r",\s*(?:or\s+)?|\s+(?:and/)?or\s+", subject)]
    parts = [p for p in parts if p]
    return parts if len(parts) >= 2 else []


def _asks_every(subject: str) -> bool:
    """Whether a subject joins what it names with "and", not "or": "Go and Kubernetes" asks for both."""
    return bool(re.search(r"\band\b|&", subject)) and not re.search(r"\bor\b|/", subject)


def _names_only_skills(subject: str, skills: frozenset[str], categories: dict[str, str]) -> bool:
    """Whether a subject is skills and nothing else, so its years are counted per skill, not by
    words of job titles: two or more ("Go and Kubernetes", not "Data Engineer with SQL"), or one
    technology ("Go": a "Go-To-Market Manager" has no years of it). One skill that is not a
    technology may be a job ("Registered Nurse"), which titles do name.
    ``categories``: the category of each skill the posting asks for."""
    if not skills or (len(skills) == 1 and categories.get(next(iter(skills))) not in TECH_CATEGORIES):
        return False
    named = {t for name in skills for t in content_tokens(name)}
    return not set(content_tokens(subject)) - named


def experience_index(postings: list[PreparedPosting]) -> ExperienceIndex:
    """Every experience requirement of the postings, with the words and skills of its subject."""
    owner, years, subjects, subject_skills, alternatives, alternative_of = [], [], [], [], [], []
    only_skills = []
    for p, prepared in enumerate(postings):
        categories = {r.name: r.category for r in prepared.requirements} if prepared.experience else {}
        for k, req in enumerate(prepared.experience):
            for words in _alternatives(req.subject):
                alternatives.append(words)
                alternative_of.append(len(owner))
            owner.append(p)
            years.append(req.years)
            subjects.append(content_tokens(req.subject))
            subject_skills.append(prepared.experience_skills[k] if k < len(prepared.experience_skills) else frozenset())
            only_skills.append(_names_only_skills(req.subject, subject_skills[-1], categories))
    vocab: dict[str, int] = {}
    for tokens in subjects:
        for t in tokens:
            vocab.setdefault(t, len(vocab))
    names = {n: j for j, n in enumerate(sorted(set().union(*subject_skills)))}
    pairs = [(a, b) for a in range(len(owner)) for b in range(len(owner)) if a != b and owner[a] == owner[b]]
    common = [tuple(set(subjects[a]) & set(subjects[b])) for a, b in pairs]
    return ExperienceIndex(
        owner=np.asarray(owner, dtype=int), years=np.asarray(years, dtype=float), vocab=vocab,
        subjects=_token_matrix(subjects, vocab), skill_names=names,
        asked=_token_matrix([tuple(sk) for sk in subject_skills], names) if names else None,
        alternatives=_token_matrix(alternatives, vocab), alternative_of=np.asarray(alternative_of, dtype=int),
        pairs=np.asarray(pairs, dtype=int).reshape(-1, 2), common=_token_matrix(common, vocab),
        every=np.asarray([_asks_every(req.subject) for prepared in postings for req in prepared.experience], dtype=bool),
        only_skills=np.asarray(only_skills, dtype=bool),
    )


def experience_match(resumes: list[PreparedResume], postings: list[PreparedPosting],
                     index: ExperienceIndex | None = None) -> ExperienceMatch:
    """Years held against every experience requirement, for all resumes at once (``index``:
    the postings' :func:`experience_index`, when the caller has it)."""
    index = index if index is not None else experience_index(postings)
    n_r, n_q = len(resumes), len(index.owner)
    if not n_q:
        return ExperienceMatch(index.owner, index.years, np.zeros((0, n_r)))
    totals = np.array([r.total_years for r in resumes])
    held = np.tile(totals, (n_q, 1))
    lengths = np.asarray(index.subjects.sum(axis=1)).ravel()
    specific = lengths > 0
    if not specific.any():
        return ExperienceMatch(index.owner, index.years, held)
    role_owner, role_years, role_start, role_end, title_tokens = [], [], [], [], []
    titles: list[str] = []
    for i, prepared in enumerate(resumes):
        for role in prepared.roles:
            role_owner.append(i)
            role_years.append(role.years)
            role_start.append(role.start.year + (role.start.month - 1) / 12.0)
            role_end.append(role.end.year + (role.end.month - 1) / 12.0)
            title_tokens.append(content_tokens(role.title))
            titles.append(role.title)
    role_held = np.zeros((n_q, n_r))
    if role_owner:
        role_held = _years_in_named_roles(index, lengths, title_tokens, titles, np.asarray(role_owner),
                                          np.asarray(role_years, dtype=float), np.asarray(role_start),
                                          np.asarray(role_end), n_r)
    # Else, when the subject names a skill the resume shows ("5+ years of Go"): the years of
    # the roles that name it, or all years when no role does (Go only in the skills list),
    # since role titles rarely name tools.
    fallback = np.zeros((n_q, n_r))
    if index.asked is not None:
        rows, cols, vals = [], [], []
        for i, r in enumerate(resumes):
            for name in r.skills.names:
                j = index.skill_names.get(name)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    vals.append(r.skill_years.get(name, r.total_years) + 1e-9)  # kept when 0 years
        years = sp.csr_matrix((vals, (rows, cols)), shape=(n_r, len(index.skill_names))).T.tocsr()
        fallback = _skill_fallback(index.asked.tocsr(), index.every, years)
        fallback = np.maximum(fallback - 1e-9, 0.0)  # the mark that kept 0 years in the sparse matrix
    # "Go and Kubernetes" in a "Go Developer" title is still a year of Go, not of both.
    held[specific] = np.where((role_held > 0) & ~index.only_skills[:, None], role_held, fallback)[specific]
    return ExperienceMatch(index.owner, index.years, held)


def _skill_fallback(asked: sp.csr_matrix, every: np.ndarray, years: sp.csr_matrix) -> np.ndarray:
    """Years held of the skills each requirement names (requirements x resumes): the fewest of
    them when it asks for every one ("Go and Kubernetes"; none for a skill not shown), else the
    most ("Java or Go"). ``years``: skills x resumes."""
    held = np.zeros((asked.shape[0], years.shape[1]))
    counts = np.diff(asked.indptr)
    one = np.flatnonzero(counts == 1)  # most subjects name one skill
    if len(one):
        held[one] = years[asked.indices[asked.indptr[one]]].toarray()
    for q in np.flatnonzero(counts > 1):
        per_skill = years[asked.indices[asked.indptr[q]:asked.indptr[q + 1]]].toarray()
        held[q] = per_skill.min(axis=0) if every[q] else per_skill.max(axis=0)
    return held


def _years_in_named_roles(index: ExperienceIndex, lengths: np.ndarray, title_tokens: list[tuple[str, ...]],
                          role_titles: list[str],
                          role_owner: np.ndarray, role_years: np.ndarray, role_start: np.ndarray,
                          role_end: np.ndarray, n_r: int) -> np.ndarray:
    """Years each resume held in roles whose titles name each requirement's subject
    (requirements x resumes). Only (requirement, role) entries that share a word can name
    it, so all of this runs over those entries, never a requirements x roles array."""
    n_q, n_roles = len(index.owner), len(title_tokens)
    titles = _token_matrix(title_tokens, index.vocab)
    shared = (index.subjects @ titles.T).tocsr()
    shared.sum_duplicates()
    shared.sort_indices()
    shared = shared.tocoo()  # entries in (requirement, role) order
    q, r, words = shared.row.astype(np.int64), shared.col.astype(np.int64), shared.data
    keys = q * n_roles + r  # sorted

    def at(rows: np.ndarray, roles: np.ndarray) -> np.ndarray:
        """Positions of (requirement, role) entries, each known to share a word."""
        return np.searchsorted(keys, rows.astype(np.int64) * n_roles + roles)

    # Years in the roles whose titles name the subject: most of the subject's words are
    # in the title, or most of the title's words are in the subject ("5 years as a
    # Carpenter which requires dexterity" and "Carpenter").
    title_len = np.array([len(t) for t in title_tokens], dtype=float)
    by_subject = words / np.maximum(1.0, lengths[q])
    by_title = words / np.maximum(1.0, title_len[r])
    matched = (by_subject >= SUBJECT_MATCH) | ((by_title >= TITLE_MATCH) & (title_len[r] >= 1))
    # A title that names one of the subject's alternatives in full names the subject.
    named_fully = by_subject >= 1.0 - 1e-9
    if index.alternative_of.size:
        alt_len = np.asarray(index.alternatives.sum(axis=1)).ravel()
        alt = (index.alternatives @ titles.T).tocoo()
        full = alt.data >= alt_len[alt.row] - 1e-9
        by_alternative = np.zeros(len(keys), dtype=bool)
        by_alternative[at(index.alternative_of[alt.row[full]], alt.col[full])] = True
        named_fully |= by_alternative
        matched |= by_alternative
    # A role does not count for a requirement when another requirement of the posting
    # names it better (Dice overlap of words) with every word the two share: "Senior
    # Network Engineer" is not "IT Network Engineer" when the posting asks for both, but
    # "Registered Nurse, ICU" counts for "Registered Nurse" and for "ICU" alike.
    # A title that names every word of the subject always counts.
    if len(index.pairs):
        dice = 2.0 * words / np.maximum(1.0, lengths[q] + title_len[r])
        both = (index.common @ titles.T).tocoo()  # (pair, role) where the title shows a shared word
        ea = at(index.pairs[both.row, 0], both.col)
        eb = at(index.pairs[both.row, 1], both.col)
        # every word a shares with the title is one of b's words too, and b names it better
        beaten = (both.data >= words[ea] - 1e-9) & matched[eb] & (dice[eb] > dice[ea] + 1e-9)
        denied = np.zeros(len(keys), dtype=bool)
        denied[ea[beaten]] = True
        matched &= ~(denied & ~named_fully)
    # Years add up over the roles whose titles name the whole subject (two Registered
    # Nurse roles), but never beyond the time from the first of them to the last, so
    # that jobs held at once do not count twice; a role that names it only in part
    # counts alone.
    named_fully &= matched
    cell = q * n_r + role_owner[r]  # (requirement, resume)
    summed = _sum_named_years(cell[named_fully], r[named_fully], role_owner, role_years, n_q * n_r)
    first = np.full(n_q * n_r, np.inf)
    np.minimum.at(first, cell[named_fully], role_start[r[named_fully]])
    last = np.full(n_q * n_r, -np.inf)
    np.maximum.at(last, cell[named_fully], role_end[r[named_fully]])
    span = np.where(np.isfinite(first), np.maximum(0.0, last - first), 0.0)
    longest = np.zeros(n_q * n_r)
    np.maximum.at(longest, cell[matched], role_years[r[matched]])
    held = np.maximum(np.minimum(summed, span), longest)
    # The same job held more than once adds up too, where its title names the subject in
    # part: two "Elementary Teacher" roles for "classroom teaching", "Electrical Engineer"
    # and "Senior Electrical Engineer" for "an Electrical Engineer in industrial automation"
    # (but not a "Software Tester" and a "Software Sales Representative" for "software
    # engineering"). Their time counts once where they overlap.
    in_part = np.flatnonzero(matched & ~named_fully)
    cells, counts = np.unique(cell[in_part], return_counts=True)
    in_part = in_part[np.isin(cell[in_part], cells[counts > 1])]  # only where two roles may add up
    if len(in_part):
        words_of = {i: t for t, i in index.vocab.items()}
        subjects = index.subjects.tocsr()
        parts: dict[int, tuple[frozenset[str], ...]] = {}
        subject_of: dict[int, frozenset[str]] = {}  # a requirement's words, met once per role it partly matches
        groups: dict[tuple[int, frozenset[str]], list[int]] = {}
        for e in in_part:
            subject = subject_of.get(q[e])
            if subject is None:
                subject = subject_of[q[e]] = frozenset(
                    words_of[i] for i in subjects.indices[subjects.indptr[q[e]]:subjects.indptr[q[e] + 1]])
            role = int(r[e])
            if role not in parts:
                parts[role] = _title_parts(role_titles[role])
            # The part of the title that names the job: "Acme Corp - Data Analyst" is a Data Analyst.
            own = parts[role]
            head = own[0] if len(own) == 1 else max(own, key=lambda part: len(part & subject), default=frozenset())
            if not head.isdisjoint(subject):
                groups.setdefault((int(cell[e]), head), []).append(role)
        for (c, _), roles in groups.items():
            if len(roles) > 1:
                held[c] = max(held[c], _time_covered(role_start[roles], role_end[roles]))
    return held.reshape(n_q, n_r)


def _time_covered(starts: np.ndarray, ends: np.ndarray) -> float:
    """Years covered by the union of the intervals [start, end)."""
    total, reach = 0.0, -np.inf
    for start, end in sorted(zip(starts.tolist(), ends.tolist())):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


_TITLE_SEPARATOR = re.compile(r",|\s[|@/–—-]\s|\s+at\s+", re.I)
_RANK_WORDS = frozenset("""senior sr junior jr lead staff principal associate assistant trainee i ii iii iv contract
    contractor temporary temp freelance remote part-time full-time""".split())


def _title_parts(title: str) -> tuple[frozenset[str], ...]:
    """The parts of a role title (job, employer) as words, without rank, terms or numbers:
    "Senior Electrical Engineer, ABB" and "Electrical Engineer, Siemens" hold the same job."""
    parts = []
    for part in _TITLE_SEPARATOR.split(title):
        words = " ".join(w for w in re.findall(r"[\w'+#./-]+", part) if w.lower().rstrip(".") not in _RANK_WORDS)
        parts.append(frozenset(t for t in content_tokens(words) if not t.isdigit()))
    return tuple(parts)


def _sum_named_years(cells: np.ndarray, roles: np.ndarray, role_owner: np.ndarray, role_years: np.ndarray,
                     n_cells: int) -> np.ndarray:
    """For each (requirement, resume) cell, the years of the given roles of that resume, summed
    as one reduction over all the resume's roles in order, the others as 0. numpy groups the
    additions of a long reduction, so adding role by role would differ in the last bits, and
    a cell's sum would depend on how the roles were gathered."""
    summed = np.zeros(n_cells)
    if not len(cells):
        return summed
    unique, inverse = np.unique(cells, return_inverse=True)
    resume_of = role_owner[roles]
    cell_first = np.zeros(len(unique), dtype=np.int64)  # the first role of the cell's resume
    cell_first[inverse] = np.searchsorted(role_owner, resume_of)  # roles are grouped by resume
    cell_len = np.zeros(len(unique), dtype=np.int64)  # and how many roles it has
    cell_len[inverse] = np.bincount(role_owner)[resume_of]
    offsets = np.concatenate([[0], np.cumsum(cell_len)[:-1]])
    flat = np.zeros(int(cell_len.sum()))
    flat[offsets[inverse] + roles - cell_first[inverse]] = role_years[roles]
    summed[unique] = np.add.reduceat(flat, offsets)
    return summed


# --- the featurizer ---------------------------------------------------------------

def tfidf_transform(vectorizer: TfidfVectorizer, docs: list[str]) -> sp.csr_matrix:
    """``vectorizer.transform(docs)`` for a fitted word 1-2-gram vectorizer, the same numbers
    in less time: words and word pairs are counted by ``Counter`` instead of a Python loop
    per word, which is most of the time of a batch's text feature. Any other setting
    goes to the vectorizer itself."""
    if (vectorizer.analyzer != "word" or vectorizer.ngram_range != (1, 2) or vectorizer.binary
            or not vectorizer.use_idf or vectorizer.input != "content"
            or not np.issubdtype(vectorizer.dtype, np.floating) or not all(isinstance(d, str) for d in docs)):
        return vectorizer.transform(docs)
    preprocess, tokenize = vectorizer.build_preprocessor(), vectorizer.build_tokenizer()
    stop = vectorizer.get_stop_words() or frozenset()
    lookup = vectorizer.vocabulary_.get
    indptr, indices, values = [0], [], []
    for doc in docs:
        words = [w for w in tokenize(preprocess(doc)) if w not in stop]
        counts = Counter(map(lookup, words))
        counts.update(map(lookup, map(" ".join, zip(words, words[1:]))))
        counts.pop(None, None)
        indices.extend(counts)
        values.extend(counts.values())
        indptr.append(len(indices))
    X = sp.csr_matrix((np.asarray(values, dtype=vectorizer.dtype), np.asarray(indices, dtype=np.int32),
                       np.asarray(indptr, dtype=np.int64)), shape=(len(docs), len(vectorizer.vocabulary_)))
    X.sort_indices()
    # As TfidfTransformer.transform does it, step by step, so the numbers are the same.
    if vectorizer.sublinear_tf:
        np.log(X.data, X.data)
        X.data += 1.0
    X.data *= vectorizer.idf_[X.indices]
    return normalize(X, norm=vectorizer.norm, copy=False) if vectorizer.norm else X


def _cosine(a: sp.spmatrix, b: sp.spmatrix) -> np.ndarray:
    return np.asarray((a @ b.T).todense())


class PairFeaturizer(BaseEstimator, TransformerMixin):
    """Learns the text vocabularies, then turns (resumes, postings) into a feature cube.

    ``transform`` returns an array of shape (n_resumes, n_postings, len(FEATURES)).
    The fitted vectorizers are part of the model, so training and serving
    clean and weigh text the same way.
    """

    def __init__(self, *, max_features: int = 50000, min_df: int = 2) -> None:
        self.max_features = max_features
        self.min_df = min_df

    def fit(self, resumes: list[PreparedResume], postings: list[PreparedPosting]) -> PairFeaturizer:
        texts = [r.clean_text for r in resumes] + [p.clean_text for p in postings]
        self.text_vectorizer_ = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, min_df=self.min_df, max_features=self.max_features,
            stop_words="english", dtype=np.float32,
        ).fit(texts)
        self.skill_vectorizer_ = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, dtype=np.float32).fit(
            [_resume_skill_tokens(r) for r in resumes] + [_posting_skill_tokens(p) for p in postings]
        )
        # Titles by their stemmed words ("Engineer" and "Engineering" meet), as role titles are matched.
        self.title_vectorizer_ = TfidfVectorizer(
            analyzer=content_tokens, sublinear_tf=True, min_df=1, dtype=np.float32,
        ).fit([t for r in resumes for t in r.titles] + [p.posting.title for p in postings])
        return self

    def transform_postings(self, postings: list[PreparedPosting]) -> dict[str, sp.csr_matrix]:
        """The postings' side of every vector feature; pass it to :meth:`transform` to reuse it across chunks."""
        check_is_fitted(self, "text_vectorizer_")
        return {
            "text": tfidf_transform(self.text_vectorizer_, [p.clean_text for p in postings]),
            "skills": self.skill_vectorizer_.transform([_posting_skill_tokens(p) for p in postings]),
            "title": self.title_vectorizer_.transform([p.posting.title for p in postings]),
        }

    def transform(self, resumes: list[PreparedResume], postings: list[PreparedPosting],
                  posting_side: dict[str, sp.csr_matrix] | None = None, match: SkillMatch | None = None,
                  experience: ExperienceMatch | None = None) -> np.ndarray:
        """The feature cube; ``match`` and ``experience`` are :func:`skill_match` and
        :func:`experience_match` of the same documents when the caller has them."""
        check_is_fitted(self, "text_vectorizer_")
        side = posting_side if posting_side is not None else self.transform_postings(postings)
        n_r, n_p = len(resumes), len(postings)
        cube = np.zeros((n_r, n_p, len(FEATURES)), dtype=np.float64)
        text = tfidf_transform(self.text_vectorizer_, [r.clean_text for r in resumes])
        cube[:, :, 0] = _cosine(text, side["text"])
        # Share of the posting's term weight that the resume uses at all: unlike the
        # cosine, taking words out of a resume can only lower it.
        shown = text.copy()
        shown.data[:] = 1.0
        weight = np.asarray(side["text"].sum(axis=1)).ravel()
        used = _cosine(shown, side["text"])
        cube[:, :, 9] = np.divide(used, weight[None, :], out=np.zeros_like(used), where=weight[None, :] > 0)
        cube[:, :, 1] = _cosine(self.skill_vectorizer_.transform([_resume_skill_tokens(r) for r in resumes]),
                                side["skills"])
        match = match if match is not None else skill_match(resumes, postings, side.get("skill_index"))
        req_total = np.asarray(match.required.sum(axis=1)).ravel()
        nice_total = np.asarray(match.nice.sum(axis=1)).ravel()
        covered = _cosine(match.present, match.required)
        cube[:, :, 2] = covered / (req_total + COVERAGE_PRIOR)
        cube[:, :, 3] = req_total[None, :] - covered
        partial = _cosine(match.partial, match.required)
        cube[:, :, 4] = np.divide(partial, req_total, out=np.zeros_like(partial), where=req_total > 0)
        nice_cov = _cosine(match.present, match.nice)
        cube[:, :, 5] = nice_cov / (nice_total + COVERAGE_PRIOR)
        exp = experience if experience is not None else experience_match(resumes, postings, side.get("experience_index"))
        if exp.owner.size:
            owner = sp.csr_matrix((np.ones(exp.owner.size), (exp.owner, range(exp.owner.size))),
                                  shape=(n_p, exp.owner.size))
            short = exp.shortfall
            asked = owner @ exp.years
            cube[:, :, 6] = np.divide((owner @ short).T, asked[None, :], out=np.zeros((n_r, n_p)),
                                      where=asked[None, :] > 0)
            cube[:, :, 7] = ((owner @ (short >= SHORTFALL_TOLERANCE).astype(float)).T > 0).astype(float)
        cube[:, :, 8] = self._best_title(resumes, side["title"])
        asked = np.array([np.nan if p.seniority is None else p.seniority for p in postings], dtype=float)
        held = np.array([np.nan if r.seniority is None else r.seniority for r in resumes], dtype=float)
        cube[:, :, 10] = np.nan_to_num(np.maximum(0.0, asked[None, :] - held[:, None]) / 5.0)  # unknown: 0
        return cube


    def _best_title(self, resumes: list[PreparedResume], posting_titles: sp.csr_matrix) -> np.ndarray:
        """The closest of each resume's titles to each posting's title: taking a role out
        can only lower it, unlike a cosine against all titles run together."""
        owner = np.array([i for i, r in enumerate(resumes) for _ in r.titles], dtype=int)
        best = np.zeros((len(resumes), posting_titles.shape[0]))
        if owner.size:
            titles = self.title_vectorizer_.transform([t for r in resumes for t in r.titles])
            starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])  # titles are grouped by resume
            best[owner[starts]] = np.maximum.reduceat(_cosine(titles, posting_titles), starts, axis=0)
        return best


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _posting_skill_tokens(p: PreparedPosting) -> list[str]:
    tokens = [r.key for r in p.requirements]
    return tokens + [f"h:{t}" for t in p.posting.hashtags]


def _resume_skill_tokens(r: PreparedResume) -> list[str]:
    return ["t:" + n.strip().lower() for n in r.skills.names]
