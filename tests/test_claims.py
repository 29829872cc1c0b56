"""The ledger's row: kinds, verdicts from the band, verdicts a claim may set, and the table's checks."""
import math

import pandas as pd
import pytest

from overparam.claims import (BAND_VERDICTS, Claim, aggregate, claims_frame, not_reproduced, summary,
                              verdict_counts)

WORDS = dict(quote="the paper's words", source="§5, Figure 1", statement="how they are measured")


def row(kind="paper", value=1.0, **kw):
    return Claim("du2019-fig1a.x", "du2019", "du2019-fig1a", kind, value=value, **{**WORDS, **kw})


@pytest.mark.parametrize("kind", BAND_VERDICTS)
def test_each_kind_gets_its_own_verdicts_from_the_band(kind):
    positive, negative = BAND_VERDICTS[kind]
    assert row(kind, 0.5, lower=0, upper=1).verdict == positive
    assert row(kind, 1.5, lower=0, upper=1).verdict == negative
    assert row(kind, float("nan"), lower=0).verdict == negative  # NaN never confirms
    assert row(kind, 1.0, upper=1).verdict == positive and row(kind, 1.0, upper=1, strict=True).verdict == negative


def test_only_paper_rows_may_set_inconclusive_or_not_testable_and_must_say_why():
    assert row(value=math.nan, verdict="not testable", detail="stand-in data").verdict == "not testable"
    with pytest.raises(ValueError, match="reason"):
        row(verdict="inconclusive")
    with pytest.raises(ValueError, match="cannot be set"):
        row(verdict="reproduced", detail="x")
    with pytest.raises(ValueError, match="cannot be set"):
        row("theory", verdict="not testable", detail="x")


def test_every_row_has_a_band_and_paper_rows_have_the_words():
    with pytest.raises(ValueError, match="no band"):
        row(value=1.0)
    with pytest.raises(ValueError, match="paper's words"):
        Claim("a.b", "du2019", "du2019-fig1a", "theory", "", "", "s", 1.0, upper=2)
    with pytest.raises(ValueError, match="kind"):
        row("reported", upper=2)
    assert Claim("a.b", "du2019", "du2019-fig1a", "implementation", "", "", "invariant", 0, 0, 0).verdict == "pass"


def test_the_table_rejects_unknown_verdicts_and_duplicate_ids():
    good = claims_frame([row(value=3, upper=2, detail="ends higher")])
    bad = good.assign(claim_id="du2019-fig1a.y", verdict="passed")
    with pytest.raises(ValueError, match="vocabulary"):
        aggregate([good, bad])
    with pytest.raises(ValueError, match="duplicate"):
        aggregate([good, good])
    table = aggregate([good])
    assert verdict_counts(table)["paper"]["not reproduced"] == 1
    assert "paper: 0 reproduced, 1 not reproduced" in summary(table)
    assert not_reproduced(table)["detail"].tolist() == ["ends higher"]
    assert isinstance(table, pd.DataFrame)
