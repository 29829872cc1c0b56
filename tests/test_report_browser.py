"""The report as a reader sees it: built from the smoke run (complete, and offline with Figure 2 not built),
loaded in headless Chromium (Debian's ``chromium``; ``.ci/run`` installs it), the front page's scorecard and a
figure page rendered, no JavaScript error, no docutils error in any caption."""
import re
import shutil
import subprocess

import pytest

from conftest import snakemake

CHROMIUM = next((path for name in ("chromium", "chromium-browser") if (path := shutil.which(name))), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's chromium with apt-get where it can, "
                             "and says why when it cannot)")

# Before the report's own scripts: console.error and uncaught errors become marked console lines, which Chromium
# writes to stderr with --enable-logging=stderr (it does not say a console line's level).
ERROR_HOOK = ("<script>window.__errors = 0; const __err = console.error; console.error = (...a) => { "
              "console.log('REPORT-JS-ERROR ' + a.join(' ')); }; window.addEventListener('error', e => "
              "console.log('REPORT-JS-ERROR ' + e.message));</script>")
OPEN_FIGURE = ("<script>window.addEventListener('load', () => setTimeout(() => {{ const p = '{path}'; "
               "app.setView({{navbarMode: 'resultinfo', resultPath: p, content: 'img', "
               "contentPath: results[p].data_uri}}); }}, 200));</script>")


def instrumented(report, dest, open_figure=None):
    """A copy of the report with the error hook, and a script that opens a figure's page (as a click would)."""
    text = report.read_text()
    text = text.replace("<head>", "<head>" + ERROR_HOOK, 1)
    if open_figure:
        at = text.rindex("</body>")
        text = text[:at] + OPEN_FIGURE.format(path=open_figure) + text[at:]
    dest.write_text(text)
    return dest


def chromium(page, tmp_path, *args):
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           f"--user-data-dir={tmp_path / 'chromium-profile'}", "--window-size=1400,1000",
                           "--virtual-time-budget=8000", "--enable-logging=stderr", "--v=0", *args,
                           page.as_uri()], capture_output=True, text=True, timeout=240)
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    errors = [line for line in console if "REPORT-JS-ERROR" in line or "Uncaught" in line]
    return proc, errors


def dom(page, tmp_path):
    proc, errors = chromium(page, tmp_path, "--dump-dom")
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, errors


def screenshot(page, tmp_path, name):
    from PIL import Image

    png = tmp_path / f"{name}.png"
    proc, errors = chromium(page, tmp_path, f"--screenshot={png}")
    assert proc.returncode == 0 and png.exists(), proc.stderr[-2000:]
    counts = Image.open(png).convert("L").histogram()  # pixels per grey level
    background = max(range(256), key=counts.__getitem__)
    drawn = sum(n for level, n in enumerate(counts) if abs(level - background) > 40) / sum(counts)
    return drawn, errors


def test_the_error_hook_sees_javascript_errors(tmp_path):
    """The check below can fail: a page that throws is caught."""
    bad = tmp_path / "bad.html"
    bad.write_text("<html><head></head><body><p>x</p><script>console.error('boom'); missingFunction();</script>"
                   "</body></html>")
    _, errors = dom(instrumented(bad, tmp_path / "bad-instrumented.html"), tmp_path)
    assert any("boom" in line for line in errors) and any("missingFunction" in line for line in errors)


@pytest.fixture(scope="module")
def report(smoke_run):
    # the report command names another data source than the run used: the report must describe the run's data
    snakemake(smoke_run, "--configfile", "config/smoke.yaml", "--config", "cifar10_source=download",
              "--report", "report-browser.html")
    return smoke_run / "report-browser.html"


def test_front_page_is_the_scorecard(report, tmp_path):
    text, errors = dom(instrumented(report, tmp_path / "front.html"), tmp_path)
    assert errors == []
    for words in ("Profile:", "The paper's claims", "Theory checks", "Implementation checks", "Errata",
                  "Du, Zhai, Poczos, Singh", "Panigrahi, Shetty, Goyal", "Oymak, Soltanolkotabi", "Das, Golikov",
                  "not reproduced", "made from the synthetic stand-in, not CIFAR-10"):
        assert words in text, words
    assert "System Message" not in text and "Not built in this run" not in text
    # every link to a figure opens a result the report holds
    linked = set(re.findall(r"app\.showResultInfo\('([^']+)'\)", text))
    assert {f"figures/smoke/{fig}.png" for fig in ("du2019-fig1", "panigrahi2020-fig2", "das2019-supp4")} <= linked
    held = set(re.findall(r'"(figures/smoke/[\w-]+\.png|results/smoke/report/\w+\.html)": \{"name"',
                          report.read_text()))
    assert linked <= held, linked - held
    drawn, errors = screenshot(tmp_path / "front.html", tmp_path, "front")
    assert errors == [] and drawn > 0.05


def test_a_figure_page_renders_with_its_caption(report, tmp_path):
    page = instrumented(report, tmp_path / "figure.html", open_figure="figures/smoke/panigrahi2020-fig2.png")
    text, errors = dom(page, tmp_path)
    assert errors == []
    assert "SYNTHETIC STAND-IN, NOT CIFAR-10" in text  # from the figure's record, not the report command's config
    assert "Settings (smoke profile)" in text and "UNSTATED in the paper" in text
    assert re.search(r'<img src="data:image/png;[^"]*filename=panigrahi2020-fig2\.png;base64,', text)
    assert "System Message" not in text and "problematic" not in text
    drawn, errors = screenshot(page, tmp_path, "figure")
    assert errors == [] and drawn > 0.05


def test_offline_report_lists_figure_2_as_not_built(offline_then_stand_in, tmp_path):
    repo, *_, offline_report, _ = offline_then_stand_in
    assert offline_report.returncode == 0, offline_report.stderr[-2000:]
    page = instrumented(repo / "report-offline.html", tmp_path / "offline.html")
    text, errors = dom(page, tmp_path)
    assert errors == []
    assert "Not built in this run" in text and "panigrahi2020-fig2" in text and "CIFAR-10 UNAVAILABLE" in text
    assert "The paper's claims" in text
    drawn, errors = screenshot(page, tmp_path, "offline")
    assert errors == [] and drawn > 0.05
