"""Data flows one way: the model layer imports nothing above it (no services, selectors,
API, admin UI or site code), so that models can be read and tested on their own and no
import circle runs through them."""

from __future__ import annotations

import ast
from pathlib import Path

BLOG = Path(__file__).resolve().parent.parent / "blog"
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
