"""Cyclomatic complexity of every function (radon), counted per grade, at any revision.

    python bench/complexity.py [--rev REV] [--check] [PATH ...]   # default: the working tree, toolkit bench

Prints how many functions and methods fall in each radon grade (A 1-5, B 6-10, C 11-20,
D 21-30, E 31-40, F 41+) and lists every one above C with its score. The project keeps
every function at C or better; one that stays above C says why in its docstring, and is
marked here with ``(reason given)``. With ``--rev`` the files are read from git, so two
revisions compare without a checkout.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from collections import Counter
from pathlib import Path

from radon.complexity import cc_rank, cc_visit
from radon.visitors import Class, Function

ROOT = Path(__file__).resolve().parents[1]
GRADES = "ABCDEF"
REASON = "complexity:"  # a docstring that explains why a function stays above C says it after this word


def sources(rev: str | None, paths: list[str]) -> dict[str, str]:
    """The Python files under the paths, as text: from git at ``rev``, or from the working tree."""
    if rev is None:
        return {str(p.relative_to(ROOT)): p.read_text("utf-8") for top in paths for p in sorted((ROOT / top).rglob("*.py"))}
    names = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", rev, "--", *paths], cwd=ROOT, capture_output=True, text=True, check=True
    )
    found = {}
    for name in names.stdout.split():
        if name.endswith(".py"):
            found[name] = subprocess.run(
                ["git", "show", f"{rev}:{name}"], cwd=ROOT, capture_output=True, text=True, check=True
            ).stdout
    return found


def functions(text: str) -> list[Function]:
    """Every function and method, nested ones included (each scored on its own)."""
    found: dict[tuple[int, str], Function] = {}  # radon lists a method with its class and on its own

    def walk(blocks: list[Function | Class]) -> None:
        for block in blocks:
            if isinstance(block, Class):
                walk(block.methods + block.inner_classes)
            else:
                found[block.lineno, block.name] = block
                walk(block.closures)

    walk(cc_visit(text))
    return list(found.values())


def explained(text: str, function: Function) -> bool:
    """Whether the function's docstring gives the reason it stays above C."""
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.lineno == function.lineno:
            return REASON in (ast.get_docstring(node) or "")
    return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["toolkit", "bench"])
    parser.add_argument("--rev", help="a git revision (default: the working tree)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a function above C gives no reason")
    args = parser.parse_args()
    counts: Counter[str] = Counter()
    above: list[tuple[int, str]] = []
    for name, text in sources(args.rev, args.paths).items():
        for function in functions(text):
            grade = cc_rank(function.complexity)
            counts[grade] += 1
            if grade > "C":
                note = "  (reason given)" if explained(text, function) else ""
                label = f"{function.classname}.{function.name}" if function.classname else function.name
                above.append((function.complexity, f"{grade} {function.complexity:3} {name}:{function.lineno} {label}{note}"))
    print(f"{args.rev or 'working tree'}: {sum(counts.values())} functions in {' '.join(args.paths)}")
    print("  ".join(f"{grade} {counts[grade]}" for grade in GRADES))
    for _, line in sorted(above, reverse=True):
        print(line)
    unexplained = sum(1 for _, line in above if not line.endswith("(reason given)"))
    print(f"{len(above)} above C, {unexplained} without a reason in the docstring")
    return 1 if args.check and unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
