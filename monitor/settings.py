"""Scrapy settings of akim-monitor: all crawl defaults in one place.

`scrapy crawl <outlet>` reads this module (scrapy.cfg); `monitor crawl`
starts from it too and layers the typed config on top (crawl_settings()).
"""

from __future__ import annotations

BOT_NAME = "akim-monitor"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
SPIDER_LOADER_CLASS = "monitor.spiderloader.OutletSpiderLoader"

# The contact is appended from config (crawl.contact / MONITOR_CONTACT).
USER_AGENT = "akim-monitor/0.1 (+https://github.com/akim-monitor/akim-monitor)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20 * 1024 * 1024
RETRY_TIMES = 3
RETRY_GIVE_UP_LOG_LEVEL = "INFO"  # the spider reports the failure itself, in one line
MONITOR_RETRY_BACKOFF_BASE = 2.0
MONITOR_RETRY_BACKOFF_MAX = 60.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # an open local port per crawl is not wanted on a server
LOG_LEVEL = "INFO"
LOG_VERSIONS: list[str] = []  # the library versions banner; `pip list` tells it better
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.middlewares.BackoffRetryMiddleware": 550,
    "spiders.middlewares.ConditionalGetMiddleware": 560,
    "spiders.middlewares.RedirectLoopMiddleware": 610,  # sees a 3xx before Scrapy's RedirectMiddleware (600)
}
SPIDER_MIDDLEWARES = {
    "spiders.middlewares.SeenArticlesMiddleware": 600,
}
ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.language.LanguagePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.mentions.MentionsPipeline": 400,
    "pipelines.sentiment.SentimentPipeline": 500,
    "pipelines.registry_changes.RegistryChangesPipeline": 700,  # before the store: see the module
    "pipelines.store.StorePipeline": 800,
    "pipelines.index.IndexPipeline": 900,  # off (NotConfigured) unless [engine] is configured
    "pipelines.alert.AlertPipeline": 950,  # off unless the long-lived worker runs (monitor/liveworker.py)
}
EXTENSIONS = {
    "monitor.crawlstore.StoreExtension": 0,  # the store connection the components share
    "scrapy.extensions.logstats.LogStats": None,  # replaced by a per-outlet progress line
    "monitor.report.ProgressExtension": 500,
}
MONITOR_PROGRESS_INTERVAL = 15.0
LOG_FORMATTER = "monitor.report.ReadableLogFormatter"
