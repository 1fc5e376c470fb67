"""The house rules: storage never loads the UI, and nothing is created at import time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
UI_PACKAGES = ("textual", "rich", "tui")


def _run(script: str, env: dict[str, str]) -> str:
    full_env = {k: v for k, v in os.environ.items() if k != "SAKNAD_HOME"}
    full_env.update(env)
    full_env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(PROJECT), os.environ.get("PYTHONPATH")])
    )
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        cwd=PROJECT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


IMPORT_EVERYTHING = """
    import json, pkgutil, sys
    import storage
    names = sorted(m.name for m in pkgutil.walk_packages(storage.__path__, "storage."))
    for name in names:
        __import__(name)
    loaded = sorted(sys.modules)
    print(json.dumps({"storage": names, "loaded": loaded}))
"""


def test_storage_loads_no_ui(tmp_path):
    report = json.loads(_run(IMPORT_EVERYTHING, {"SAKNAD_HOME": str(tmp_path / "home")}))
    # The walk really found the storage modules (so the check below is not vacuous).
    for expected in (
        "storage.access",
        "storage.engine",
        "storage.journal",
        "storage.keys",
        "storage.models",
        "storage.paths",
        "storage.remember",
    ):
        assert expected in report["storage"]
        assert expected in report["loaded"]
    ui = [
        name
        for name in report["loaded"]
        if name in UI_PACKAGES or name.startswith(tuple(f"{p}." for p in UI_PACKAGES))
    ]
    assert ui == []


@pytest.mark.parametrize("package", UI_PACKAGES)
def test_the_ui_check_would_see_a_ui_import(tmp_path, package):
    """Control: importing a UI package in the same way is detected (if it is installed)."""
    script = IMPORT_EVERYTHING.replace(
        "import storage\n", f"import storage\n    import {package}\n"
    )
    try:
        report = json.loads(_run(script, {"SAKNAD_HOME": str(tmp_path / "home")}))
    except AssertionError:
        pytest.skip(f"{package} is not importable here")
    assert package in report["loaded"]


CREATE_NOTHING = """
    import json, pkgutil, storage
    from storage import paths
    for module in pkgutil.walk_packages(storage.__path__, "storage."):
        __import__(module.name)
    journal = paths.default_journal()
    print(json.dumps({
        "data": str(paths.data_dir()),
        "config": str(paths.config_dir()),
        "database": str(journal.database),
        "key_file": str(journal.key_file),
        "sidecars": [str(p) for p in journal.sidecars()],
    }))
"""


def _everything_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def test_paths_create_nothing_with_saknad_home(tmp_path):
    home = tmp_path / "not-there-yet" / "saknad"
    report = json.loads(_run(CREATE_NOTHING, {"SAKNAD_HOME": str(home)}))
    assert Path(report["data"]) == home
    assert Path(report["config"]) == home
    assert Path(report["database"]) == home / "journal.db"
    assert Path(report["key_file"]) == home / "journal.keys"
    assert not home.parent.exists()
    assert _everything_under(tmp_path) == []


def test_paths_create_nothing_in_the_platform_folders(tmp_path):
    fake_home = tmp_path / "home"
    fake_home.mkdir()
    env = {
        "HOME": str(fake_home),
        "XDG_DATA_HOME": str(fake_home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(fake_home / ".config"),
    }
    report = json.loads(_run(CREATE_NOTHING, env))
    assert Path(report["data"]).is_relative_to(fake_home)
    assert Path(report["config"]).is_relative_to(fake_home)
    assert "saknad" in report["data"]
    assert _everything_under(fake_home) == []


def test_saknad_home_in_this_session_is_not_the_real_home():
    from storage.paths import data_dir

    assert data_dir() != Path.home()
    assert not data_dir().is_relative_to(Path.home() / ".local")


def _lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """import-linter on the tree in `folder`, with that tree first on the import path."""
    return subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports"))],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_import_contracts_hold():
    """import-linter (pyproject.toml): storage never imports tui, textual or rich; screens,
    dialogs and widgets never import sqlmodel, sqlalchemy or sqlcipher3 themselves; the
    report renderers (tui.render) never import textual or rich."""
    result = _lint_imports(PROJECT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "3 kept, 0 broken" in result.stdout


def test_the_import_contracts_would_see_a_breach(tmp_path):
    """The same contracts on a copy of the tree in which storage imports textual fail."""
    import shutil

    for name in ("storage", "tui"):
        shutil.copytree(PROJECT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(PROJECT / "pyproject.toml", tmp_path / "pyproject.toml")
    breach = tmp_path / "storage" / "clock.py"
    breach.write_text("import textual  # noqa: F401\n" + breach.read_text(encoding="utf-8"))
    renderer = tmp_path / "tui" / "render" / "report_words.py"
    renderer.write_text("import rich  # noqa: F401\n" + renderer.read_text(encoding="utf-8"))
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "storage.clock -> textual" in result.stdout
    assert "tui.render.report_words -> rich" in result.stdout
