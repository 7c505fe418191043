"""Skills: the taxonomy, the extractor, requirement phrases and the two sides of a gap."""

from __future__ import annotations

from matcher.skills.extract import SkillExtractor, SkillMention
from matcher.skills.requirements import Requirement, ResumeSkills, posting_requirements, resume_skills
from matcher.skills.taxonomy import (
    Skill, Taxonomy, builtin_taxonomy, load_esco_csv, load_onet_technology, load_taxonomy, load_taxonomy_csv,
)

__all__ = [
    "Skill", "Taxonomy", "SkillExtractor", "SkillMention", "Requirement", "ResumeSkills",
    "builtin_taxonomy", "load_taxonomy", "load_taxonomy_csv", "load_esco_csv", "load_onet_technology",
    "posting_requirements", "resume_skills", "extract_skills",
]


def extract_skills(text: str, *, taxonomy: Taxonomy | None = None, doc: str = "posting") -> list[SkillMention]:
    """Skill mentions in ``text`` with canonical name, category, kind, offsets and section."""
    from matcher.sections import split_sections

    if not isinstance(text, str):
        raise TypeError(f"extract_skills takes text (a str), not {type(text).__name__}")
    if doc not in ("posting", "resume"):
        raise ValueError(f"doc must be 'posting' or 'resume', not {doc!r}")
    extractor = SkillExtractor.from_taxonomy(taxonomy if taxonomy is not None else builtin_taxonomy())
    return extractor.extract(text, split_sections(text, "resume" if doc == "resume" else "posting"))
