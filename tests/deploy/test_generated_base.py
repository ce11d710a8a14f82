"""base/, overlays/production/operators/ and deploy/compose.yaml are the generator's output;
every YAML file parses."""

from __future__ import annotations

import importlib.util

from _manifests import BASE, K8S, SERVICES, load_all


def test_base_is_what_the_generator_renders() -> None:
    spec = importlib.util.spec_from_file_location("crm_k8s_generate", K8S / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rendered = module.render()
    generated_dirs = {BASE, K8S / "overlays" / "production" / "operators"}
    on_disk = {
        str(p.relative_to(K8S)): p.read_text() for d in generated_dirs for p in d.glob("*.yaml")
    }
    on_disk["../compose.yaml"] = (K8S.parent / "compose.yaml").read_text()
    for name in SERVICES:  # the services' Dockerfiles (the gateway's is written by hand)
        on_disk[f"../images/{name}/Dockerfile"] = (
            K8S.parent / "images" / name / "Dockerfile"
        ).read_text()
    assert set(rendered) == set(on_disk), "a generated directory has files the generator lacks"
    stale = sorted(n for n, text in rendered.items() if on_disk[n] != text)
    assert not stale, f"run .venv/bin/python deploy/k8s/generate.py; stale: {stale}"
    assert sorted(module.SERVICES) == sorted(SERVICES)


def test_every_yaml_file_parses() -> None:
    files = sorted(K8S.rglob("*.yaml"))
    assert len(files) >= 10
    for f in files:
        for doc in load_all(f):
            assert isinstance(doc, dict), f"{f}: a document that is not a mapping"
            if f.name != "traefik-values.yaml":
                assert doc.get("apiVersion") and doc.get("kind"), f"{f}: apiVersion/kind missing"
