"""The long-lived worker (`monitor run --every`) against replica outlets and a real SMTP server:
an article published while it runs is emailed at once, and a kill -9 and restart send no
alert twice."""

from __future__ import annotations

import signal
import time

from alerts_support import SmtpServer
from live_support import live_config, start_worker, wait_for

from monitor.config import load_config
from monitor.replica.newsroom import Newsroom
from monitor.store import open_store


def emails_naming(smtp: SmtpServer, title: str) -> list:
    return [m for m in smtp.received if title in m.text]


def test_article_published_while_the_worker_runs_is_emailed_without_a_crawl_finishing(tmp_path, replica, now):
    newsroom = Newsroom(replica, now)
    with SmtpServer() as smtp:
        config_path = live_config(tmp_path, replica, smtp.port)
        worker = start_worker(config_path, "tengrinews")
        try:
            # The sample stories naming Kassymbek (ru, kk) come first, from the first polls.
            wait_for(lambda: len(smtp.received) >= 2, 120, worker)
            listings_before = [p for p in replica.fetched() if p == "/news/"]
            article, published = newsroom.publish("tengrinews")
            [email] = wait_for(lambda: emails_naming(smtp, article.title), 60, worker)
            latency = time.time() - published.timestamp()
            assert worker.poll() is None  # still running: nothing waited for a crawl to end
            # Found by the feed polled every second, not by the listings (polled every 10 minutes):
            # a crawl of every source would have read them again.
            assert [p for p in replica.fetched() if p == "/news/"] == listings_before
            assert latency < 30, latency
            assert email.rcpt == ["press@akimat.test"]
        finally:
            worker.send_signal(signal.SIGTERM)
            assert worker.wait(timeout=30) == 0
    assert "signal SIGTERM" in worker.stderr.read()


def test_kill_and_restart_send_no_alert_twice(tmp_path, replica, now):
    newsroom = Newsroom(replica, now)
    with SmtpServer() as smtp:
        config_path = live_config(tmp_path, replica, smtp.port)
        config = load_config(config_path)
        worker = start_worker(config_path, "tengrinews")
        try:
            wait_for(lambda: len(smtp.received) >= 2, 120, worker)
            first, _ = newsroom.publish("tengrinews")
            wait_for(lambda: emails_naming(smtp, first.title), 60, worker)
        finally:
            worker.kill()  # no goodbye: the outbox and the store are all the next start has
            worker.wait(timeout=30)
        second, _ = newsroom.publish("tengrinews")  # published while no worker runs
        worker = start_worker(config_path, "tengrinews")
        try:
            wait_for(lambda: emails_naming(smtp, second.title), 120, worker)
            third, _ = newsroom.publish("tengrinews")
            wait_for(lambda: emails_naming(smtp, third.title), 60, worker)
            time.sleep(3)  # a few more polls and an alert pass, which must find nothing to send
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
    with open_store(config.db_path) as store:
        stored = {r[0] for r in store.db.execute("SELECT title FROM articles")}
    assert {first.title, second.title, third.title} <= stored
    per_story = {a.title: len(emails_naming(smtp, a.title)) for a in (first, second, third)}
    assert per_story == {first.title: 1, second.title: 1, third.title: 1}
    ids = [m.message_id for m in smtp.received]
    assert len(ids) == len(set(ids))  # no message twice, the samples' included
