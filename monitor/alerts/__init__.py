"""Email alerts on new mentions, and operational alerts for the admin.

Modules, one job each: rules (config -> AlertRule), schedule (digest slots,
durations), matching (which mentions are new for a rule), compose (entries
grouped by akim, reprints once), highlight (the matched snippet), render
(subject and Jinja2 templates), addresses (non-ASCII ones: IDNA, SMTPUTF8),
mailer (SMTP or fake), outbox (state and exactly-once delivery: read its
docstring), ops (admin checks), service (one pass over all of it).
"""

from monitor.alerts.rules import AlertRule, RuleFilters, load_rules
from monitor.alerts.service import AlertReport, run_alerts

__all__ = ["AlertReport", "AlertRule", "RuleFilters", "load_rules", "run_alerts"]
