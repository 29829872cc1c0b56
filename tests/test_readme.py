"""The README a user reads: short, every command in it runs as written, its verdict table matches the ledger, its
links lead somewhere, and it cites nothing a user does not have."""
import re
import shlex

import pandas as pd
import pytest

from overparam.plotting import DISPLAY_WIDTH_PX

from conftest import REPO, copy_workflow, snakemake

README = (REPO / "README.md").read_text()
USER_DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md")), REPO / "docs/deviations.rst",
             *sorted((REPO / "config").glob("*.yaml")), *sorted((REPO / "workflow/report").glob("*.rst"))]
GENERATED = {"claims.md", "claims-sentences.md"}  # written from the ledger by overparam.claims_doc


def readme_commands() -> list[str]:
    """Every `uv run snakemake ...` command of the README: lines of its bash blocks and inline code spans."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("uv run snakemake"):
                commands.append(line)
    commands += [span for span in re.findall(r"`(uv run snakemake[^`]*)`", README)]
    return list(dict.fromkeys(commands))


def test_readme_is_short():
    assert len(README.splitlines()) <= 200


def test_readme_has_the_commands_a_user_needs():
    commands = readme_commands()
    assert "uv run snakemake --cores all" in commands
    assert any("--report" in c for c in commands)
    assert any("config/paper.yaml" in c for c in commands)
    assert len(commands) >= 6


@pytest.fixture(scope="module")
def fresh_clone(tmp_path_factory):
    return copy_workflow(tmp_path_factory.mktemp("readme") / "repo")


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs_as_written(command, fresh_clone):
    """Snakemake commands are dry-run (-n) as written; a report command really builds the report, before any run
    (so it works after any run). `uv run` is the environment this test already runs in."""
    args = shlex.split(command)[2:]  # without `uv run`
    assert args[0] == "snakemake"
    args = args[1:]
    if any(arg.startswith("--report") for arg in args) or args == ["--unlock"]:
        proc = snakemake(fresh_clone, *args, check=False, timeout=300)
    else:
        proc = snakemake(fresh_clone, *args, "-n", check=False, timeout=300)
    assert proc.returncode == 0, f"{command}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    for target in (a for a in args if re.match(r"^(figures|results)/", a)):
        assert target in proc.stdout, f"{command}: the target {target} is not in the plan"
    if "--report" in args:
        report = fresh_clone / args[args.index("--report") + 1]
        assert report.stat().st_size > 10_000 and "No front page yet" in report.read_text()


def test_verdict_table_matches_the_committed_ledger():
    ledger = pd.read_csv(REPO / "docs/claims-quick.csv")
    names = {"Du et al. 2019": "du2019", "Panigrahi et al. 2020": "panigrahi2020",
             "Oymak & Soltanolkotabi 2019": "oymak2019", "Das & Golikov 2019": "das2019"}
    rows = re.findall(r"^\| \[([^\]]+)\]\(docs/claims\.md#(\w+)\) \| (.*?) \| (.*?) \| (.*?) \| (.*?) \|$", README, re.M)
    assert {title for title, *_ in rows} == set(names)
    for title, anchor, paper_cells, theory, errata, impl in rows:
        part = ledger[ledger["paper"] == names[title]]
        assert anchor == names[title]
        count = lambda kind, verdict: int(((part["kind"] == kind) & (part["verdict"] == verdict)).sum())  # noqa: E731
        if (part["kind"] == "paper").any():
            assert paper_cells == " / ".join(str(count("paper", v)) for v in ("reproduced", "not reproduced",
                                                                              "not testable")), title
        else:
            assert paper_cells == "no experiments", title
        assert theory == f"{count('theory', 'holds')} / {count('theory', 'violated')}", title
        assert errata == str(count("erratum", "demonstrated")), title
        n_impl = int((part["kind"] == "implementation").sum())
        assert impl == f"{count('implementation', 'pass')} / {n_impl}", title
        assert f"## {names[title]}" in (REPO / "docs/claims.md").read_text()  # the anchor exists


def test_readme_links_and_gallery_lead_to_files():
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README) + re.findall(r'src="([^"]+)"', README)
    assert links
    for link in links:
        if not link.startswith("http"):
            assert (REPO / link).exists(), link
    gallery = re.findall(r'\[<img src="(docs/(?:gallery|paper/figures/paper)/[\w-]+\.png)" width="(\d+)"[^>]*>\]'
                         r'\((docs/(?:gallery|paper/figures/paper)/[\w-]+\.png)\)', README)
    assert len(gallery) >= 4 and all(shown == full for shown, _, full in gallery)  # each image opens its full size
    # Shown at the width the figures' type is set for (>= 7 pt there: tests/test_figures.py), never as thumbnails.
    assert {int(width) for _, width, _ in gallery} == {DISPLAY_WIDTH_PX}
    assert any("docs/paper/" in shown for shown, _, _ in gallery), "the paper-scale figure beside the quick one"


@pytest.mark.parametrize("path", [p for p in USER_DOCS if p.name not in GENERATED], ids=lambda p: p.name)
def test_user_documents_cite_nothing_a_user_does_not_have(path):
    text = path.read_text()
    for pattern in (r"\bspecs?/", r"\bthe spec\b", r"\bspec('s)?\b(?! *[=:])", r"\bthe issue\b", r"\bissue \d+",
                    r"\bthis issue\b"):
        found = re.search(pattern, text, re.I)
        assert not found, f"{path.name}: {text[max(0, found.start() - 60):found.end() + 60]!r}"


def test_license_and_citation():
    assert (REPO / "LICENSE").read_text().startswith("MIT License")
    import yaml

    citation = yaml.safe_load((REPO / "CITATION.cff").read_text())
    assert citation["cff-version"] and citation["title"] and citation["license"] == "MIT"
    assert len(citation["references"]) == 4
