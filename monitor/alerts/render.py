"""Emails from batches: Russian subject with correct plurals, Jinja2 HTML and text parts."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime, make_msgid

import jinja2

from monitor.alerts.addresses import idna_address, needs_smtputf8
from monitor.alerts.compose import AkimGroup, Batch

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("monitor", "templates"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural form: 1 упоминание, 2 упоминания, 5 упоминаний, 11 упоминаний, 21 упоминание."""
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def surname(name: str) -> str:
    """'Ерболат Досаев' -> 'Досаев'; 'Досаев Ерболат Аскарбекович' -> 'Досаев'."""
    parts = name.split()
    if len(parts) == 3 and parts[2].lower().endswith(("вич", "вна", "ична", "ұлы", "улы", "қызы", "кызы")):
        return parts[0]
    return parts[-1] if parts else name


def subject(groups: list[AkimGroup], shown: int = 3) -> str:
    """'3 новых упоминания: Досаев (2 негативных), Касымбек и ещё 2'."""
    total = sum(len(g.entries) for g in groups)
    head = f"{total} {plural(total, 'новое упоминание', 'новых упоминания', 'новых упоминаний')}"
    ranked = sorted(groups, key=lambda g: (-len(g.entries), -g.negatives, g.name))
    names = [_who(g) for g in ranked[:shown]]
    rest = len(ranked) - shown
    tail = ", ".join(names) + (f" и ещё {rest}" if rest > 0 else "")
    return f"{head}: {tail}" if tail else head


def _who(group: AkimGroup) -> str:
    n = group.negatives
    if not n:
        return surname(group.name)
    return f"{surname(group.name)} ({n} {plural(n, 'негативное', 'негативных', 'негативных')})"


def render_batch(batch: Batch, sender: str, recipient: str, now: datetime) -> EmailMessage:
    context = {"batch": batch, "rule": batch.rule, "groups": batch.groups, "plural": plural}
    return build_message(
        subject(batch.groups), sender, recipient, now,
        text=_env.get_template("alert.txt.j2").render(context),
        html=_env.get_template("alert.html.j2").render(context),
        headers={"X-Akim-Monitor-Rule": batch.rule.name},
    )


def render_ops(problems: list[str], sender: str, recipient: str, now: datetime) -> EmailMessage:
    count = len(problems)
    title = f"akim-monitor: {count} {plural(count, 'проблема', 'проблемы', 'проблем')} в работе"
    text = _env.get_template("ops.txt.j2").render({"problems": problems})
    return build_message(title, sender, recipient, now, text=text, html=None,
                         headers={"X-Akim-Monitor-Rule": "!ops"})


def build_message(subject_line: str, sender: str, recipient: str, now: datetime, *, text: str,
                  html: str | None, headers: dict[str, str]) -> EmailMessage:
    sender, recipient = idna_address(sender), idna_address(recipient)
    # An address is no place for =?utf-8?...?= words: what IDNA leaves non-ASCII needs UTF-8 headers.
    msg = EmailMessage(policy=SMTPUTF8 if needs_smtputf8(sender, recipient) else SMTP)
    msg["Subject"] = subject_line
    msg["From"] = sender
    msg["To"] = recipient
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "akim-monitor")
    for key, value in headers.items():
        msg[key] = value
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg
