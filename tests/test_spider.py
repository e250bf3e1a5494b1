"""The outlet spider as `scrapy crawl` builds it."""

from __future__ import annotations

from scrapy.utils.test import get_crawler

from monitor.config import load_config
from monitor.spiderloader import OutletSpiderLoader
from spiders.outlet import OutletSpider, network_error_key


def test_every_outlet_has_a_spider_named_after_it():
    settings = get_crawler(settings_dict={"MONITOR_CONFIG_OBJECT": load_config(None, "x.db")}).settings
    loader = OutletSpiderLoader.from_settings(settings)
    assert loader.list() == sorted(load_config(None, "x.db").outlets)
    assert {"bnews", "nur", "ratel", "tengrinews", "orda", "lada"} <= set(loader.list())
    assert issubclass(loader.load("nur"), OutletSpider) and issubclass(loader.load("orda"), OutletSpider)


def test_since_from_the_command_line_is_local_time():
    spider = OutletSpider(name="ratel", since="2025-03-01")
    assert spider.since.isoformat() == "2025-03-01T00:00:00+05:00"


def test_network_errors_get_readable_keys():
    from twisted.internet.error import ConnectionRefusedError, DNSLookupError, TCPTimedOutError

    assert network_error_key(ConnectionRefusedError()) == "connection_refused"
    assert network_error_key(DNSLookupError()) == "dns_lookup_failed"
    assert network_error_key(TCPTimedOutError()) == "timeout"

    from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError

    # Scrapy's own wrappers, as an offline crawl meets them.
    assert network_error_key(CannotResolveHostError()) == "dns_lookup_failed"
    assert network_error_key(DownloadConnectionRefusedError()) == "connection_refused"
    assert network_error_key(DownloadTimeoutError()) == "timeout"
