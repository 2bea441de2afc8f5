"""docs/ci.md is true: the documented pre-commit hook runs against a scratch responses repository."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SAMPLES

DOC = (ROOT / "docs" / "ci.md").read_text("utf-8")


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def test_the_github_workflow_installs_tesseract_and_pins_no_missing_tag() -> None:
    workflow = yaml.safe_load(re.search(r"```yaml\n(# \.github/workflows.*?)```", DOC, re.S)[1])
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert any("tesseract-ocr-swe" in run for run in runs)
    assert not any("@v0.1.0" in run for run in runs)  # the repository has no tags


@pytest.mark.slow  # pre-commit builds remisskoll's environment from a clone (about a minute)
def test_the_documented_pre_commit_hook_runs_in_a_scratch_repository(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    config = yaml.safe_load(re.search(r"```yaml\n(# \.pre-commit-config\.yaml.*?)```", DOC, re.S)[1])
    (repo,) = config["repos"]
    assert re.fullmatch(r"[0-9a-f]{40}", repo["rev"]), "rev must be a full commit id (there are no tags)"
    _git(ROOT, "cat-file", "-e", f"{repo['rev']}^{{commit}}")  # and one that exists here
    # The documented config, pointed at this repository's committed HEAD instead of the example URL.
    repo["repo"], repo["rev"] = str(ROOT), _git(ROOT, "rev-parse", "HEAD")

    responses = tmp_path / "responses-repo"
    (responses / "responses").mkdir(parents=True)
    _git(responses, "init", "-q")
    _git(responses, "config", "user.email", "analys@example.org")
    _git(responses, "config", "user.name", "Analys")
    (responses / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), "utf-8")
    shutil.copy(SAMPLES / "norrby-kommun.pdf", responses / "responses" / "norrby-kommun.pdf")
    env = os.environ | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    venv_bin = str(Path(sys.executable).parent)  # remisskoll for the snapshot; the hook uses its own
    subprocess.run(
        [
            f"{venv_bin}/remisskoll",
            "snapshot",
            "responses/norrby-kommun.pdf",
            "-o",
            "remisskoll-baseline.json",
        ],
        cwd=responses,
        env=env,
        check=True,
        capture_output=True,
    )
    _git(responses, "add", ".")

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [f"{venv_bin}/pre-commit", "run", "--all-files"],
            cwd=responses,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    passed = hook()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"remisskoll check\.+Passed", passed.stdout)

    # A baseline that says otherwise: the hook fails and names the changed cell.
    baseline = responses / "remisskoll-baseline.json"
    data = json.loads(baseline.read_text("utf-8"))
    cell = data["responses"][0]["stances"]["avtal"]
    assert cell["stance"] == "positive"
    cell["stance"] = "negative"
    baseline.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    _git(responses, "add", ".")
    failed = hook()
    assert failed.returncode == 1
    assert re.search(r"remisskoll check\.+Failed", failed.stdout)
    assert "avtal" in failed.stdout
