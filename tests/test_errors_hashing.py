"""The package raises its own errors (CLI exit 2), hashes in one module, reads apart from build."""

import ast
from pathlib import Path

import pytest

import sahel_analysis
from sahel_analysis import data, hashing
from sahel_analysis.cli import EXIT_USAGE, main
from sahel_analysis.exceptions import SahelAnalysisError

ROOT = Path(sahel_analysis.__file__).parent
# pydantic turns a validator's ValueError into the ParameterError the user sees
VALIDATORS = {"params.py", "catalog.py", "project.py"}  # pydantic validators raise ValueError


def test_no_bare_value_or_key_errors_in_the_package():
    bare = []
    for path in ROOT.rglob("*.py"):
        if path.name in VALIDATORS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and \
                    getattr(node.exc.func, "id", "") in ("ValueError", "KeyError"):
                bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bare == []


@pytest.mark.parametrize("call", [
    lambda: data.events(source="gdelt"),
    lambda: data.timeline_turn("no_such_key"),
    lambda: data.boundaries(level=1),
    lambda: data.timeline(categories=["weather"]),
])
def test_bad_arguments_raise_the_package_error_and_stay_value_or_key_errors(call):
    with pytest.raises(SahelAnalysisError) as caught:
        call()
    assert isinstance(caught.value, ValueError | KeyError)


def test_a_package_error_is_exit_2_at_the_cli(capsys, monkeypatch):
    from sahel_analysis.exceptions import InvalidArgumentError

    def bad(args):
        raise InvalidArgumentError("by must be 'year' or 'month'")

    monkeypatch.setattr("sahel_analysis.cli._cmd_list", bad)
    assert main(["list"]) == EXIT_USAGE
    assert "by must be" in capsys.readouterr().err


def test_hashing_lives_in_one_module(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"abc")
    expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert hashing.sha256_of(path) == hashing.sha256_bytes(b"abc") == expected
    assert hashing.hash_json({"b": 1, "a": 2}) == hashing.hash_json({"a": 2, "b": 1})
    users = [p.relative_to(ROOT).as_posix() for p in ROOT.rglob("*.py")
             if "import hashlib" in p.read_text(encoding="utf-8")]
    assert users == ["hashing.py"]


def test_hand_written_tables_are_read_by_data_not_build():
    source = (ROOT / "data.py").read_text(encoding="utf-8")
    assert "sahel_analysis.build" not in source
    assert set(data.HAND_WRITTEN) == {"timeline", "actor_families", "places", "published_tolls",
                                      "liptako_gourma_regions"}
