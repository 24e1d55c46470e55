"""Data flows one way. The layers are import-linter's contracts ([tool.importlinter] in
pyproject.toml, `lint-imports`): run here too, so the suite fails on a broken layer, with
what the contracts cannot say themselves (the layers across both root packages name every
module that the per-package ones do). And the model layer imports nothing but itself (not
even the infrastructure below it), so that models can be read and tested on their own."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
BLOG = ROOT / "blog"
# What models may build on: block definitions and pure helpers for body text and videos.
MODEL_LAYER = {"blog.models", "blog.blocks", "blog.body", "blog.video"}


def _module_path(module: str) -> Path:
    path = BLOG.parent / Path(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def _blog_imports(path: Path) -> set[str]:
    """Every blog.* module imported anywhere in the file, function bodies included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("blog"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("blog")}
    return found


def _in_model_layer(module: str) -> bool:
    return any(module == allowed or module.startswith(allowed + ".") for allowed in MODEL_LAYER)


def test_the_model_layer_imports_nothing_above_it():
    files = [*sorted((BLOG / "models").glob("*.py")), *(_module_path(m) for m in MODEL_LAYER)]
    outside = {
        (path.relative_to(BLOG.parent).as_posix(), module)
        for path in files
        if path.exists()
        for module in _blog_imports(path)
        if not _in_model_layer(module)
    }
    assert outside == set()


def test_the_import_contracts_are_kept():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def _names(layers: list[str], container: str = "") -> list[set[str]]:
    prefix = f"{container}." if container else ""
    return [{prefix + name.strip() for name in layer.split(":")} for layer in layers]


def test_the_layers_across_packages_name_every_module_of_each():
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    by_id = {contract["id"]: contract for contract in contracts["contracts"]}
    across = set().union(*_names(by_id["layers"]["layers"]))
    for contract_id, container in (("blog-exhaustive", "blog"), ("cms-exhaustive", "cms")):
        contract = by_id[contract_id]
        assert contract["exhaustive"] and contract["containers"] == [container]
        named = _names(contract["layers"], container)
        assert set().union(*named) <= across
        # In the same order: a layer of one package is never above its place in the other.
        in_across = [
            {name for name in layer if name.startswith(container + ".")}
            for layer in _names(by_id["layers"]["layers"])
        ]
        assert [layer for layer in in_across if layer] == named
