"""`monitor web`: serve the search page, charts and saved searches."""

from __future__ import annotations

import ipaddress
import logging

import click

log = logging.getLogger(__name__)
MAX_REQUEST_HEAD = 1024 * 1024


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def pick_search(config):  # noqa: ANN001, ANN201 - Config -> SearchFn | None
    """The engine's search when `[engine]` is configured and its module is present, else None (SQLite)."""
    try:
        from monitor.engines.settings import engine_config
    except ImportError:
        return None
    if engine_config(config) is None:
        return None
    try:
        from monitor.engines import engine_search
    except ImportError:
        log.warning("[engine] is configured but monitor.engines.engine_search is missing; searching SQLite")
        return None
    click.echo("Поиск идёт через поисковый движок из секции [engine].", err=True)
    return lambda query: engine_search(config, query)


@click.command("web")
@click.option("--host", default="127.0.0.1", show_default=True, help="Адрес для входящих подключений.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(1, 65535), help="Порт.")
@click.option("--hash-password", is_flag=True,
              help="Запросить пароль и вывести его хэш для секции [web.users] конфигурации.")
@click.pass_context
def command(ctx: click.Context, host: str, port: int, hash_password: bool) -> None:
    """Веб-интерфейс: поиск, графики, страницы акимов, сохранённые поиски и оповещения."""
    from monitor.web import settings

    if hash_password:
        password = click.prompt("Пароль", hide_input=True, confirmation_prompt=True)
        click.echo(settings.hash_password(password))
        return
    import uvicorn

    from monitor.akims.settings import local_registry_path
    from monitor.config import load_config
    from monitor.web import create_app

    config = load_config(ctx.obj.get("config_path"), ctx.obj.get("db"))
    # No must_exist here, unlike search: on a new server the web container may start
    # before the worker's first crawl has made the store.
    web = settings.web_config_of(config)
    _warn(host, web)
    app = create_app(config.db_path, web, search=pick_search(config),
                     outlets={oid: o.name for oid, o in config.outlets.items()},
                     secure_cookies=not is_loopback(host), registry_file=local_registry_path(config),
                     config_rule_names=lambda: config_rule_names(config, web), config=config)
    click.echo(f"Веб-интерфейс: http://{host}:{port}/  (база: {config.db_path}; остановить: Ctrl+C)")
    # h11 with room for a long request line: an over-long URL reaches the app, which answers
    # 414 with its page, instead of the parser's bare 400 or a reset connection.
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False,
                http="h11", h11_max_incomplete_event_size=MAX_REQUEST_HEAD)


def config_rule_names(config, web) -> set[str]:  # noqa: ANN001 - Config, WebConfig
    """Names of the configuration's alert rules, the web's own export file left out."""
    from monitor.alerts.rules import load_rule_sets
    from monitor.errors import ConfigError

    own = str(web.alert_rules_file) if web.alert_rules_file else None
    try:
        rules = load_rule_sets(config)[0]
    except ConfigError:  # the whole [alerts] table is broken: `alerts check` says so, not every form
        return set()
    return {r.name for r in rules if r.source != own}


def _warn(host: str, web) -> None:  # noqa: ANN001 - WebConfig
    if not is_loopback(host) and not web.login_required:
        click.secho(
            f"ВНИМАНИЕ: сервер доступен по адресу {host} БЕЗ ВХОДА ПО ПАРОЛЮ: любой в сети увидит поиск "
            "и сможет менять сохранённые поиски и оповещения. Добавьте пользователей в [web.users] "
            "(хэш: monitor web --hash-password) или запустите с --host 127.0.0.1.",
            fg="red", bold=True, err=True,
        )
    if not is_loopback(host):
        click.echo("Cookie сессии помечены Secure: откройте интерфейс через HTTPS (обратный прокси).", err=True)
    if web.login_required and not web.secret_from_env:
        from monitor.web.settings import SECRET_ENV

        click.echo(f"{SECRET_ENV} не задан: ключ сессий случайный, после перезапуска нужно войти снова.", err=True)
