"""What a workflow job runs, and what it depends on.

Every rule of the workflow runs one library function, its *entry* (``"module:function"``), through the one
script ``workflow/scripts/run_job.py``. An entry declares the config keys it reads beside its code::

    @entry("du2019.seed", "du2019.widths", "device", device=True)
    def train(job: JobContext) -> None: ...

and receives only those keys (``job.config``; reading any other raises ``UndeclaredConfigKey``). The rule's
``params`` carry (``workflow/rules/common.smk``, ``job_params``):
- ``config``: the declared keys' values, so changing a key reruns exactly the jobs that read it;
- ``code``: a hash of the entry's module and every ``overparam`` module it imports, directly or through
  others (their syntax trees, so comments and formatting do not count), so editing a module reruns exactly
  the jobs whose code imports it.
Both are found by reading the sources (``ast``), never by importing them: the workflow parses without
loading torch. No Snakemake here. The runner (``overparam.runtime.run_job``) is not part of any job's code: editing
it, or this module's readers of the sources, reruns nothing.
"""
from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

PACKAGE = "overparam"
PACKAGE_DIR = Path(__file__).resolve().parent


class UndeclaredConfigKey(KeyError):
    def __str__(self):
        return self.args[0]


class DeclaredConfig(dict):
    """The config keys a job declared; reading another key names it and where to declare it."""

    def __init__(self, values: dict, path: str = "", entry: str = ""):
        super().__init__({k: DeclaredConfig(v, f"{path}{k}.", entry) if isinstance(v, dict) else v
                          for k, v in values.items()})
        self._path, self._entry = path, entry

    def __missing__(self, key):
        raise UndeclaredConfigKey(f"config key '{self._path}{key}' is read by {self._entry or 'a job'} "
                                  f"but not declared in its @entry(...)")


def entry(*keys: str, device: bool = False, torch: bool | None = None) -> Callable:
    """Mark a job's entry function: the config keys it reads, whether it runs on a device (CPU/GPU) and
    whether it may import torch (default: if it runs on a device). The workflow reads the keys from the
    source; the runner checks them when the job starts."""

    def mark(fn):
        fn.config_keys = keys
        fn.uses_device = device
        fn.uses_torch = device if torch is None else torch
        return fn

    return mark


@dataclass
class JobContext:
    """What an entry function gets: Snakemake's input/output/wildcards (named lists) and the declared config."""

    rule: str
    config: DeclaredConfig
    input: Any
    output: Any
    wildcards: Any
    threads: int
    log: str
    device: Any = None  # torch.device for entries marked device=True


# ---------------------------------------------------------------- static reading of the sources


def split_entry(spec: str) -> tuple[str, str]:
    module, sep, function = spec.partition(":")
    if not (sep and module.startswith(PACKAGE + ".") or module == PACKAGE) or not function:
        raise ValueError(f"entry {spec!r} is not 'overparam.<module>:<function>'")
    return module, function


def module_file(module: str) -> Path:
    parts = module.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    raise FileNotFoundError(f"module {module} has no source under {PACKAGE_DIR}")


@lru_cache(maxsize=None)
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def _is_module(name: str) -> bool:
    try:
        module_file(name)
        return True
    except FileNotFoundError:
        return False


def _imports(module: str) -> set[str]:
    """The overparam modules that ``module`` imports anywhere in its source (top level or in functions)."""
    path = module_file(module)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.split(".")[0] == PACKAGE}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            elif node.module and node.module.split(".")[0] == PACKAGE:
                target = node.module
            else:
                continue
            found.add(target)
            # `from . import x` / `from .a import b` where x or b is itself a module
            found |= {f"{target}.{alias.name}" for alias in node.names if _is_module(f"{target}.{alias.name}")}
    # importing a.b.c runs a/__init__ and a/b/__init__ first
    parents = {".".join(name.split(".")[:i]) for name in found | {module} for i in range(1, name.count(".") + 1)}
    return {name for name in found | parents if _is_module(name)} - {module}


@lru_cache(maxsize=None)
def code_modules(module: str) -> tuple[str, ...]:
    """``module`` and every overparam module it imports, directly or not (sorted)."""
    seen, todo = {module}, [module]
    while todo:
        for name in _imports(todo.pop()):
            if name not in seen:
                seen.add(name)
                todo.append(name)
    return tuple(sorted(seen))


@lru_cache(maxsize=None)
def _code_only(module: str) -> str:
    """The module's syntax tree without docstrings (comments and formatting are not in it anyway)."""
    tree = ast.parse(ast.unparse(_tree(module_file(module))))  # a copy
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.dump(tree)


@lru_cache(maxsize=None)
def code_hash(module: str) -> str:
    """sha256 over the code of ``code_modules(module)``: an edit of code reruns the job; an edit of a comment,
    a docstring or the formatting does not."""
    digest = hashlib.sha256()
    for name in code_modules(module):
        digest.update(name.encode() + b"\0" + _code_only(name).encode() + b"\0")
    return digest.hexdigest()[:16]


def _literal(node: ast.AST, constants: dict[str, ast.AST]) -> list[str]:
    if isinstance(node, _Resolved):
        return _literal(node.value, _constants(node.module))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Starred):
        return _literal(node.value, constants)
    if isinstance(node, ast.Name) and node.id in constants:
        return _literal(constants[node.id], constants)
    if isinstance(node, (ast.Tuple, ast.List)):
        return [key for element in node.elts for key in _literal(element, constants)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal(node.left, constants) + _literal(node.right, constants)
    raise ValueError(f"line {node.lineno}: @entry arguments must be strings, or module-level tuples of them")


def _absolute(module: str, node: ast.ImportFrom) -> str:
    path = module_file(module)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    if not node.level:
        return node.module or ""
    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
    return f"{base}.{node.module}" if node.module else base


@lru_cache(maxsize=None)
def _constants(module: str) -> dict[str, ast.AST]:
    """Module-level names bound to expressions, including those imported from other overparam modules."""
    tree = _tree(module_file(module))
    out: dict[str, ast.AST] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            if source.split(".")[0] == PACKAGE and _is_module(source):
                for alias in node.names:
                    value = _constants(source).get(alias.name)
                    if value is not None:
                        out[alias.asname or alias.name] = value
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = _Resolved(node.value, module)
    return out


class _Resolved(ast.AST):
    """An expression with the module it is to be read in (its names are that module's)."""

    def __init__(self, value: ast.AST, module: str):
        super().__init__()
        self.value, self.module = value, module
        self.lineno = getattr(value, "lineno", 0)


@lru_cache(maxsize=None)
def declared_keys(spec: str) -> tuple[str, ...]:
    """The config keys that the entry ``spec`` declares in its ``@entry(...)``, read from its source."""
    module, function = split_entry(spec)
    tree = _tree(module_file(module))
    constants = _constants(module)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == function:
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and getattr(deco.func, "id", getattr(deco.func, "attr", "")) == "entry":
                    try:
                        return tuple(key for arg in deco.args for key in _literal(arg, constants))
                    except ValueError as err:
                        raise ValueError(f"{module_file(module)}: {err}") from None
            raise ValueError(f"{spec}: the function has no @entry(...) declaring the config keys it reads")
    raise ValueError(f"{spec}: no function {function!r} at the top level of {module_file(module)}")


def select(config: dict, keys, spec: str = "") -> dict:
    """The values of ``keys`` (dotted paths) in ``config``, nested as in the config."""
    out: dict = {}
    for key in keys:
        value, node = config, out
        parts = key.split(".")
        for i, part in enumerate(parts):
            if not isinstance(value, dict) or part not in value:
                raise KeyError(f"{spec or 'a job'} declares config key '{key}', which the config does not have")
            value = value[part]
            if i < len(parts) - 1:
                node = node.setdefault(part, {})
        node[parts[-1]] = value
    return out


def rule_params(config: dict, spec: str) -> dict:
    """A rule's params: its entry, the config keys it reads and the hash of the code it runs."""
    module, _ = split_entry(spec)
    return {"entry": spec, "config": select(config, declared_keys(spec), spec), "code": code_hash(module)}
