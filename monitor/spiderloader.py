"""Spiders from the outlet registry: one per outlet, no code per outlet.

`scrapy list` / `scrapy crawl <outlet>` work as Scrapy users expect. A spider
class in SPIDER_MODULES whose `name` is an outlet id takes the place of the
generated one, which is how an outlet gets a hook.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader

from monitor.config import config_from_settings
from spiders.outlet import OutletSpider


class OutletSpiderLoader:
    def __init__(self, settings: BaseSettings):
        self._code = SpiderLoader(settings)  # hand-written spiders and outlet hooks
        config = config_from_settings(settings)
        self._spiders: dict[str, type[Spider]] = {}
        for outlet_id, outlet in config.outlets.items():
            self._spiders[outlet_id] = self._spider_class(outlet_id, outlet.name)
        for name in self._code.list():
            self._spiders[name] = self._code.load(name)

    @staticmethod
    def _spider_class(outlet_id: str, title: str) -> type[OutletSpider]:
        class_name = "".join(part.capitalize() for part in outlet_id.split("_")) + "Spider"
        attrs = {"name": outlet_id, "outlet_id": outlet_id, "__doc__": f"Crawls {title}."}
        return type(class_name, (OutletSpider,), attrs)

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> OutletSpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type[Spider]:
        try:
            return self._spiders[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        return sorted(self._spiders)

    def find_by_request(self, request: Request) -> list[str]:
        return [name for name, cls in self._spiders.items() if cls.handles_request(request)]
