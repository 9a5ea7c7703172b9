"""The GitHub Actions workflow: valid YAML with what Pages deployment needs."""
from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def steps(workflow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    return list(workflow["jobs"][job]["steps"])


def uses(step: dict[str, Any]) -> str:
    return str(step.get("uses", "")).split("@")[0]


def test_triggers(workflow: dict[str, Any]) -> None:
    on = workflow.get("on", workflow.get(True))     # YAML 1.1 reads a bare 'on' as true
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on


def test_permissions_and_concurrency(workflow: dict[str, Any]) -> None:
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"


def test_build_job(workflow: dict[str, Any]) -> None:
    build = steps(workflow, "build")
    names = [uses(s) for s in build]
    order = ["actions/checkout", "actions/setup-python", "actions/configure-pages",
             "actions/upload-pages-artifact"]
    assert [n for n in names if n in order] == order
    python = next(s for s in build if uses(s) == "actions/setup-python")["with"]
    assert str(python["python-version"]) == "3.11" and python["cache"] == "pip"
    pages_id = next(s for s in build if uses(s) == "actions/configure-pages")["id"]
    make = next(s for s in build if s.get("run", "").strip() == "make build")
    assert make["env"]["NEWSDIGEST_BASE_URL"] == f"${{{{ steps.{pages_id}.outputs.base_url }}}}"
    assert names.index("actions/configure-pages") < build.index(make) < names.index("actions/upload-pages-artifact")
    upload = next(s for s in build if uses(s) == "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"


def test_deploy_job(workflow: dict[str, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    step = next(s for s in deploy["steps"] if uses(s) == "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


def test_every_action_is_pinned_to_a_version(workflow: dict[str, Any]) -> None:
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                assert "@v" in step["uses"], step["uses"]
