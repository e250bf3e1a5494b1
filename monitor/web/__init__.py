"""`monitor web`: search, charts, person pages and saved searches in the browser.

Server-rendered (Starlette + Jinja2, autoescaped), no JavaScript, no CDN.
"""

from monitor.web.app import create_app

__all__ = ["create_app"]
