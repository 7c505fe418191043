"""The skills taxonomy: canonical skills with aliases, category, kind and family.

The built-in taxonomy is a set of CSV files inside the package
(``matcher/skills/data/taxonomy/``), written by the matcher project. Users can
add their own: a plain CSV, the ESCO skills CSV or the O*NET technology-skills
file, combined with the built-in one by :func:`merge_user_taxonomy` (a plain
CSV is written on purpose and wins over the built-in skills; ESCO and O*NET only
add skills).
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from matcher.errors import DocumentError
from matcher.readers import read_bytes

__all__ = [
    "Skill", "Taxonomy", "CATEGORIES", "builtin_taxonomy", "load_taxonomy",
    "load_taxonomy_csv", "load_esco_csv", "load_onet_technology", "merge_user_taxonomy", "normalize_key", "group_labels",
    "GROUP_CATEGORIES", "shown_by",
]

CATEGORIES = (
    "programming language", "framework/library", "database", "cloud/platform", "tool",
    "methodology", "domain knowledge", "soft skill", "certification/licence",
)
# Where a category is silent on SkillSpan's distinction, this decides it.
_KIND_OF_CATEGORY = {"soft skill": "skill"}
# Skills of these categories can partly stand in for one of the same family (see Taxonomy.stand_in_family).
STAND_IN_CATEGORIES = frozenset({"programming language", "framework/library", "database", "cloud/platform", "tool",
                                 "certification/licence"})


def normalize_key(name: str) -> str:
    """Lower-case, collapse white space: the identity of a skill name or alias."""
    return " ".join(name.lower().split())


def _compact_key(name: str) -> str:
    """A name as a hashtag writes it: lower-case, without spaces, dashes, dots or underscores."""
    return re.sub(r"[\s._-]+", "", name.lower())


@dataclass(frozen=True)
class Skill:
    """One canonical skill; ``family`` groups skills that partly substitute for each other."""

    name: str
    aliases: tuple[str, ...] = ()
    category: str = "domain knowledge"
    kind: str = "knowledge"
    family: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """The canonical name followed by every alias."""
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Taxonomy:
    """An immutable set of skills with a case-insensitive lookup by name or alias.

    When two skills claim the same name or alias, the one listed first keeps it
    (here and in the extractor); :meth:`merge` says which of two taxonomies wins.
    """

    skills: tuple[Skill, ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)
    _group_words: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)
    _compact: dict[str, int] = field(init=False, repr=False, compare=False)
    _stand_in: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        from matcher.skills.phrases import content_tokens

        index: dict[str, int] = {}
        for i, skill in enumerate(self.skills):
            for form in skill.forms:
                index.setdefault(normalize_key(form), i)
        object.__setattr__(self, "_index", index)
        compact: dict[str, int] = {}
        for key, i in index.items():
            compact.setdefault(_compact_key(key), i)
        object.__setattr__(self, "_compact", compact)
        words = {}
        for label in {g for skill in self.skills for g in group_labels(skill)}:
            parts = re.split(r"[-/\s]+", label.split(":", 1)[1])
            stems = [content_tokens(part) for part in parts]
            # Every word of the group's name must say something: "talent-development" is not
            # named by "development" alone, nor "m-and-a" by "m".
            if all(stems) and all(len(s[0]) >= 3 for s in stems):
                words[label] = frozenset(s[0][:_GROUP_PREFIX] for s in stems)
        object.__setattr__(self, "_group_words", words)
        object.__setattr__(self, "_stand_in", frozenset(
            skill.family for skill in self.skills if skill.family and skill.category in STAND_IN_CATEGORIES))

    def groups_named(self, tokens: tuple[str, ...]) -> tuple[str, ...]:
        """The skill groups a phrase names by all their words ("a major cloud provider",
        "compiled programming languages", "a mid-market ERP system"); ``tokens`` are its
        content tokens."""
        have = {t[:_GROUP_PREFIX] for t in tokens}
        return tuple(sorted(label for label, words in self._group_words.items() if words <= have))

    def stand_in_family(self, skill: Skill | None) -> str:
        """The family of skills that partly meet an ask for ``skill`` (MySQL for PostgreSQL,
        Epic for Electronic Health Records), or "".

        Only families of tools, languages, databases, platforms and credentials, where one is
        learnt and used much like the other. Soft skills, bodies of knowledge and methods only
        share a family: Problem Solving does not show Critical Thinking, nor Landscaping Pest
        Control. (RJDB removes such asks from resumes that keep the other one.)
        """
        return skill.family if skill is not None and skill.family in self._stand_in else ""

    def __len__(self) -> int:
        return len(self.skills)

    def get(self, name: str) -> Skill | None:
        """The skill whose name or alias is ``name`` (case-insensitive), if any."""
        i = self._index.get(normalize_key(name))
        return None if i is None else self.skills[i]

    def get_tag(self, tag: str) -> Skill | None:
        """The skill a hashtag names: "#golang", "#machinelearning", "#machine-learning", "#ci_cd"."""
        skill = self.get(tag) or self.get(re.sub(r"[-_]+", " ", tag))
        if skill is None and len(tag) >= 4:
            i = self._compact.get(_compact_key(tag))
            skill = None if i is None else self.skills[i]
        return skill

    def merge(self, other: Taxonomy, *, override: bool = False) -> Taxonomy:
        """This taxonomy's skills, then ``other``'s skills with names it does not know.

        By default ``other`` only adds new skills: a name or alias this taxonomy
        already has keeps meaning its skill. That suits large lists written by
        others (ESCO, O*NET), whose "Python" must not replace ours.

        With ``override=True`` (a CSV the user wrote on purpose) ``other`` wins:

        - a skill of ``other`` named like one of ours adds its aliases to ours,
          and its family when it has one; its category and kind replace ours
          unless its category is "domain knowledge" (what an empty category
          cell reads as), so ``PostgreSQL,pgdb,`` keeps PostgreSQL a database;
        - a name or alias of ``other`` that is one of our aliases of a different
          skill leaves that skill ("reach truck" moves from Reach Truck
          Operation to the user's Forklift Operation).

        A skill's own name always names it, in both modes.
        """
        known = {normalize_key(s.name) for s in self.skills}
        extra = tuple(s for s in other.skills if normalize_key(s.name) not in known)
        if not override:
            return Taxonomy(self.skills + extra)
        theirs: dict[str, Skill] = {}
        for skill in other.skills:
            theirs.setdefault(normalize_key(skill.name), skill)
        claimed = {_claim_key(form): normalize_key(skill.name) for skill in other.skills for form in skill.forms}
        merged = []
        for skill in self.skills:
            key = normalize_key(skill.name)
            # Our aliases that the user gave to another skill go; the user's own skill keeps them.
            aliases = [a for a in skill.aliases if claimed.get(_claim_key(a), key) == key]
            user = theirs.get(key)
            if user is None:
                merged.append(replace(skill, aliases=tuple(aliases)) if len(aliases) < len(skill.aliases) else skill)
                continue
            seen = {_claim_key(form) for form in (skill.name, *aliases)}
            for alias in user.aliases:
                if _claim_key(alias) not in seen:
                    seen.add(_claim_key(alias))
                    aliases.append(alias)
            own_category = user.category != "domain knowledge"
            merged.append(replace(
                skill, aliases=tuple(aliases),
                category=user.category if own_category else skill.category,
                kind=user.kind if own_category else skill.kind,
                family=user.family or skill.family,
            ))
        return Taxonomy(tuple(merged) + extra)


def _claim_key(form: str) -> str:
    """A name or alias as the extractor matches it (case, spaces and hyphens folded)."""
    return normalize_key(form).replace("-", " ")


# Group words are compared by their first letters, so that the crude stems of
# "database" and "databases" (or "provider" and "providers") meet.
_GROUP_PREFIX = 6
# Categories that name a kind of thing a posting may ask for as such ("a programming
# language"); "tool" or "domain knowledge" name nothing in particular.
GROUP_CATEGORIES = frozenset({"programming language", "database", "cloud/platform", "framework/library"})


def group_labels(skill: Skill) -> tuple[str, ...]:
    """The groups a skill belongs to: its family and its category (when that names a kind)."""
    labels = (f"family:{skill.family}",) if skill.family else ()
    return labels + ((f"category:{skill.category}",) if skill.category in GROUP_CATEGORIES else ())


def _split_aliases(value: str, sep: str) -> tuple[str, ...]:
    return tuple(a.strip() for a in value.split(sep) if a.strip())


def _read_csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    raw = read_bytes(path, "taxonomy file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(path, "taxonomy file is not UTF-8 text") from None
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def _skills_from_rows(rows: list[dict[str, str]], source: str | Path) -> tuple[Skill, ...]:
    skills = []
    for i, row in enumerate(rows, start=2):
        name = (row.get("name") or "").strip()
        if not name:
            raise DocumentError(source, f"row {i}: empty skill name")
        category = (row.get("category") or "domain knowledge").strip().lower()
        if category not in CATEGORIES:
            raise DocumentError(source, f"row {i}: unknown category {category!r}; use one of {', '.join(CATEGORIES)}")
        kind = (row.get("kind") or _KIND_OF_CATEGORY.get(category, "knowledge")).strip().lower()
        if kind not in ("knowledge", "skill"):
            raise DocumentError(source, f"row {i}: kind must be 'knowledge' or 'skill', got {kind!r}")
        skills.append(Skill(
            name=name,
            aliases=_split_aliases(row.get("aliases") or "", "|"),
            category=category,
            kind=kind,
            family=(row.get("family") or "").strip().lower(),
        ))
    return tuple(skills)


def load_taxonomy_csv(path: str | os.PathLike[str]) -> Taxonomy:
    """A plain CSV with columns ``name, aliases, category`` (``kind`` and ``family`` optional; aliases ``|``-separated)."""
    path = Path(path)
    rows = _read_csv(path)
    if rows and "name" not in rows[0]:
        raise DocumentError(path, "taxonomy CSV needs a 'name' column (name, aliases, category)")
    return _nonempty(_skills_from_rows(rows, path), path, "a header name,aliases,category and a row per skill")


def load_esco_csv(path: str | os.PathLike[str]) -> Taxonomy:
    """The ESCO skills CSV (``preferredLabel``, newline-separated ``altLabels``); ESCO skills are abilities."""
    path = Path(path)
    rows = _read_csv(path)
    if rows and "preferredLabel" not in rows[0]:
        raise DocumentError(path, "not an ESCO skills CSV (no 'preferredLabel' column)")
    skills = tuple(
        Skill(
            name=row["preferredLabel"].strip(),
            aliases=_split_aliases(row.get("altLabels") or "", "\n"),
            category="soft skill" if "transversal" in (row.get("reuseLevel") or "") else "domain knowledge",
            kind="skill",
        )
        for row in rows if (row.get("preferredLabel") or "").strip()
    )
    return _nonempty(skills, path, "rows with a preferredLabel")


def load_onet_technology(path: str | os.PathLike[str]) -> Taxonomy:
    """The O*NET ``technology_skills`` TSV: each distinct ``Example`` is a tool, grouped by ``Commodity Title``."""
    path = Path(path)
    rows = _read_csv(path, delimiter="\t")
    if rows and "Example" not in rows[0]:
        raise DocumentError(path, "not an O*NET technology skills file (no 'Example' column)")
    seen: dict[str, Skill] = {}
    for row in rows:
        name = (row.get("Example") or "").strip()
        if name and normalize_key(name) not in seen:
            commodity = (row.get("Commodity Title") or "").strip().lower()
            seen[normalize_key(name)] = Skill(name=name, category="tool", kind="knowledge",
                                              family=re.sub(r"\W+", "-", commodity).strip("-"))
    return _nonempty(tuple(seen.values()), path, "rows with an Example")


def _nonempty(skills: tuple[Skill, ...], path: Path, expected: str) -> Taxonomy:
    """The taxonomy of a user's file, refusing one without skills (an empty file is a mistake, not a taxonomy)."""
    if not skills:
        raise DocumentError(path, f"no skills in this taxonomy file (expected {expected})")
    return Taxonomy(skills)


def load_taxonomy(path: str | os.PathLike[str]) -> Taxonomy:
    """Load a user taxonomy, recognising ESCO, O*NET or the plain CSV format by its header."""
    path = Path(path)
    return _LOADERS[_taxonomy_format(path)](path)


def merge_user_taxonomy(base: Taxonomy, path: str | os.PathLike[str]) -> Taxonomy:
    """``base`` with the user's taxonomy file at ``path`` merged in.

    A plain CSV is the user's own and overrides ``base`` (see :meth:`Taxonomy.merge`);
    ESCO and O*NET files only add skills with new names.
    """
    path = Path(path)
    kind = _taxonomy_format(path)
    return base.merge(_LOADERS[kind](path), override=kind == "csv")


def _taxonomy_format(path: Path) -> str:
    """``esco``, ``onet`` or ``csv`` (the plain format), from the file's header line."""
    try:
        with path.open("r", encoding="utf-8-sig", errors="replace") as handle:
            header = handle.readline()
    except FileNotFoundError:
        raise DocumentError(path, "taxonomy file not found") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot read taxonomy file ({exc.strerror or exc})") from None
    if "preferredLabel" in header:
        return "esco"
    if "Example" in header and "\t" in header:
        return "onet"
    return "csv"


_LOADERS = {"esco": load_esco_csv, "onet": load_onet_technology, "csv": load_taxonomy_csv}


@lru_cache(maxsize=1)
def _shown_by() -> dict[str, tuple[str, ...]]:
    text = (resources.files("matcher.skills") / "data" / "shown_by.csv").read_text(encoding="utf-8")
    return {row["skill"]: tuple(f"family:{f}" for f in row["shown_by"].split("|") if f)
            for row in csv.DictReader(io.StringIO(text))}


def shown_by(skill: str) -> tuple[str, ...]:
    """The skill groups whose members show a broad skill (``matcher/skills/data/shown_by.csv``):
    Docker or Kubernetes show Containerization, pytest shows Unit Testing, Zendesk shows
    Ticketing Systems. A resume naming any of them has the broad skill."""
    return _shown_by().get(skill, ())


@lru_cache(maxsize=1)
def builtin_taxonomy() -> Taxonomy:
    """The taxonomy shipped with matcher (read once; it is immutable)."""
    folder = resources.files("matcher.skills") / "data" / "taxonomy"
    skills: list[Skill] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(entry.read_text(encoding="utf-8"))))
            skills.extend(_skills_from_rows(rows, f"matcher/skills/data/taxonomy/{entry.name}"))
    return Taxonomy(tuple(skills))
