"""docker/k8s/: every manifest validates (strict: unknown fields are errors) with
kubernetes-validate against a current Kubernetes and the oldest one still common, and the
pieces fit together (selectors, probes on /ready and /health, non-root, read-only root,
the archive URL from a Secret, the optional rules component)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from kutip.api.config import ENVIRONMENT

K8S = Path(__file__).resolve().parents[1] / "docker" / "k8s"
# The newest schema set the installed kubernetes-validate ships, and 1.30.
VERSIONS = [kubernetes_validate.latest_version(), "1.30.0"]


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, dict), path
    return data


def _resources() -> dict[str, dict[str, Any]]:
    kustomization = _load(K8S / "kustomization.yaml")
    return {name: _load(K8S / name) for name in kustomization["resources"]}


def _by_kind() -> dict[str, dict[str, Any]]:
    return {r["kind"]: r for r in _resources().values()}


def _with_rules_component(deployment: dict[str, Any]) -> dict[str, Any]:
    """The Deployment with docker/k8s/rules/ applied (its strategic-merge patch only adds list
    entries: containers are matched by name, the rest appended)."""
    patch = _load(K8S / "rules" / "deployment-patch.yaml")["spec"]["template"]["spec"]
    merged = copy.deepcopy(deployment)
    spec = merged["spec"]["template"]["spec"]
    spec.setdefault("initContainers", []).extend(patch["initContainers"])
    spec.setdefault("volumes", []).extend(patch["volumes"])
    for extra in patch["containers"]:
        container = next(c for c in spec["containers"] if c["name"] == extra["name"])
        for key in ("env", "volumeMounts"):
            container.setdefault(key, []).extend(extra[key])
    return merged


def test_kustomization_lists_every_manifest() -> None:
    listed = set(_load(K8S / "kustomization.yaml")["resources"])
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk
    component = _load(K8S / "rules" / "kustomization.yaml")
    assert component["kind"] == "Component"
    assert all((K8S / "rules" / p["path"]).is_file() for p in component["patches"])


@pytest.mark.parametrize("version", VERSIONS)
def test_manifests_validate(version: str) -> None:
    deployment = _by_kind()["Deployment"]
    documents = [*_resources().values(), _with_rules_component(deployment)]
    for document in documents:
        kubernetes_validate.validate(document, version, strict=True)


def test_validation_catches_a_broken_manifest() -> None:
    deployment = copy.deepcopy(_by_kind()["Deployment"])
    deployment["spec"]["template"]["spec"]["containers"][0]["readinessprobe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, VERSIONS[0], strict=True)


def test_the_pieces_fit_together() -> None:
    kinds = _by_kind()
    deployment, service = kinds["Deployment"], kinds["Service"]
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert service["spec"]["selector"].items() <= labels.items()
    assert kinds["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items() <= labels.items()
    target = kinds["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", deployment["metadata"]["name"])
    (metric,) = kinds["HorizontalPodAutoscaler"]["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"

    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    (port,) = container["ports"]
    assert port["containerPort"] == 8000 and service["spec"]["ports"][0]["targetPort"] == "http"
    assert container["readinessProbe"]["httpGet"] == {"path": "/ready", "port": port["name"]}
    assert container["livenessProbe"]["httpGet"] == {"path": "/health", "port": port["name"]}
    assert container["resources"]["requests"]["cpu"] and container["resources"]["limits"]["cpu"]
    # The image's user; nothing written outside the /tmp emptyDir.
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] == 10001
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert [m["mountPath"] for m in container["volumeMounts"]] == ["/tmp"]
    # gunicorn must count workers from the CPU limit (kutip.cpus), so nothing pins them.
    env = {e["name"]: e for e in container["env"]}
    assert "KUTIP_WORKERS" not in env
    ref = env["KUTIP_DATABASE_URL"]["valueFrom"]["secretKeyRef"]
    assert ref["name"] and ref["key"] and ref["optional"] is True
    assert 40 >= pod["terminationGracePeriodSeconds"] > 30  # past gunicorn's graceful timeout


def test_rules_component_serves_a_plain_folder_at_kutip_rules_dir() -> None:
    pod = _with_rules_component(_by_kind()["Deployment"])["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["KUTIP_RULES_DIR"] in {m["mountPath"] for m in container["volumeMounts"]}
    assert "KUTIP_RULES_DIR" in {name for name, _ in ENVIRONMENT.values()}
    (init,) = pod["initContainers"]
    script = init["command"][-1]
    assert "/rules/lexicon" in script and "/rules/sieves" in script
    shared = {m["name"] for m in init["volumeMounts"]} & {
        m["name"] for m in container["volumeMounts"]
    }
    assert shared == {"rules"}
    config_maps = {v["configMap"]["name"] for v in pod["volumes"] if "configMap" in v}
    assert config_maps == {"kutip-rules-lexicon", "kutip-rules-sieves"}
