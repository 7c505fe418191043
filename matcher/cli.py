"""The ``matcher`` command line: thin, it parses, calls the library and renders.

Results go to stdout (a table, or JSON with ``--json``); messages and errors
go to stderr as one line each. Exit codes: 0 success, 1 error, 2 usage,
3 partial (some inputs skipped), 130 interrupted.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from enum import IntEnum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from matcher.errors import DocumentError, ModelError

app = typer.Typer(
    name="matcher",
    help="Match resumes to job postings with a trained model, and see the skill gaps.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from matcher import __version__

        sys.stdout.write(f"matcher {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Match resumes to job postings with a trained model, and see the skill gaps."""


class Exit(IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    PARTIAL = 3
    FLAGGED = 4
    INTERRUPTED = 130


def _stderr():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _stdout():
    from rich.console import Console

    return Console(highlight=False)


def _fail(message: str, code: Exit = Exit.ERROR) -> typer.Exit:
    _stderr().print(f"[bold red]error:[/] {_escape(message)}")
    return typer.Exit(int(code))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _model(path: Optional[Path], as_of: Optional[str], weights: Optional[str] = None):
    from matcher.model import load_model

    return load_model(path, as_of=_parse_date(as_of) if as_of else date.today(), weights=_parse_weights(weights))


def _parse_weights(value: Optional[str]) -> Optional[dict[str, float]]:
    """``skills=2,experience=1`` into a dict, checked by the model's rules."""
    if not value:
        return None
    from matcher.model import check_weights

    weights: dict[str, float] = {}
    for part in value.split(","):
        key, sep, number = part.partition("=")
        if key.strip() in weights:
            raise typer.BadParameter(f"{key.strip()} is given twice", param_hint="--weights")
        try:
            weights[key.strip()] = float(number)
        except ValueError:
            raise typer.BadParameter(f"expected NAME=NUMBER pairs like skills=2,experience=1, got {part!r}",
                                     param_hint="--weights") from None
        if not sep:
            raise typer.BadParameter(f"expected NAME=NUMBER, got {part!r}", param_hint="--weights")
    try:
        checked = check_weights(weights)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--weights") from None
    if not any(checked.values()):
        raise typer.BadParameter("at least one weight must be above 0", param_hint="--weights")
    _stderr().print("[dim]note: with custom --weights, scores rank by your priorities and are no longer "
                    "calibrated probabilities[/]")
    return checked


def _parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date like 2024-01-31, got {value!r}") from None


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def _skills_cell(gaps: list, style: str, limit: int = 6) -> str:
    names = [_escape(g.name) for g in gaps[:limit]]
    more = f" +{len(gaps) - limit}" if len(gaps) > limit else ""
    return f"[{style}]" + ", ".join(names) + f"[/]{more}" if names else "[dim]-[/]"


def _match_table(rows: list, *, title: str, first_column: str):
    from rich.table import Table

    table = Table(title=title, show_lines=False, expand=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("score", justify="right", style="bold")
    table.add_column(first_column, overflow="fold", max_width=38)
    table.add_column("matched skills", overflow="fold", max_width=40)
    # Without any partial match the column only takes width from the others (a terminal of
    # 80 columns then breaks names mid-word).
    related = any(e.partial_skills for _, e in rows)
    if related:
        table.add_column("related only", overflow="fold", max_width=30)
    table.add_column("missing required", overflow="fold", max_width=40)
    table.add_column("experience", justify="right")
    for rank, (label, e) in enumerate(rows, start=1):
        short = e.experience["shortfall_years"]
        exp = f"[red]-{short:g}y[/]" if short > 0 else "[green]ok[/]"
        cells = [str(rank), f"{e.score:.0f}", label, _skills_cell(e.matched_skills, "green")]
        cells += [_related_cell(e.partial_skills)] if related else []
        table.add_row(*cells, _skills_cell(e.missing_skills, "red"), exp)
    return table


def _related_cell(gaps: list, limit: int = 3) -> str:
    """Partial matches as "PostgreSQL (has MySQL)": the asked skill, then what stands in for it."""
    names = [_escape(g.name + (f" (has {', '.join(g.related)})" if g.related else "")) for g in gaps[:limit]]
    more = f" +{len(gaps) - limit}" if len(gaps) > limit else ""
    return "[yellow]" + ", ".join(names) + f"[/]{more}" if names else "[dim]-[/]"


def _load_many(loader, source, what: str) -> tuple[list, list[DocumentError]]:
    """Load documents, reporting each bad one on stderr; one bad input alone is that input's error."""
    skipped: list[DocumentError] = []
    docs = loader(source, on_error=skipped.append)
    if not docs and len(skipped) == 1:
        raise skipped[0]
    for error in skipped:
        _stderr().print(f"[yellow]skipped:[/] {_escape(str(error))}")
    if not docs:
        raise _fail(f"none of the {len(skipped)} {what} inputs could be read; nothing to score")
    return docs, skipped


def _print_ranked(results: list, as_json: bool, redact: bool, *, title: str, first_column: str, label) -> None:
    """Ranked explanations as JSON or as the coloured table."""
    results = [e.redacted() for e in results] if redact else results
    if as_json:
        _print_json([{"rank": i, **e.to_dict()} for i, e in enumerate(results, start=1)])
        return
    rows = [(_escape(label(e)), e) for e in results]
    _stdout().print(_match_table(rows, title=_escape(title), first_column=first_column))


def _run(fn):
    """Run a command body, turning typed errors into one line and Ctrl-C into 130."""
    try:
        return fn()
    except (DocumentError, ModelError) as error:
        raise _fail(str(error)) from None
    except KeyboardInterrupt:
        _stderr().print("interrupted")
        raise typer.Exit(int(Exit.INTERRUPTED)) from None
    except (typer.Exit, typer.BadParameter):
        raise
    except Exception as error:  # a bug of ours: still one line; MATCHER_DEBUG=1 shows the traceback
        import os

        if os.environ.get("MATCHER_DEBUG"):
            raise
        raise _fail(f"unexpected {type(error).__name__}: {error} (set MATCHER_DEBUG=1 for details)") from None


# Every path is readable=False: Click would refuse an unreadable file with a usage box and exit 2,
# where the loaders say "FILE: permission denied" in one line, and a batch skips that file.
ModelOption = Annotated[Optional[Path], typer.Option("--model", readable=False,
                                                     help="Model file (default: the shipped model).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AsOfOption = Annotated[Optional[str], typer.Option("--as-of", help="Date that 'Present' means (YYYY-MM-DD; default today).")]
TaxonomyOption = Annotated[Optional[list[Path]], typer.Option(
    "--taxonomy", readable=False,
    help="Extra taxonomy, repeatable: a plain CSV with header name,aliases,category and aliases separated by | "
         "(PostgreSQL,pg|pgdb,database), which wins over built-in aliases and extends built-in skills of the "
         "same name; or an ESCO skills CSV or O*NET technology TSV, which only add new skills.")]
RedactOption = Annotated[bool, typer.Option("--redact", help="Replace emails, phone numbers and URLs in the output.")]
WeightsOption = Annotated[Optional[str], typer.Option(
    "--weights", help="How much each kind of evidence counts, e.g. skills=2,experience=1 (also title, text).")]


@app.command()
def rank(
    resume: Annotated[Path, typer.Argument(readable=False, help="Your resume (PDF, DOCX, TXT, MD, HTML).")],
    postings: Annotated[Optional[Path], typer.Option("--postings", readable=False,
                                                     help="Folder or file of postings (default: bundled seeds).")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many postings to show.")] = 10,
    as_json: JsonOption = False,
    model_path: ModelOption = None,
    as_of: AsOfOption = None,
    weights: WeightsOption = None,
    redact: RedactOption = False,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Rank job postings for one resume, with matched and missing skills."""
    from matcher.loaders import load_postings, load_resume
    from matcher.ranking import default_postings_path, rank_postings

    def body() -> int:
        doc = load_resume(resume)
        found, skipped = _load_many(load_postings, postings if postings is not None else default_postings_path(),
                                    "posting")
        model = _model(model_path, as_of, weights)
        tax = _taxonomy(taxonomy)
        results = rank_postings(model, model.prepare_resumes([doc], taxonomy=tax)[0],
                                model.prepare_postings(found, taxonomy=tax), top=top)
        _print_ranked(results, as_json, redact, title=f"Postings for {resume.name}", first_column="posting",
                      label=lambda e: (e.title or e.posting_id) + (f" - {e.company}" if e.company else ""))
        return int(Exit.PARTIAL if skipped else Exit.OK)

    raise typer.Exit(_run(body))


@app.command()
def screen(
    posting: Annotated[Path, typer.Argument(readable=False,
                                            help="The job posting (markdown with front matter, or text).")],
    resumes: Annotated[list[Path], typer.Argument(readable=False, help="Resume files or folders.")],
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="How many resumes to show (default all).")] = None,
    as_json: JsonOption = False,
    model_path: ModelOption = None,
    as_of: AsOfOption = None,
    weights: WeightsOption = None,
    redact: RedactOption = False,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Rank candidate resumes for one posting (the recruiter's view)."""
    from matcher.loaders import load_posting, load_resumes
    from matcher.ranking import rank_resumes

    def body() -> int:
        job = load_posting(posting)
        docs, skipped = _load_many(load_resumes, resumes, "resume")
        model = _model(model_path, as_of, weights)
        tax = _taxonomy(taxonomy)
        results = rank_resumes(model, model.prepare_postings([job], taxonomy=tax)[0],
                               model.prepare_resumes(docs, taxonomy=tax), top=top)
        _print_ranked(results, as_json, redact, title=f"Resumes for {job.title or job.id}", first_column="resume",
                      label=lambda e: e.resume_id)
        if skipped:
            _stderr().print(f"{len(skipped)} of {len(skipped) + len(docs)} inputs skipped")
        return int(Exit.PARTIAL if skipped else Exit.OK)

    raise typer.Exit(_run(body))


# The seed format's front matter: a resume never has these keys.
_POSTING_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?:(?!---).*\n)*?(?:companyName|hashtags|jobType)[ \t]*:")


@app.command()
def gaps(
    resume: Annotated[Path, typer.Argument(readable=False, help="The resume.")],
    posting: Annotated[Path, typer.Argument(readable=False, help="The job posting.")],
    as_json: JsonOption = False,
    model_path: ModelOption = None,
    as_of: AsOfOption = None,
    weights: WeightsOption = None,
    redact: RedactOption = False,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Explain one resume against one posting: skills, experience, and what drove the score."""
    from matcher.loaders import load_posting, load_resume

    def body() -> int:
        doc, job = load_resume(resume), load_posting(posting)
        if _POSTING_FRONT_MATTER.match(doc.text):
            raise DocumentError(resume, "is a job posting (front matter with companyName, hashtags or jobType); "
                                        "the order is: matcher gaps RESUME POSTING")
        model = _model(model_path, as_of, weights)
        tax = _taxonomy(taxonomy)
        e = model.explain(model.prepare_resumes([doc], taxonomy=tax)[0], model.prepare_postings([job], taxonomy=tax)[0])
        e = e.redacted() if redact else e
        if as_json:
            _print_json(e.to_dict())
            return int(Exit.OK)
        _render_gaps(e)
        return int(Exit.OK)

    raise typer.Exit(_run(body))


def _clip(text: str, width: int = 90, about: tuple[str, ...] = ()) -> str:
    """One line of evidence: list markers dropped, cut at a word with an ellipsis. With ``about``
    (a skill's names), the cut keeps the first place that names it in view."""
    text = re.sub(r"^\s*(?:[-*•▪◦]|\d{1,2}[.)])\s*", "", " ".join(text.split()))
    if len(text) <= width:
        return text
    found = [(m.start(), len(name)) for name in about
             if name and (m := re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I))]
    at, size = min(found, default=(0, 0))
    if at + size > width - 1:  # the name lies past the cut: start a little before it instead
        start = text.rfind(" ", 0, max(0, at - 30)) + 1
        text = "…" + text[start:]
    if len(text) <= width:
        return text
    return text[:width].rsplit(" ", 1)[0] + "…"


def _render_gaps(e) -> None:
    out = _stdout()
    out.print(f"[bold]{_escape(e.title or e.posting_id)}[/]" + (f" - {_escape(e.company)}" if e.company else ""))
    out.print(f"score [bold]{e.score:.0f}[/] / 100 for {_escape(e.resume_id)}  [dim]("
              + ", ".join(f"{k} {v:.0f}" for k, v in e.sub_scores.items()) + ")[/]\n")
    sections = (("matched", e.matched_skills, "green", "resume"), ("related skill only (partial)", e.partial_skills,
                "yellow", "asked"), ("missing", e.missing_skills, "red", "asked"),
                ("also not shown (details of the posting, likely minor)", e.minor_missing_skills, "dim", "asked"))
    for label, gaps_, style, source in sections:
        out.print(f"[bold]{label}[/] ({len(gaps_)})")
        for g in gaps_:
            where = g.resume_evidence if source == "resume" and g.resume_evidence else g.evidence
            said = "resume says" if source == "resume" and g.resume_evidence else "posting says"
            instead = f"; resume has {', '.join(g.related)}" if g.related else ""
            out.print(f"  [{style}]{_escape(g.name)}[/] [dim](importance {g.importance:.2f}{_escape(instead)}; {said}: "
                      f"{_escape(_clip(where, about=(g.name, *g.aliases)))})[/]")
    if e.nice_to_have_shown or e.nice_to_have_not_shown:
        out.print(f"[bold]nice to have[/] ({len(e.nice_to_have_shown)} of "
                  f"{len(e.nice_to_have_shown) + len(e.nice_to_have_not_shown)} shown)")
        for label, names, style in (("shown", e.nice_to_have_shown, "green"),
                                    ("not shown", e.nice_to_have_not_shown, "dim")):
            if names:
                out.print(f"  {label}: [{style}]{_escape(', '.join(names))}[/]")
    if e.hidden_words_ignored:
        out.print(f"[yellow]ignored {e.hidden_words_ignored} hidden words (white, tiny or off-page text in the PDF)[/]")
    if e.copied_from_posting:
        out.print(f"[yellow]{len(e.copied_from_posting)} resume lines copied from the posting were not counted "
                  "as evidence[/]")
    x = e.experience
    out.print("\n[bold]experience[/]")
    if not x["requirements"]:
        out.print(f"  no years asked; resume shows {x['total_years']:g} years in all")
    for d in x["requirements"]:
        style = "red" if d["shortfall_years"] > 0 else "green"
        out.print(f"  [{style}]{d['held_years']:g} of {d['required_years']:g} years[/] "
                  f"[dim]{_escape(d['subject'] or 'relevant experience')}[/]")
    out.print("\n[bold]what moved the score[/] [dim](log-odds against an average pair; + raises, - lowers)[/]")
    for c in e.contributions[:6]:
        sign = "+" if c["contribution"] >= 0 else ""
        out.print(f"  {sign}{c['contribution']:.2f}  {c['reading']}")


@app.command()
def info(as_json: JsonOption = False, model_path: ModelOption = None) -> None:
    """Version, model card and model path."""
    from matcher import __version__
    from matcher.model import default_model_path, load_model, read_card

    def body() -> int:
        path = model_path or default_model_path()
        load_model(path)  # verifies checksum and versions
        data = {"version": __version__, "model_path": str(path), "model_card": read_card(path)}
        if as_json:
            _print_json(data)
        else:
            out = _stdout()
            card = data["model_card"]
            out.print(f"matcher {__version__}")
            out.print(f"model: {_escape(str(path))} (format {card['format_version']}, created {card['created']})")
            for split, metrics in card.get("metrics", {}).items():
                out.print(f"  {split}: " + ", ".join(f"{k} {v}" for k, v in metrics.items()))
            out.print(f"  trained on: {', '.join(d['name'] for d in card['training']['data'])}")
        return int(Exit.OK)

    raise typer.Exit(_run(body))


@app.command()
def train(
    data: Annotated[Path, typer.Option("--data", readable=False,
                                       help="RJDB jsonl file, or a CSV of your own decisions "
                                            "(columns resume, posting, label; cells are paths or text).")],
    out: Annotated[Path, typer.Option("--out", readable=False,
                                      help="Where to write the model (.joblib; the card goes next to it).")],
    dev: Annotated[Optional[Path], typer.Option("--dev", readable=False,
                                                help="RJDB jsonl dev file for the card's metrics.")] = None,
    c: Annotated[float, typer.Option("--C", help="Inverse regularisation strength.")] = 1.0,
) -> None:
    """Train a match model on labelled pairs and write it with its model card."""
    from matcher.training import train_decisions, train_rjdb

    def body() -> int:
        if data.suffix.lower() == ".csv":
            card = train_decisions(data, out, C=c)
        else:
            card = train_rjdb(data, out, dev_path=dev, C=c)
        _stderr().print(f"wrote {out} and {out.with_suffix('.json').name}")
        _print_json(card["metrics"])
        return int(Exit.OK)

    raise typer.Exit(_run(body))


evaluate_app = typer.Typer(help="Measure quality on benchmark data sets (RJDB, SkillSpan).", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")



def _taxonomy(paths: Optional[list[Path]]):
    """The built-in taxonomy merged with the user's, or ``None`` for the built-in one alone."""
    if not paths:
        return None
    from matcher.skills import builtin_taxonomy
    from matcher.skills.taxonomy import merge_user_taxonomy

    taxonomy = builtin_taxonomy()
    for path in paths:
        taxonomy = merge_user_taxonomy(taxonomy, path)
    return taxonomy


@app.command()
def skills(
    file: Annotated[Path, typer.Argument(readable=False, help="A posting or resume (any supported format).")],
    resume: Annotated[bool, typer.Option("--resume", help="Read FILE as a resume (default: a posting if it "
                                                           "has YAML front matter, or two of a posting's own "
                                                           "headings such as Requirements and Benefits; else a "
                                                           "resume).")] = False,
    posting: Annotated[bool, typer.Option("--posting", help="Read FILE as a posting, front matter or not.")] = False,
    as_json: JsonOption = False,
    taxonomy: TaxonomyOption = None,
    tagger_path: Annotated[Optional[Path], typer.Option("--tagger", readable=False,
                                                        help="Span tagger (default: the shipped one).")] = None,
    no_tagger: Annotated[bool, typer.Option("--no-tagger", help="Taxonomy skills only.")] = False,
) -> None:
    """List the skills found in a posting or resume, and where they were found.

    Below them, the knowledge the SkillSpan tagger finds that the taxonomy
    lacks ("Dovetail", "SysOps Administrator certification"); it is shown,
    not scored.
    """
    from matcher.loaders import load_posting, load_resume
    from matcher.model import load_tagger
    from matcher.skills import SkillExtractor, builtin_taxonomy, posting_requirements
    from matcher.skills.phrases import blank_not_held
    from matcher.skills.requirements import resume_contact_spans

    if resume and posting:
        raise _fail("--resume and --posting cannot be used together; give one or neither", Exit.USAGE)

    def body() -> int:
        tax = _taxonomy(taxonomy) or builtin_taxonomy()
        extractor = SkillExtractor.from_taxonomy(tax)
        is_posting = posting or (not resume and _looks_like_posting(file))
        not_evidence: list[tuple[int, int]] = []
        if is_posting:
            doc = load_posting(file)
            rows = [{"name": r.name, "category": r.category, "kind": r.kind, "importance": r.importance,
                     "required": r.required, "section": r.section, "evidence": r.evidence,
                     "alternatives": list(r.alternatives)}
                    for r in posting_requirements(doc, extractor)]
        else:
            doc = load_resume(file)
            # What scoring ignores (contact block, name line, email/URL/phone lines: gmail.com is not
            # Gmail) is not listed either.
            not_evidence = resume_contact_spans(doc)
            # Nor what the resume says its writer lacks ("no experience with Kubernetes").
            rows = [m.to_dict() for m in extractor.extract(blank_not_held(doc.text), doc.sections)
                    if not _inside(m.start, not_evidence)]
        read = doc.text if is_posting else blank_not_held(doc.text)
        tagged = [] if no_tagger else [
            {"text": doc.text[a:b], "start": a, "end": b,
             "section": next((s.kind for s in doc.sections if s.start <= a < s.end), "other")}
            for a, b in load_tagger(tagger_path).new_phrases(read, extractor, doc.sections)]
        # A posting's open requirements may already name the phrase ("Dovetail", "command of qualitative methods").
        listed = [row["name"].lower() for row in rows]
        tagged = [t for t in tagged if t["section"] != "contact" and not _inside(t["start"], not_evidence)
                  and not any(t["text"].lower() in n for n in listed)]
        if as_json:
            _print_json({"file": str(file), "document": "posting" if is_posting else "resume", "skills": rows,
                         "tagged": tagged})
            return int(Exit.OK)
        from rich.table import Table

        table = Table(title=f"Skills in {_escape(file.name)} ({'posting' if is_posting else 'resume'})")
        for column in ("skill", "category", "kind", "importance" if is_posting else "section",
                       "section" if is_posting else "as written"):
            table.add_column(column, overflow="fold")
        for row in rows:
            if is_posting:
                style = "bold" if row["required"] else "dim"
                either = f" [dim](or {_escape(', '.join(row['alternatives']))})[/]" if row["alternatives"] else ""
                table.add_row(f"[{style}]{_escape(row['name'])}[/]{either}", row["category"], row["kind"],
                              f"{row['importance']:.2f}", row["section"])
            else:
                table.add_row(_escape(row["name"]), row["category"], row["kind"], row["section"], _escape(row["surface"]))
        _stdout().print(table)
        if tagged:
            other = Table(title="Also knowledge, by the SkillSpan tagger (not in the taxonomy; shown, not scored)")
            other.add_column("as written", overflow="fold")
            other.add_column("section")
            for t in tagged:
                other.add_row(_escape(t["text"]), t["section"])
            _stdout().print(other)
        return int(Exit.OK)

    raise typer.Exit(_run(body))


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` falls in one of the ``(start, end)`` spans."""
    return any(lo <= offset < hi for lo, hi in spans)


def _looks_like_posting(path: Path) -> bool:
    """A file with YAML front matter is a posting. Without it, a file with two or more of a
    posting's own headings, each a line of its own ("Requirements", "Nice to have", "Benefits",
    "How to apply", ...) is one too; anything else is read as a resume (unless ``--posting``)."""
    try:
        with path.open("rb") as handle:
            if handle.read(5).lstrip(b"\xef\xbb\xbf").startswith(b"---"):
                return True
    except OSError:
        return False
    from matcher.errors import DocumentError
    from matcher.readers import read_document
    from matcher.sections import reads_as_posting

    try:
        text = read_document(path)
    except DocumentError:
        return False  # reading it as a resume reports the problem
    return reads_as_posting(text)


DataOption = Annotated[Path, typer.Option("--data", readable=False, help="The benchmark file.")]


@evaluate_app.command("skills")
def evaluate_skills(
    data: DataOption,
    as_json: JsonOption = False,
    taxonomy: TaxonomyOption = None,
    tagger_path: Annotated[Optional[Path], typer.Option("--tagger", readable=False,
                                                        help="Span tagger (default: the shipped one).")] = None,
    no_tagger: Annotated[bool, typer.Option("--no-tagger", help="Taxonomy extractor only.")] = False,
) -> None:
    """Span precision/recall/F1 (strict and loose) for Knowledge and Skill on a SkillSpan file."""
    from matcher.datasets import file_sha256, load_skillspan
    from matcher.evaluate import evaluate_spans
    from matcher.model import default_tagger_path, load_tagger, trained_on
    from matcher.skills import SkillExtractor, builtin_taxonomy

    def body() -> int:
        sentences = load_skillspan(data)
        tagger = None if no_tagger else load_tagger(tagger_path)
        if tagger is not None and file_sha256(data) in trained_on(tagger_path or default_tagger_path()):
            _stderr().print(f"note: the tagger was trained on {data.name}, so its Knowledge scores here are "
                            "not a held-out measure")
        results = evaluate_spans(SkillExtractor.from_taxonomy(_taxonomy(taxonomy) or builtin_taxonomy()),
                                 sentences, tagger=tagger)
        _print_metrics(results, as_json, title=f"SkillSpan spans: {data.name}")
        return int(Exit.OK)

    raise typer.Exit(_run(body))


@evaluate_app.command("gaps")
def evaluate_gaps_command(data: DataOption, as_json: JsonOption = False, model_path: ModelOption = None) -> None:
    """Missing-skill precision/recall/F1 and experience-shortfall flags on an RJDB file."""
    from matcher.evaluate import evaluate_gaps

    raise typer.Exit(_run(lambda: _evaluate_rjdb(evaluate_gaps, "gaps", data, model_path, as_json)))


@evaluate_app.command("matching")
def evaluate_matching_command(data: DataOption, as_json: JsonOption = False, model_path: ModelOption = None) -> None:
    """Pairwise accuracy, MRR, recall@1 and nDCG@10 on an RJDB file."""
    from matcher.evaluate import evaluate_matching

    raise typer.Exit(_run(lambda: _evaluate_rjdb(evaluate_matching, "matching", data, model_path, as_json)))


def _evaluate_rjdb(evaluate, name: str, data: Path, model_path: Optional[Path], as_json: bool) -> int:
    """Run one RJDB evaluation with the model's dates set to the data set's era, and print it."""
    from matcher.datasets import load_rjdb
    from matcher.model import load_model
    from matcher.training import RJDB_AS_OF

    model = load_model(model_path, as_of=RJDB_AS_OF)
    _print_metrics({name: evaluate(model, load_rjdb(data))}, as_json, title=f"RJDB {name}: {data.name}")
    return int(Exit.OK)


def _print_metrics(results: dict[str, dict[str, Any]], as_json: bool, *, title: str) -> None:
    if as_json:
        _print_json(results)
        return
    from rich.table import Table

    table = Table(title=title)
    keys: list[str] = []
    for values in results.values():
        keys += [k for k in values if k not in keys]
    table.add_column("")
    for key in keys:
        table.add_column(key.replace("_", " "), justify="right")
    for name, values in results.items():
        table.add_row(name, *(str(values.get(k, "")) for k in keys))
    _stdout().print(table)


@app.command()
def batch(
    postings: Annotated[Path, typer.Option("--postings", readable=False, help="Folder or file of postings.")],
    resumes: Annotated[Path, typer.Option("--resumes", readable=False, help="Folder (recursive) or file of resumes.")],
    out: Annotated[Path, typer.Option("--out", readable=False, help="Results: .csv, .json or .parquet.")],
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="Keep the K best resumes per posting (default: every pair).")] = None,
    engine: Annotated[str, typer.Option("--engine", help="local, or dask to run the chunks on a Dask cluster.")] = "local",
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="Dask scheduler address (default: a LocalCluster).")] = None,
    resume_run: Annotated[bool, typer.Option("--resume", help="Continue an interrupted batch without redoing finished chunks.")] = False,
    chunk_size: Annotated[int, typer.Option("--chunk-size", min=1, help="Resumes per chunk (bounds memory).")] = 500,
    jobs: Annotated[int, typer.Option("--jobs", help="Parallel worker processes (-1: all cores).")] = -1,
    model_path: ModelOption = None,
    as_of: AsOfOption = None,
    weights: WeightsOption = None,
) -> None:
    """Score a folder of resumes against many postings, to CSV/JSON/Parquet; bad files go to OUT.errors.csv."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from matcher.batch import resume_files, run_batch
    from matcher.loaders import load_postings
    from matcher.model import _sha256, default_model_path

    if engine not in ("local", "dask"):
        raise typer.BadParameter("use local or dask", param_hint="--engine")

    if out.suffix.lower() not in (".csv", ".json", ".parquet"):
        raise typer.BadParameter(f"{out}: output must end in .csv, .json or .parquet", param_hint="--out")
    # A new folder for the results is made once there is something to write; a file in its way
    # is said now, before thousands of resumes are read.
    existing = next(p for p in (out.parent, *out.parent.parents) if p.exists() or p == p.parent)
    if not existing.is_dir():
        raise _fail(f"{out.parent}: cannot make the output folder ({existing} is not a folder)")

    def body() -> int:
        skipped_postings: list[DocumentError] = []
        jobs_ = load_postings(postings, on_error=skipped_postings.append)
        for error in skipped_postings:
            _stderr().print(f"[yellow]skipped posting:[/] {_escape(str(error))}")
        if not jobs_:
            raise DocumentError(postings, "no postings could be loaded")
        files = resume_files(resumes)
        if not files:
            raise DocumentError(resumes, "no resume files found")
        model = _model(model_path, as_of, weights)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DocumentError(out.parent, f"cannot make the output folder ({error.strerror or error})") from None
        if resume_run and not out.with_name(f".{out.name}.parts").is_dir():
            _stderr().print(_escape(f"note: no unfinished batch for {out}; starting from the beginning"))
        cluster_engine, close = (_dask_engine(scheduler) if engine == "dask" else (None, lambda: None))
        try:
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                          console=_stderr(), transient=False) as bar:
                task = bar.add_task("resumes", total=len(files))
                report = run_batch(  # prepares the postings while the workers start on the resumes
                    model, jobs_, files, out, top=top, chunk_size=chunk_size, n_jobs=jobs, resume=resume_run,
                    progress=lambda stage, n: bar.advance(task, n), engine=cluster_engine,
                    model_sha=_sha256(model_path or default_model_path()),
                    skipped_postings=[(e.path, e.reason) for e in skipped_postings])
        finally:
            close()
        message = f"scored {report.pairs:,} pairs; wrote {report.rows:,} rows to {out}"
        if report.skipped:
            message += (f"; skipped {len(report.skipped)} files, {len(skipped_postings)} of them postings "
                        f"(see {out.with_name(out.stem + '.errors.csv')})")
        _stderr().print(_escape(message))
        return int(Exit.PARTIAL if report.skipped or skipped_postings else Exit.OK)

    raise typer.Exit(_run(body))


def _dask_engine(address: Optional[str]):
    """A function that maps work over a Dask cluster (LocalCluster unless an address is given), and its closer."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise DocumentError("--engine dask",
                            "needs dask.distributed: pip install '.[dask]' in a matcher checkout") from None
    cluster = None if address else LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                dashboard_address=None)
    client = Client(address or cluster)

    def engine(fn, items):
        futures = client.map(fn, list(items), pure=False)  # all submitted at once; results as they finish
        return (future.result() for future in as_completed(futures))

    def close() -> None:
        client.close()
        if cluster is not None:
            cluster.close()

    return engine, close


@app.command()
def audit(
    scores: Annotated[Path, typer.Argument(readable=False,
                                           help="Scores with a group column (.csv, .json records or .parquet).")],
    group: Annotated[str, typer.Option("--group", help="Column holding the group of each row.")],
    threshold: Annotated[Optional[float], typer.Option("--threshold", help="Selected = score >= S (default: score above the median, the scoring rate).")] = None,
    score_column: Annotated[str, typer.Option("--score-column", help="Column holding the score.")] = "score",
    as_json: JsonOption = False,
) -> None:
    """Selection rate and impact ratio per group; exit 4 when a group falls under the four-fifths rule."""
    from matcher.audit import FOUR_FIFTHS, audit_scores

    def body() -> int:
        frame = _read_table(scores)
        try:
            rows, cut = audit_scores(frame, group=group, score=score_column, threshold=threshold)
        except (KeyError, ValueError) as exc:
            raise DocumentError(scores, str(exc).strip("'\"")) from None
        flagged = any(r.flagged for r in rows)
        if as_json:
            _print_json({"threshold": cut, "rule": f"impact ratio < {FOUR_FIFTHS}", "groups": [r.to_dict() for r in rows]})
        else:
            from rich.table import Table

            table = Table(title=f"Selection by {_escape(group)} (selected: score {'>' if threshold is None else '>='} {cut:g})")
            for column in ("group", "count", "selection rate", "impact ratio", ""):
                table.add_column(column, justify="left" if column == "group" else "right")
            for r in rows:
                note = "[red]flagged[/]" if r.flagged else ""
                note += (" " if note else "") + ("[yellow]small group[/]" if r.small else "")
                ratio = "n/a" if r.impact_ratio is None else f"{r.impact_ratio:.3f}"
                table.add_row(_escape(r.group), str(r.count), f"{r.selection_rate:.3f}", ratio, note)
            _stdout().print(table)
        if all(r.impact_ratio is None for r in rows):
            _stderr().print(f"[yellow]warning:[/] nobody scored at or above {cut:g}; impact ratios are undefined")
        for r in rows:
            if r.small:
                _stderr().print(f"[yellow]warning:[/] group {_escape(r.group)!s} has only {r.count} rows; its rate is unreliable")
        return int(Exit.FLAGGED if flagged else Exit.OK)

    raise typer.Exit(_run(body))


def _read_table(path: Path):
    """A CSV or Parquet file as a DataFrame, or a one-line DocumentError."""
    import pandas as pd

    if not path.exists():
        raise DocumentError(path, "file not found")
    try:
        if path.suffix.lower() == ".parquet":
            return pd.read_parquet(path)
        if path.suffix.lower() == ".json":
            return pd.read_json(path, orient="records")
        return pd.read_csv(path)
    except ImportError:
        raise DocumentError(path, "reading Parquet needs pyarrow (pip install pyarrow)") from None
    except Exception as exc:  # pandas raises many parser errors
        raise DocumentError(path, f"cannot read table ({type(exc).__name__})") from None


@app.command("train-tagger")
def train_tagger_command(
    data: Annotated[Path, typer.Option("--data", readable=False, help="SkillSpan training file (json lines).")],
    out: Annotated[Path, typer.Option("--out", readable=False,
                                      help="Where to write the tagger (.joblib; card next to it).")],
    dev: Annotated[Optional[Path], typer.Option("--dev", readable=False,
                                                help="SkillSpan dev file for the card's metrics.")] = None,
    refit_on_dev: Annotated[bool, typer.Option(
        "--refit-on-dev", help="After measuring on --dev, fit again on train + dev and save that.")] = False,
) -> None:
    """Train the Knowledge span tagger on SkillSpan and write it with its card."""
    from matcher.training import train_tagger

    def body() -> int:
        if refit_on_dev and dev is None:
            raise typer.BadParameter("--refit-on-dev needs --dev")
        card = train_tagger(data, out, dev_path=dev, refit_on_dev=refit_on_dev)
        _stderr().print(f"wrote {out} and {out.with_suffix('.json').name}")
        _print_json(card["metrics"])
        return int(Exit.OK)

    raise typer.Exit(_run(body))


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(int(Exit.INTERRUPTED))


if __name__ == "__main__":
    main()
