"""Every option and argument of every `monitor` command, given extreme values: a clear
one-line error and a non-zero exit, never a traceback (issue 19, defect 7)."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from monitor.cli import main

EXTREME = ["99999999999999999999", "-99999999999999999999", "0", "-1", "0001-01-01", "9999-12-31",
           "99999999999999d", "1x", "nan", "inf", "-inf", "\x00", "", " ", "²", "a" * 5000, "%s%n{0}",
           "../../../../etc/passwd", "/proc/nope/x.db", "9" * 5000]

# Commands safe and quick to run to the end here: no network, no server, no model loading
# (analyze is run below with the values that reached it).
RUNNABLE = {"search", "akims list", "akims find", "akims check", "alerts check", "alerts preview",
            "reprocess", "sync"}


def walk(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # the top group imports its commands when asked
        command = group.get_command(ctx, name)
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from walk(command, path)
        else:
            yield path, command


def placeholder(param: click.Parameter) -> str:
    if isinstance(param.type, click.Choice):
        return str(param.type.choices[0])
    return "x"


def required_args(command: click.Command, skip: click.Parameter) -> list[str]:
    args = []
    for param in command.params:
        if param is not skip and isinstance(param, click.Argument) and param.required:
            args.append(placeholder(param))
    return args


def cases(only: set[str] | None = None):
    for path, command in walk(main):
        if only is not None and " ".join(path) not in only:
            continue
        for param in command.params:
            if getattr(param, "is_flag", False) or param.name == "help":
                continue
            for value in EXTREME:
                yield pytest.param(path, command, param, value, id=f"{' '.join(path)}-{param.name}-{value[:12]!r}")


def arguments_for(command: click.Command, param: click.Parameter, value: str) -> list[str]:
    """The value in `param`, and placeholders for the required arguments."""
    if isinstance(param, click.Argument):
        return [value if p is param else placeholder(p) for p in command.params
                if isinstance(p, click.Argument) and (p.required or p is param)]
    return [param.opts[0], value, *required_args(command, param)]


@pytest.mark.parametrize(("path", "command", "param", "value"), list(cases()))
def test_every_option_parser_refuses_extreme_values_cleanly(path, command, param, value):
    args = arguments_for(command, param, value)
    try:
        command.make_context(" ".join(path), list(args))
    except click.ClickException:
        pass  # a usage error: one line, exit code 2


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli")
    (path / "monitor.toml").write_text('[[alerts.rules]]\nname = "r"\nrecipients = ["a@b.kz"]\n', "utf-8")
    from monitor.store import open_store

    with open_store(path / "x.db"):
        pass
    return path


@pytest.mark.parametrize(("path", "command", "param", "value"), list(cases(RUNNABLE)))
def test_commands_run_with_extreme_values_end_in_a_message_not_a_traceback(workdir, path, command, param, value):
    args = arguments_for(command, param, value)
    result = CliRunner().invoke(main, ["--config", str(workdir / "monitor.toml"), "--db", str(workdir / "x.db"),
                                       *path, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{' '.join(path)} {args[:2]!r}: {result.exception!r}")


CLI = [sys.executable, "-c", "from monitor.cli import main; main()"]


@pytest.mark.parametrize(("config", "args"), [
    ("", ["search", "--since", "0001-01-01"]),
    ("", ["search", "--until", "9999-12-31"]),
    ("", ["search", "--limit", "99999999999999999999"]),
    ('[smtp]\ntimeout = "abc"\n', ["alerts", "check"]),
    ('db = "/proc/nope/x.db"\n', ["run", "--once", "--no-crawl"]),
    ("", ["run", "--every", "99999999999999d"]),
    ("", ["analyze", "/proc/nope/page.html"]),
    ('[[alerts.rules]]\nname = "r"\nrecipients = ["a@b.kz"]\nbackfill = "99999999999d"\n', ["alerts", "check"]),
])
def test_the_probes_values_give_one_line_and_a_non_zero_exit(tmp_path, config, args):
    path = tmp_path / "monitor.toml"
    path.write_text(config, "utf-8")
    db = [] if "db =" in config else ["--db", str(tmp_path / "x.db")]
    if db:
        from monitor.store import open_store

        with open_store(tmp_path / "x.db"):
            pass  # an existing store, so that the value itself is what gets tested
    proc = subprocess.run([*CLI, "--config", str(path), *db, *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0, proc.stderr
    assert "Traceback" not in proc.stderr and "Error" in proc.stderr or "Ошибка" in proc.stderr, proc.stderr


def test_analyze_refuses_a_path_with_a_nul_byte_in_one_line(workdir):
    result = CliRunner().invoke(main, ["--db", str(workdir / "x.db"), "analyze", "no\x00such.html"])
    assert result.exit_code == 2 and "Ошибка: cannot read" in result.output
