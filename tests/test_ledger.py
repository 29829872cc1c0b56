"""The committed ledger: docs/claims.md is generated from docs/claims-quick.csv, and a fresh quick run (CIFAR-10
stand-in) gives the committed verdicts, so that no verdict changes silently."""
import difflib
import re

import pandas as pd
import pytest

from conftest import REPO, copy_workflow, snakemake
from overparam import claims_doc
from overparam.claims import VERDICTS, aggregate

PAPERS = REPO.parent / "shared" / "papers"


def committed() -> pd.DataFrame:
    return claims_doc.read_ledger(claims_doc.QUICK)


def test_claims_md_is_generated_from_the_committed_ledger():
    assert claims_doc.DOC.read_text() == claims_doc.committed_markdown(), \
        "docs/claims.md is stale: run `uv run python -m overparam.claims_doc` and commit it"


def test_committed_ledger_is_a_valid_quick_ledger():
    table = committed()
    aggregate([table])  # vocabulary, unique ids
    assert (table["profile"] == "quick").all()
    assert set(table["kind"]) == set(VERDICTS)  # the four kinds
    assert (table.loc[table["kind"] == "implementation", "verdict"] == "pass").all()


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


@pytest.mark.skipif(not PAPERS.is_dir(), reason="the papers' texts are not beside this checkout")
def test_quotes_are_the_papers_words():
    """Verbatim up to the text extraction's garbled letters: almost all of each quote appears in one piece."""
    texts = {p.stem.split("-")[0]: _normal(p.read_text(errors="replace")) for p in PAPERS.glob("*.txt")}
    for row in committed().itertuples():
        if row.kind == "implementation":
            continue
        for piece in re.split(r"\s*(?:…|\.\.\.|\s/\s|\[|\])\s*", row.quote):
            quote = _normal(piece)
            if len(quote) < 20:
                continue
            text = texts[row.paper]
            if quote in text:
                continue
            # mended letters (e.g. "≠" extracted as "6="): align the quote on its longest exact run, then at least
            # 80 % of its characters (formulas mended from the extraction lose more) must match the text around it
            match = difflib.SequenceMatcher(None, quote, text, autojunk=False).find_longest_match(
                0, len(quote), 0, len(text))
            start = max(0, match.b - match.a - 20)
            window = text[start:start + len(quote) + 40]
            same = sum(block.size for block in
                       difflib.SequenceMatcher(None, quote, window, autojunk=False).get_matching_blocks())
            assert same >= 0.8 * len(quote), (row.claim_id, piece, same / len(quote))


@pytest.mark.slow
def test_a_fresh_quick_run_gives_the_committed_verdicts(tmp_path):
    repo = copy_workflow(tmp_path / "repo")
    snakemake(repo, "--cores", "2", "--config", "cifar10_source=synthetic", timeout=1800)
    fresh = claims_doc.read_ledger(repo / "results/quick/claims.csv")
    old = dict(zip(committed()["claim_id"], committed()["verdict"]))
    new = dict(zip(fresh["claim_id"], fresh["verdict"]))
    changed = {cid: (old.get(cid, "absent"), new.get(cid, "absent")) for cid in old.keys() | new.keys()
               if old.get(cid) != new.get(cid)}
    assert not changed, (
        f"verdicts differ from docs/claims-quick.csv (committed -> fresh): {changed}. If the change is intended, "
        "copy the fresh ledger with `uv run python -m overparam.claims_doc results/quick/claims.csv` and say why "
        "in the commit message.")
