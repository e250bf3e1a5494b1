"""deploy/ checked without Docker or an engine: compose references, Dockerfile sources,
systemd units (systemd-analyze verify when present), cron line, scrapy.cfg [deploy]."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from monitor.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text("utf-8"))


def test_compose_services_and_volumes_exist(compose):
    services, volumes = compose["services"], compose["volumes"]
    assert {"elasticsearch", "kibana", "worker"} <= set(services)
    for name, service in services.items():
        for dependency in service.get("depends_on", []):
            assert dependency in services, f"{name} depends on unknown service {dependency}"
        for mount in service.get("volumes", []):
            source = mount.split(":")[0]
            if source.startswith("."):
                assert source in ("./monitor.toml",), f"{name}: unexpected bind mount {source}"
            else:
                assert source in volumes, f"{name} mounts undeclared volume {source}"
        for port in service.get("ports", []):
            assert port.startswith("127.0.0.1:"), f"{name} publishes {port} beyond the host"
    used = {m.split(":")[0] for s in services.values() for m in s.get("volumes", [])}
    assert set(volumes) <= used, "declared volumes nobody mounts"


def test_compose_security_and_worker_settings(compose):
    es = compose["services"]["elasticsearch"]["environment"]
    assert "xpack.security.enabled=true" in es and "discovery.type=single-node" in es
    worker = compose["services"]["worker"]
    assert (DEPLOY / worker["build"]["context"] / worker["build"]["dockerfile"]).resolve() == DEPLOY / "Dockerfile"
    assert worker["stop_signal"] == "SIGTERM" and worker["command"][:2] == ["run", "--every"]
    example = DEPLOY / worker["env_file"].replace(".env", ".env.example")
    assert example.is_file()


def test_every_variable_in_compose_is_in_env_example():
    text = (DEPLOY / "docker-compose.yml").read_text("utf-8")
    used = set(re.findall(r"(?<!\$)\$\{([A-Z_]+)", text))
    example = {line.split("=")[0] for line in (DEPLOY / ".env.example").read_text().splitlines()
               if re.match(r"[A-Z_]+=", line)}
    assert used and used <= example, used - example


def test_dockerfile_copies_existing_paths_and_runs_the_cli():
    text = (DEPLOY / "Dockerfile").read_text("utf-8")
    sources = [line.split()[1] for line in text.splitlines() if line.startswith("COPY ")]
    assert sources and all((ROOT / s).exists() for s in sources), sources
    assert 'ENTRYPOINT ["monitor"' in text and "USER monitor" in text


@pytest.mark.parametrize("argv", [["run", "--every", "30m"], ["run", "--once"], ["web", "--host", "0.0.0.0"]])
def test_commands_in_deploy_files_exist_in_the_cli(argv):
    ctx = main.make_context("monitor", ["-v", *argv])
    command = main.get_command(ctx, argv[0])
    assert command is not None
    command.make_context(argv[0], argv[1:], parent=ctx)  # raises on an unknown option


def test_example_config_loads_with_its_rules(tmp_path):
    from monitor.alerts.mailer import load_smtp
    from monitor.alerts.rules import load_rules
    from monitor.config import load_config

    config = load_config(DEPLOY / "monitor.example.toml", tmp_path / "x.db")
    assert [r.name for r in load_rules(config)] == ["almaty-negative", "morning-digest"]
    assert load_smtp(config).admin == "ops@example.kz"


def test_cron_line_runs_once_as_the_service_user():
    lines = [x for x in (DEPLOY / "cron" / "akim-monitor").read_text().splitlines() if x and x[0] in "*0123456789"]
    assert len(lines) == 1
    fields = lines[0].split(None, 6)
    assert fields[:5] == ["*/30", "*", "*", "*", "*"] and fields[5] == "akim-monitor"
    assert "monitor -v run --once" in fields[6]


def test_scrapy_cfg_has_a_deploy_section():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "scrapy.cfg")
    assert cfg["settings"]["default"] == "monitor.settings"
    assert cfg["deploy"]["project"] == "akim-monitor" and cfg["deploy"]["url"].startswith("http")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_units_verify(tmp_path):
    """Paths that exist only on a server are pointed at this machine's, then systemd checks the rest."""
    monitor_bin = Path(sys.executable).with_name("monitor")
    assert monitor_bin.exists()
    for unit in (DEPLOY / "systemd").iterdir():
        text = unit.read_text().replace("/opt/akim-monitor/venv/bin/monitor", str(monitor_bin))
        (tmp_path / unit.name).write_text(text)
    units = sorted(str(p) for p in tmp_path.iterdir())
    proc = subprocess.run(["systemd-analyze", "verify", *units], capture_output=True, text=True,
                          env={"SYSTEMD_LOG_LEVEL": "warning", "PATH": "/usr/bin:/bin"})
    # Lines about the absent service user or this container's own system units are not ours.
    ours = [line for line in proc.stderr.splitlines() if "akim-monitor" in line and "User" not in line]
    assert ours == [] and proc.returncode == 0, proc.stderr
