"""The layout's contracts: one registry, one entry per rule, declared config keys, stages that never import torch."""
import ast
import re
import subprocess
import sys

import pytest

from conftest import REPO, load_profile
from overparam import jobs, registry

STAGES = ("settings", "compute", "tables", "claims", "plots", "registry")
LIGHT_STAGES = ("settings", "tables", "claims", "plots", "registry")  # never import torch
RULE = re.compile(r"^(?:local)?rule (\w+):\n((?:[ \t]+.*\n|\n)*)", re.M)


def rules() -> dict[str, str]:
    """rule name -> body, from every rule file."""
    found = {}
    for smk in sorted((REPO / "workflow" / "rules").glob("*.smk")):
        found.update(dict(RULE.findall(smk.read_text())))
    return found


def imports_of(path) -> set[str]:
    """Top-level names of every module the file imports (anywhere in it)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_every_paper_is_a_package_with_one_module_per_stage():
    papers = REPO / "src" / "overparam" / "papers"
    assert sorted(p.name for p in papers.iterdir() if p.is_dir() and p.name != "__pycache__") == \
        sorted(registry.PAPER_NAMES)
    assert sorted(p.name for p in papers.glob("*.py")) == ["__init__.py"]  # no paper module outside its package
    for name in registry.PAPER_NAMES:
        present = {p.stem for p in (papers / name).glob("*.py")}
        # compute may be one module per figure (compute_fig1, ...), so that a job's code is only its figure's
        assert {"compute"} & present or any(stem.startswith("compute_") for stem in present), name
        assert {stem for stem in present if not stem.startswith("compute_")} - {"compute"} == \
            {"__init__", *STAGES} - {"compute"}, name


def compute_modules(paper: str) -> list[str]:
    package = REPO / "src" / "overparam" / "papers" / paper
    return sorted(p.stem for p in package.glob("compute*.py"))


@pytest.mark.parametrize("paper", registry.PAPER_NAMES)
def test_only_compute_imports_torch(paper):
    """Statically: of a paper's stages only compute imports torch, and no light stage imports it through the
    overparam modules it imports (directly or not)."""
    package = REPO / "src" / "overparam" / "papers" / paper
    for stage in LIGHT_STAGES:
        uses = imports_of(package / f"{stage}.py") & {"torch", "torchvision"}
        assert not uses, f"{paper}.{stage} imports {uses}"
    assert any(imports_of(package / f"{stage}.py") & {"torch"} for stage in compute_modules(paper))
    for stage in LIGHT_STAGES:
        module = f"overparam.papers.{paper}.{stage}"
        heavy = [m for m in jobs.code_modules(module) if imports_of(jobs.module_file(m)) & {"torch", "torchvision"}]
        assert not heavy, f"{module} imports torch through {heavy}"


def test_light_stages_do_not_load_torch_when_imported():
    """The same contract, as Python sees it: importing every light stage of every paper leaves torch unloaded."""
    modules = [f"overparam.papers.{p}.{s}" for p in registry.PAPER_NAMES for s in LIGHT_STAGES]
    modules += ["overparam.claims", "overparam.report_pages", "overparam.registry", "overparam.activations"]
    code = "import sys\n" + "".join(f"import {m}\n" for m in modules) + "print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_every_rule_is_a_registered_job_and_runs_its_entry():
    found = rules()
    assert set(found) - {"all"} == set(registry.jobs())
    for rule, body in found.items():
        if rule == "all":
            continue
        assert f'**job_params("{rule}")' in body, f"rule {rule}: params must be **job_params(\"{rule}\")"
        assert '"../scripts/run_job.py"' in body, f"rule {rule} must run workflow/scripts/run_job.py"
        assert re.search(r"^\s+log:", body, re.M) and re.search(r"^\s+benchmark:", body, re.M), rule
    assert sorted(p.name for p in (REPO / "workflow" / "scripts").glob("*.py")) == ["run_job.py"]


@pytest.mark.parametrize("profile", ["smoke", "quick", "paper"])
def test_every_entry_declares_keys_the_config_has(profile):
    config = load_profile(profile)
    for job in registry.jobs().values():
        params = jobs.rule_params(config, job.entry)  # raises, naming the key, when the config lacks one
        assert (isinstance(params["config"], dict) or callable(params["config"])) and len(params["code"]) == 16


def test_a_key_can_select_one_block_by_wildcard():
    """Oymak's panel jobs read only their own activation's block: one activation's eta reruns its panels only."""
    from types import SimpleNamespace

    config = load_profile("quick")
    spec = registry.job("oymak2019_phase_transition").entry
    params = jobs.rule_params(config, spec)
    assert callable(params["config"])
    names = [block["name"] for block in config["oymak2019"]["activations"]]
    for name in names:
        selected = params["config"](SimpleNamespace(activation=name, n="50"))
        assert selected["oymak2019"]["activations"] == [b for b in config["oymak2019"]["activations"]
                                                        if b["name"] == name]
    with pytest.raises(KeyError, match="no block named 'sigmoid'"):
        params["config"](SimpleNamespace(activation="sigmoid", n="50"))


def test_entries_match_their_declarations():
    """The runner checks this when a job starts; here for every entry at once: the function exists, carries
    @entry with the keys the source shows, and only compute entries may use torch."""
    import importlib

    for job in registry.jobs().values():
        module, function = jobs.split_entry(job.entry)
        fn = getattr(importlib.import_module(module), function)
        assert tuple(fn.config_keys) == jobs.declared_keys(job.entry), job.entry
        if not module.rpartition(".")[2].startswith("compute"):
            assert not fn.uses_torch and not fn.uses_device, job.entry
        if job.gpu:
            assert fn.uses_device and "device" in fn.config_keys, job.entry


def test_declared_config_names_an_undeclared_key():
    config = jobs.DeclaredConfig({"du2019": {"n": 3}}, entry="overparam.papers.du2019.plots:plot_fig1_job")
    assert config["du2019"]["n"] == 3
    with pytest.raises(jobs.UndeclaredConfigKey, match=r"'du2019\.eta' is read by .*plot_fig1_job"):
        config["du2019"]["eta"]
    # .get() and `in` are reads too: neither may quietly fall back for an undeclared key
    with pytest.raises(jobs.UndeclaredConfigKey, match=r"'du2019\.eta'"):
        config["du2019"].get("eta", 0.1)
    with pytest.raises(jobs.UndeclaredConfigKey, match=r"'du2019\.eta'"):
        "eta" in config["du2019"]
    assert config["du2019"].get("n") == 3 and "n" in config["du2019"]


def test_plot_only_keys_are_not_compute_keys():
    """The issue's examples: keys only a plot or a table reads never enter a compute job's params."""
    keys = {rule: set(jobs.declared_keys(job.entry)) for rule, job in registry.jobs().items()}
    assert "du2019.figure_seed" not in keys["du2019_train"] and "du2019.figure_seed" in keys["du2019_plot_fig1"]
    assert not any(k.startswith("panigrahi2020.fig1.spectra") for k in keys["panigrahi2020_fig1_train"])
    for rule in ("das2019_compute", "das2019_counterexample"):
        assert not {"das2019.supp4.log_points", "das2019.train.supp2_widths"} & keys[rule], rule


def test_code_hash_follows_the_code_not_its_comments(tmp_path, monkeypatch):
    package = tmp_path / "overparam"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "core.py").write_text('"""doc"""\ndef f(x):\n    return x + 1  # why\n')
    (package / "sub" / "stage.py").write_text("from ..core import f\n\n\ndef g():\n    return f(1)\n")
    (package / "other.py").write_text("X = 1\n")
    monkeypatch.setattr(jobs, "PACKAGE_DIR", package)
    for cached in (jobs._tree, jobs.code_modules, jobs.code_hash, jobs._code_only):
        cached.cache_clear()

    def fresh_hash():
        for cached in (jobs._tree, jobs.code_hash, jobs._code_only):
            cached.cache_clear()
        return jobs.code_hash("overparam.sub.stage")

    assert jobs.code_modules("overparam.sub.stage") == ("overparam", "overparam.core", "overparam.sub",
                                                          "overparam.sub.stage")
    before = fresh_hash()
    (package / "core.py").write_text('"""other doc"""\ndef f(x):\n    # a new comment\n    return x + 1\n')
    assert fresh_hash() == before  # comments, docstrings and formatting do not count
    (package / "core.py").write_text('"""doc"""\ndef f(x):\n    return x + 2\n')
    assert fresh_hash() != before  # code does
    (package / "core.py").write_text('"""doc"""\ndef f(x):\n    return x + 1  # why\n')
    (package / "other.py").write_text("X = 2\n")
    assert fresh_hash() == before  # a module it does not import does not
    for cached in (jobs._tree, jobs.code_modules, jobs.code_hash, jobs._code_only):
        cached.cache_clear()


CACHES = ("_tree", "code_modules", "code_hash", "_code_only", "entry_code", "entry_code_hash", "declared_keys")


def test_an_entry_is_its_function_and_what_it_reaches(tmp_path, monkeypatch):
    """Two entries of one module: editing code only one of them reaches reruns only that one's jobs."""
    package = tmp_path / "overparam"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "core.py").write_text("def f(x):\n    return x + 1\n")
    (package / "other.py").write_text("def h(x):\n    return x\n")
    stage = ('"""doc"""\nfrom .core import f\nfrom . import other\n\nSCALE = 2\n\n\n'
             'def helper(x):\n    return SCALE * f(x)\n\n\n'
             'def a():\n    return helper(1)\n\n\n'
             'def b():\n    return other.h(3)\n')
    (package / "stage.py").write_text(stage)
    monkeypatch.setattr(jobs, "PACKAGE_DIR", package)

    def hashes():
        for name in CACHES:
            getattr(jobs, name).cache_clear()
        return jobs.entry_code_hash("overparam.stage:a"), jobs.entry_code_hash("overparam.stage:b")

    assert jobs.entry_code("overparam.stage:a")[0] == ("overparam", "overparam.core")
    assert jobs.entry_code("overparam.stage:b")[0] == ("overparam", "overparam.other")
    a, b = hashes()
    (package / "stage.py").write_text(stage.replace("SCALE = 2", "SCALE = 3"))
    assert hashes() == (hashes()[0], b) and hashes()[0] != a  # a constant only a reaches
    (package / "stage.py").write_text(stage)
    (package / "other.py").write_text("def h(x):\n    return -x\n")
    assert hashes()[0] == a and hashes()[1] != b  # a module only b uses
    (package / "other.py").write_text("def h(x):\n    return x\n")
    (package / "stage.py").write_text(stage.replace('"""doc"""', '"""new doc"""').replace("return helper(1)",
                                                                                          "return helper(1)  # why"))
    assert hashes() == (a, b)
    for name in CACHES:
        getattr(jobs, name).cache_clear()


def test_every_figure_has_a_caption_and_unique_panels():
    names = [panel.name for figure in registry.figures() for panel in figure.panels]
    assert len(names) == len(set(names))
    for figure in registry.figures():
        assert (REPO / "workflow" / "report" / f"{figure.id}.rst").exists(), figure.id
        assert figure.id.startswith(tuple(registry.PAPER_NAMES))
