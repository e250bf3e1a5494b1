"""CLI sub-commands, one module each.

Every module here that exports `command` or `group` (a click.Command / click.Group) is
added to `monitor` by monitor.cli; adding a sub-command is adding a module.
"""
