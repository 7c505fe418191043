"""Write the analyst notebooks (outputs stripped). Run after editing the cells below.

    python notebooks/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent

CORPUS = [
    new_markdown_cell(
        "# The postings corpus\n\nWhat the bundled `seeds/postings` ask for: skill demand from hashtags versus "
        "skills extracted from the text, the role families, and how noisy the hashtags are. Everything runs "
        "locally on the seed files."),
    new_code_cell(
        "from pathlib import Path\n\nimport matplotlib.pyplot as plt\nimport pandas as pd\n\nimport matcher\n"
        "from matcher.skills import SkillExtractor, builtin_taxonomy, posting_requirements\n\n"
        "SEEDS = next(p / 'seeds' for p in [Path.cwd(), *Path.cwd().parents] if (p / 'seeds' / 'postings').is_dir())\npostings = matcher.load_postings(SEEDS / 'postings')\n"
        "frame = matcher.postings_frame(postings)\nframe[['id', 'title', 'company', 'location', 'hashtags']].head()"),
    new_markdown_cell("## Role families\n\nThe `jobType` front-matter field, kept in each posting's metadata."),
    new_code_cell(
        "frame['family'] = [p.metadata.get('jobType', 'unknown') for p in postings]\n"
        "ax = frame['family'].value_counts().sort_values().plot.barh(figsize=(6, 5), title='Postings per role family')\n"
        "ax.set_xlabel('postings')\nplt.tight_layout()"),
    new_markdown_cell(
        "## Demand: hashtags versus extracted requirements\n\nHashtags are what the job board tagged; requirements "
        "are what the text asks for, weighted by where it asks (requirements > responsibilities > nice-to-have > "
        "company blurb)."),
    new_code_cell(
        "extractor = SkillExtractor.from_taxonomy(builtin_taxonomy())\n"
        "requirements = {p.id: posting_requirements(p, extractor) for p in postings}\n"
        "rows = []\nfor p in postings:\n    required = {r.name for r in requirements[p.id] if r.required}\n"
        "    for tag in p.hashtags:\n        skill = extractor.taxonomy.get(tag)\n"
        "        rows.append({'posting': p.id, 'tag': tag, 'skill': skill.name if skill else None,\n"
        "                     'required_in_text': bool(skill and skill.name in required)})\n"
        "tags = pd.DataFrame(rows)\n"
        "demand = pd.DataFrame({\n"
        "    'hashtags': tags.dropna(subset=['skill'])['skill'].value_counts(),\n"
        "    'required in text': pd.Series([r.name for rs in requirements.values() for r in rs if r.required]).value_counts(),\n"
        "}).fillna(0).sort_values('required in text', ascending=False).head(20)\n"
        "demand.plot.barh(figsize=(7, 7), title='Top skills: hashtags vs requirements').invert_yaxis()\n"
        "plt.tight_layout()"),
    new_markdown_cell(
        "## Noise in hashtags\n\nA tag is noise for a posting when it names no known skill, or a skill the text "
        "never requires (the original Netlify posting's `#figma` came from a sentence about investors)."),
    new_code_cell(
        "tags['noise'] = ~tags['required_in_text']\n"
        "noise = tags.groupby('posting')['noise'].mean().rename('share of noisy tags')\n"
        "print(f\"{tags['noise'].mean():.0%} of all tags are noise; most common noisy tags:\")\n"
        "print(tags[tags['noise']]['tag'].value_counts().head(10).to_string())\n"
        "noise.plot.hist(bins=10, figsize=(6, 3), title='Share of noisy hashtags per posting')\nplt.tight_layout()"),
    new_code_cell(
        "seed = next(p for p in postings if p.id == '000_aca7d45349741043')\n"
        "reqs = {r.name: r for r in requirements[seed.id]}\n"
        "for name in ('Go', 'Rust', 'Kubernetes', 'Figma', 'UI/UX Design'):\n"
        "    r = reqs.get(name)\n"
        "    print(f\"{name:14s}\", 'required' if r and r.required else 'not required',\n"
        "          f\"(importance {r.importance:.2f}, from {r.section})\" if r else '(not mentioned)')\n"
        "assert not reqs.get('Figma') or not reqs['Figma'].required"),
]

SCORING = [
    new_markdown_cell(
        "# Scoring a folder of resumes\n\nThe sample resumes in `seeds/resumes` against the bundled postings: score "
        "distributions, a heatmap of skill gaps, and a calibration check."),
    new_code_cell(
        "from datetime import date\nfrom pathlib import Path\n\nimport matplotlib.pyplot as plt\nimport numpy as np\n"
        "import pandas as pd\n\nimport matcher\n\nSEEDS = next(p / 'seeds' for p in [Path.cwd(), *Path.cwd().parents] if (p / 'seeds' / 'postings').is_dir())\n"
        "postings = matcher.load_postings(SEEDS / 'postings')\nresumes = matcher.load_resumes(SEEDS / 'resumes')\n"
        "model = matcher.load_model(as_of=date(2026, 11, 1))\n"
        "scores = model.score_frame(resumes, postings)\nscores.head()"),
    new_markdown_cell("## Score distributions\n\nEach resume's best posting against all the others."),
    new_code_cell(
        "best = scores[scores['rank'] == 1]\nrest = scores[scores['rank'] > 1]\n"
        "plt.figure(figsize=(6, 3))\nplt.hist(rest['score'], bins=20, alpha=0.6, label='other postings')\n"
        "plt.hist(best['score'], bins=20, alpha=0.8, label='best posting')\nplt.xlabel('score')\nplt.legend()\n"
        "plt.title('Scores: best match vs the rest')\nplt.tight_layout()\n"
        "best[['resume_id', 'title', 'score']].sort_values('score', ascending=False)"),
    new_markdown_cell("## Skill gaps\n\nFor each resume's best posting: which required skills are missing."),
    new_code_cell(
        "prepared_r = model.prepare_resumes(resumes)\nprepared_p = {p.id: p for p in model.prepare_postings(postings)}\n"
        "gaps = {}\nfor r in prepared_r:\n    posting_id = best.loc[best['resume_id'] == r.id, 'posting_id'].iloc[0]\n"
        "    e = model.explain(r, prepared_p[posting_id])\n    gaps[r.id] = {g.name: 1 for g in e.missing_skills}\n"
        "    gaps[r.id].update({g.name: 0.5 for g in e.partial_skills})\n"
        "matrix = pd.DataFrame(gaps).T.fillna(0)\n"
        "matrix = matrix.loc[:, matrix.sum().sort_values(ascending=False).index[:20]]\n"
        "fig, ax = plt.subplots(figsize=(10, 6))\nax.imshow(matrix.values, cmap='Reds', aspect='auto', vmin=0, vmax=1)\n"
        "ax.set_xticks(range(matrix.shape[1]), matrix.columns, rotation=70, ha='right')\n"
        "ax.set_yticks(range(matrix.shape[0]), matrix.index)\n"
        "ax.set_title('Missing (dark) and partly covered skills for each best match')\nplt.tight_layout()"),
    new_markdown_cell(
        "## Calibration\n\nThe model is calibrated on RJDB pairs (see `benchmarks/RESULTS.md`). Here, with no labels for "
        "the samples, a proxy: a pair counts as a match when the posting's role family is the resume's field. "
        "Scores should rise with the share of such pairs."),
    new_code_cell(
        "field = {'backend_engineer_senior': 'software', 'frontend_developer_junior': 'software', 'data_scientist': 'data',\n"
        "         'devops_engineer': 'devops', 'registered_nurse': 'healthcare', 'staff_accountant': 'finance',\n"
        "         'sales_account_executive': 'sales', 'customer_support_specialist': 'support', 'ux_designer': 'design',\n"
        "         'hr_generalist': 'hr', 'warehouse_supervisor': 'logistics', 'math_teacher': 'education'}\n"
        "family = {p.id: p.metadata.get('jobType') for p in postings}\nstem = {r.id: r.path.stem for r in resumes}\n"
        "scores['same_field'] = [family[p] == field[stem[r]] for r, p in zip(scores['resume_id'], scores['posting_id'])]\n"
        "bins = pd.cut(scores['score'], [0, 5, 10, 25, 50, 75, 100], include_lowest=True)\n"
        "table = scores.groupby(bins, observed=True).agg(pairs=('score', 'size'), mean_score=('score', 'mean'),\n"
        "                                                 same_field=('same_field', 'mean'))\n"
        "ax = table.plot(x='mean_score', y='same_field', marker='o', figsize=(5, 4), legend=False,\n"
        "                title='Score vs share of same-field pairs')\nax.plot([0, 100], [0, 1], ls='--', c='grey')\n"
        "ax.set_xlabel('mean score in bin')\nax.set_ylabel('share in the same field')\nplt.tight_layout()\ntable"),
]


def main() -> None:
    for name, cells in (("01_postings_corpus.ipynb", CORPUS), ("02_scoring_resumes.ipynb", SCORING)):
        notebook = new_notebook(cells=cells, metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "language_info": {"name": "python"}})
        nbformat.write(notebook, HERE / name)
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
