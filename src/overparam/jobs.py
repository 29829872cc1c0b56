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
loading torch. No Snakemake here. The runner (``overparam.runtime.run_job``) and this module are not part of any job's code:
editing them reruns nothing.

A key may select one element of a list of named blocks by a wildcard of the rule: ``"oymak2019.activations[{activation}]"``
is the block of ``oymak2019.activations`` whose ``name`` is the job's ``activation`` wildcard (as a one-element list),
so that one activation's settings rerun only that activation's jobs.
"""
from __future__ import annotations

import ast
import hashlib
import re
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

    # Every declared key is present (``select`` checks), so a missing key is an undeclared read, whatever the form.
    def get(self, key, default=None):
        return self[key]

    def __contains__(self, key):
        if not dict.__contains__(self, key):
            self.__missing__(key)
        return True


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


# The declaration machinery (this module): an entry imports it for @entry and JobContext, but no result depends on it.
NOT_JOB_CODE = frozenset({f"{PACKAGE}.jobs"})


@lru_cache(maxsize=None)
def code_modules(module: str) -> tuple[str, ...]:
    """``module`` and every overparam module it imports, directly or not (sorted), but ``NOT_JOB_CODE``."""
    seen, todo = {module}, [module]
    while todo:
        for name in _imports(todo.pop()):
            if name not in seen and name not in NOT_JOB_CODE:
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


def _strip_docstrings(node: ast.AST) -> ast.AST:
    node = ast.parse(ast.unparse(node))  # a copy
    for sub in ast.walk(node):
        body = getattr(sub, "body", None)
        if (isinstance(sub, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and body
                and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            sub.body = body[1:] or [ast.Pass()]
    return node


def _bound_names(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
    return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]


@lru_cache(maxsize=None)
def entry_code(spec: str) -> tuple[tuple[str, ...], str]:
    """What the entry ``spec`` runs: the overparam modules it uses (each with everything it imports) and the
    code of its own module that it reaches (the entry function and the module-level functions, classes and
    constants it names, directly or through each other; statements that bind no name, always). So two entries
    of one module share only the code both reach: editing a function one of them never calls reruns only the
    other's jobs."""
    module, function = split_entry(spec)
    tree = _tree(module_file(module))
    defined: dict[str, ast.stmt] = {}
    imported: dict[str, str] = {}  # local name -> overparam module it comes from
    always: list[ast.stmt] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            source = _absolute(module, node)
            if source.split(".")[0] == PACKAGE:
                for alias in node.names:
                    sub = f"{source}.{alias.name}"
                    imported[alias.asname or alias.name] = sub if _is_module(sub) else source
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == PACKAGE:
                    imported[alias.asname or alias.name.split(".")[0]] = alias.name if alias.asname else PACKAGE
        elif names := _bound_names(node):
            for name in names:
                defined[name] = node
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):  # not the docstring
            always.append(node)
    if function not in defined:
        raise ValueError(f"{spec}: no function {function!r} at the top level of {module_file(module)}")
    reached, todo, used = [], [defined[function], *always], set()
    seen = {id(node) for node in todo}
    while todo:
        node = todo.pop()
        reached.append(node)
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name):
                if sub.id in imported:
                    used.add(imported[sub.id])
                elif sub.id in defined and id(defined[sub.id]) not in seen:
                    seen.add(id(defined[sub.id]))
                    todo.append(defined[sub.id])
    order = {id(node): i for i, node in enumerate(tree.body)}
    own = "\n".join(ast.dump(_strip_docstrings(node)) for node in sorted(reached, key=lambda n: order[id(n)]))
    parents = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}  # run on import
    modules = set(parents)
    for name in used | parents:
        modules |= set(code_modules(name))
    return tuple(sorted(modules - NOT_JOB_CODE - {module})), own


@lru_cache(maxsize=None)
def entry_code_hash(spec: str) -> str:
    """sha256 over the code the entry runs (``entry_code``): an edit of that code reruns its jobs; an edit of a
    comment, a docstring, the formatting or code the entry never reaches does not."""
    modules, own = entry_code(spec)
    digest = hashlib.sha256(own.encode() + b"\0")
    for name in modules:
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


_BY_WILDCARD = re.compile(r"^(\w+)\[\{(\w+)\}\]$")  # name[{wildcard}]


def select(config: dict, keys, spec: str = "", wildcards=None) -> dict:
    """The values of ``keys`` (dotted paths) in ``config``, nested as in the config. A part ``name[{w}]`` keeps
    the blocks of the list ``name`` whose ``name`` field is the wildcard ``w`` (all of them without wildcards)."""
    out: dict = {}
    for key in keys:
        value, node = config, out
        parts = key.split(".")
        for i, part in enumerate(parts):
            by_wildcard = _BY_WILDCARD.match(part)
            name = by_wildcard.group(1) if by_wildcard else part
            if not isinstance(value, dict) or name not in value:
                raise KeyError(f"{spec or 'a job'} declares config key '{key}', which the config does not have")
            value = value[name]
            if by_wildcard and wildcards is not None:
                wanted = str(getattr(wildcards, by_wildcard.group(2)))
                value = [block for block in value if str(block["name"]) == wanted]
                if not value:
                    raise KeyError(f"{spec or 'a job'}: config key '{key}' has no block named {wanted!r}")
            if i < len(parts) - 1:
                node = node.setdefault(name, {})
        node[name] = value
    return out


def rule_params(config: dict, spec: str) -> dict:
    """A rule's params: its entry, the config keys it reads and the hash of the code it runs. With a key that
    selects by wildcard, ``config`` is a function of the job's wildcards (Snakemake evaluates it per job)."""
    keys = declared_keys(spec)
    select(config, keys, spec)  # every declared key exists: checked when the workflow is parsed
    if any(_BY_WILDCARD.match(part) for key in keys for part in key.split(".")):
        selected = lambda wildcards: select(config, keys, spec, wildcards)  # noqa: E731
    else:
        selected = select(config, keys, spec)
    return {"entry": spec, "config": selected, "code": entry_code_hash(spec)}
