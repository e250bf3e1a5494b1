"""SQLite schema, applied as numbered migrations (PRAGMA user_version).

To change the schema, append a migration; never edit one that has shipped.
"""

MIGRATIONS: list[str] = [
    # 1: articles, mentions, raw pages, fetch validators, keyword index
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        fetched_url TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        published_at TEXT,            -- ISO 8601 with the page's own offset
        published_utc TEXT,           -- the same instant in UTC, for sorting and filters
        crawled_at TEXT NOT NULL,
        language TEXT NOT NULL,
        authors TEXT NOT NULL DEFAULT '[]',
        section TEXT,
        sentiment_label TEXT NOT NULL DEFAULT 'neutral',
        sentiment_score REAL NOT NULL DEFAULT 0,
        duplicate_of TEXT,
        akim_ids TEXT NOT NULL DEFAULT '[]',
        minhash BLOB,
        updated_at TEXT NOT NULL,
        synced_at TEXT               -- NULL: not yet shipped to the search engine
    );
    CREATE INDEX articles_published ON articles(published_utc);
    CREATE INDEX articles_source ON articles(source, published_utc);
    CREATE INDEX articles_duplicate ON articles(duplicate_of);
    CREATE INDEX articles_unsynced ON articles(synced_at) WHERE synced_at IS NULL;

    CREATE TABLE mentions (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        akim_id TEXT,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        position TEXT,
        region TEXT,
        level TEXT,
        count INTEGER NOT NULL DEFAULT 1,
        snippets TEXT NOT NULL DEFAULT '[]',
        main_subject INTEGER NOT NULL DEFAULT 0,
        sentiment_label TEXT NOT NULL DEFAULT 'neutral',
        sentiment_score REAL NOT NULL DEFAULT 0,
        title TEXT NOT NULL,
        url TEXT NOT NULL,
        source TEXT NOT NULL,
        published_at TEXT,
        published_utc TEXT,
        language TEXT NOT NULL,
        first_seen_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        synced_at TEXT
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX mentions_akim ON mentions(akim_id, published_utc);
    CREATE INDEX mentions_published ON mentions(published_utc);
    CREATE INDEX mentions_first_seen ON mentions(first_seen_at);
    CREATE INDEX mentions_unsynced ON mentions(synced_at) WHERE synced_at IS NULL;

    CREATE TABLE raw_pages (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        fetched_url TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        html BLOB NOT NULL            -- zlib-compressed bytes as served
    );

    CREATE TABLE fetch_state (
        url TEXT PRIMARY KEY,
        etag TEXT,
        last_modified TEXT,
        updated_at TEXT NOT NULL
    );

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, tokenize = 'unicode61 remove_diacritics 0'
    );
    """,
    # 2: web interface: saved searches and the alert rules made from them
    """
    CREATE TABLE saved_searches (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        query TEXT NOT NULL,          -- the search page's URL query string
        owner TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE web_alert_rules (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        saved_search_id INTEGER REFERENCES saved_searches(id) ON DELETE SET NULL,
        rule TEXT NOT NULL,           -- JSON, field names as in the alert rules file (issue 6)
        owner TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    """,
    # 3: alert state (monitor/alerts/state.py): rule baselines and digest slots,
    #    an outbox of rendered messages, and which mention went to whom in which message
    """
    CREATE TABLE alert_rules (
        rule TEXT PRIMARY KEY,
        baseline TEXT NOT NULL,       -- mentions first seen before this are never alerted
        last_slot TEXT,               -- digest: the last schedule slot already composed
        created_at TEXT NOT NULL
    );

    CREATE TABLE alert_outbox (
        message_id TEXT PRIMARY KEY,  -- the Message-ID header, kept across resends
        rule TEXT NOT NULL,           -- rule name, or '!ops' for operational alerts
        recipient TEXT NOT NULL,
        message BLOB NOT NULL,        -- the exact bytes sent, so a resend is identical
        status TEXT NOT NULL,         -- pending | sent
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT
    );
    CREATE INDEX alert_outbox_pending ON alert_outbox(status) WHERE status = 'pending';

    CREATE TABLE alert_items (
        rule TEXT NOT NULL,
        recipient TEXT NOT NULL,
        mention_id TEXT NOT NULL,
        message_id TEXT NOT NULL REFERENCES alert_outbox(message_id) ON DELETE CASCADE,
        PRIMARY KEY (rule, recipient, mention_id)
    );
    CREATE INDEX alert_items_message ON alert_items(message_id);

    CREATE TABLE ops_state (
        key TEXT PRIMARY KEY,         -- e.g. 'stale:tengrinews', 'engine'
        active_since TEXT,            -- NULL: condition is clear
        failures INTEGER NOT NULL DEFAULT 0,
        notified_at TEXT
    );
    """,
    # 4: pages fetched and found not to be articles (or too old), so that an
    #    incremental crawl does not fetch them again either
    """
    CREATE TABLE skipped_pages (
        id TEXT PRIMARY KEY,          -- article_id() of the canonical URL
        url TEXT NOT NULL,
        reason TEXT NOT NULL,         -- not_article | too_old
        published_utc TEXT,           -- too_old: fetched again once a backfill reaches it
        skipped_at TEXT NOT NULL
    );
    """,
    # 5: indexes for the person filters of search (region, role, tone)
    """
    CREATE INDEX mentions_region ON mentions(region, sentiment_label);
    CREATE INDEX mentions_role ON mentions(role, sentiment_label);
    CREATE INDEX mentions_sentiment ON mentions(sentiment_label, published_utc);
    """,
    # 6: registry changes proposed by appointment and dismissal news (monitor/appointments),
    #    with the article as evidence, until a person accepts or rejects them. The evidence
    #    is copied, not referenced: a proposal is recorded before its article is stored.
    """
    CREATE TABLE registry_changes (
        id TEXT PRIMARY KEY,          -- stable per (article, action, person, office)
        action TEXT NOT NULL,         -- appoint | dismiss
        role TEXT NOT NULL,           -- akim | deputy_akim
        first_deputy INTEGER NOT NULL DEFAULT 0,
        acting INTEGER NOT NULL DEFAULT 0,
        akim_id TEXT NOT NULL,        -- the registry person, or an id made from the name
        in_registry INTEGER NOT NULL DEFAULT 0,
        name TEXT NOT NULL,
        office_id TEXT NOT NULL,
        level TEXT NOT NULL,
        region TEXT NOT NULL DEFAULT '',
        place TEXT NOT NULL DEFAULT '',   -- the place as written
        day TEXT NOT NULL DEFAULT '',     -- the article's date (Almaty), '' when it has none
        article_id TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        published_at TEXT,
        sentence TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'pending',  -- pending | accepted | rejected
        created_at TEXT NOT NULL,
        decided_at TEXT,
        decided_by TEXT
    );
    CREATE INDEX registry_changes_status ON registry_changes(status, day);
    """,
    # 7: covering indexes, so that aggregates over a period (the rating, the charts) and
    #    article filters checked by id read no table rows: an article's text comes before
    #    its date and tone in the row and lives in overflow pages, and mention rows carry
    #    snippets. Measured in benchmarks/web.py.
    """
    CREATE INDEX articles_lookup ON articles(id, published_utc, duplicate_of, source, language, sentiment_label);
    CREATE INDEX mentions_figures ON mentions(published_utc, akim_id, name, region, level, role, source, language,
                                              sentiment_label, sentiment_score, main_subject, article_id, position);
    """,
    # 8: what the crawl found out about outlets given by their homepage: feeds and
    #    sitemaps discovered, the article URL shape learned from their pages, and per crawl
    #    the share of fields taken by the generic fallback (layout drift)
    """
    CREATE TABLE outlet_sources (
        outlet TEXT NOT NULL,
        edition TEXT NOT NULL,        -- language of the edition
        kind TEXT NOT NULL,           -- feed | sitemap
        url TEXT NOT NULL,
        found_by TEXT NOT NULL,       -- homepage link | robots.txt | common path
        found_at TEXT NOT NULL,
        entries INTEGER NOT NULL DEFAULT 0,  -- article links it held when last read
        PRIMARY KEY (outlet, url)
    );
    CREATE TABLE outlet_shapes (
        outlet TEXT PRIMARY KEY,
        pattern TEXT NOT NULL,        -- regex over URL paths, as article_pattern
        articles INTEGER NOT NULL,    -- proven articles it was learned from
        learned_at TEXT NOT NULL
    );
    CREATE TABLE outlet_health (
        outlet TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        articles INTEGER NOT NULL,    -- articles extracted by that crawl
        fallback TEXT NOT NULL,       -- JSON {field: share of them from the generic fallback}
        PRIMARY KEY (outlet, finished_at)
    );
    """,
    # 9: what the crawl knew besides the page bytes (HTTP charset, feed date, authors,
    #    category: CrawlContext as JSON; NULL for pages stored before), so that a
    #    reprocess decodes and completes a page as the crawl did
    """
    ALTER TABLE raw_pages ADD COLUMN context TEXT;
    """,
    # 10: web logins that can be ended (logout, a user removed from [web.users])
    """
    CREATE TABLE web_sessions (
        id TEXT PRIMARY KEY,          -- a random token, also in the signed cookie
        user TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX web_sessions_user ON web_sessions(user);
    """,
    # 11: adaptive polling of the long-lived worker (monitor/schedule.py, monitor/pollstate.py):
    #    when each feed, sitemap and listing of an outlet is next due and why, and the
    #    requests made per outlet and hour, so that politeness can be reported. The
    #    ETag / Last-Modified of a source stay in fetch_state (migration 1).
    """
    CREATE TABLE poll_schedule (
        outlet TEXT NOT NULL,
        url TEXT NOT NULL,
        kind TEXT NOT NULL,           -- feed | sitemap | listing
        interval_s REAL NOT NULL,     -- the interval chosen after the last poll
        next_due_utc TEXT NOT NULL,
        last_poll_utc TEXT,
        last_new_utc TEXT,            -- the last poll that found an article not seen before
        last_status INTEGER,          -- HTTP status of the last poll (0: network failure)
        backoff INTEGER NOT NULL DEFAULT 0,  -- consecutive 429/503/failures
        polls INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (outlet, url)
    );
    CREATE INDEX poll_schedule_due ON poll_schedule(next_due_utc);
    CREATE TABLE poll_requests (
        outlet TEXT NOT NULL,
        hour TEXT NOT NULL,           -- UTC hour bucket, 'YYYY-MM-DDTHH'
        kind TEXT NOT NULL,           -- poll (feed, sitemap, listing) | article
        count INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (outlet, hour, kind)
    );
    """,
    # 12: the rating over a year of mentions without a join (benchmarks/web.py). Each mention
    #    carries its story root (the reprint-folded article id: the article's duplicate_of, else
    #    its id), so distinct stories are count(DISTINCT root) over mentions alone; triggers keep
    #    it right when a reprint group is folded later (dedupe sets duplicate_of on stored
    #    articles), whoever writes. The covering index of period aggregates is rebuilt with it,
    #    and two more lead with the rating's groupings (person key, region): each GROUP BY then
    #    reads its index in order instead of sorting a year of rows (mentions_published is a
    #    prefix of mentions_figures, so it goes). mentions_article covers the search charts'
    #    columns: keyword searches reach mentions by article and need not read mention rows.
    #    rating_version counts the writes that change what the rating and the search aggregates
    #    show (not sync stamps), so a web process caches them and any write invalidates.
    """
    ALTER TABLE mentions ADD COLUMN root TEXT;
    UPDATE mentions SET root = coalesce(
        (SELECT coalesce(a.duplicate_of, a.id) FROM articles a WHERE a.id = mentions.article_id), article_id);
    DROP INDEX mentions_figures;
    CREATE INDEX mentions_figures ON mentions(published_utc, akim_id, name, region, level, role, source, language,
                                              sentiment_label, sentiment_score, main_subject, root, article_id,
                                              position);
    CREATE INDEX mentions_root ON mentions(root);
    CREATE INDEX mentions_by_person ON mentions(coalesce(akim_id, name), published_utc, akim_id, name, region, level,
                                                role, source, language, sentiment_label, main_subject, root, position);
    CREATE INDEX mentions_by_region ON mentions(coalesce(region, ''), published_utc, akim_id, name, region, level,
                                                role, source, language, sentiment_label, main_subject, root);
    DROP INDEX mentions_published;
    DROP INDEX mentions_article;
    CREATE INDEX mentions_article ON mentions(article_id, published_utc, akim_id, name, region, level, role, source,
                                              language, sentiment_label, sentiment_score, main_subject);
    CREATE TABLE store_version (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        rating_version INTEGER NOT NULL
    );
    INSERT INTO store_version(id, rating_version) VALUES (1, 0);
    CREATE TRIGGER mentions_root_insert AFTER INSERT ON mentions WHEN NEW.root IS NULL BEGIN UPDATE mentions SET root = coalesce((SELECT coalesce(a.duplicate_of, a.id) FROM articles a WHERE a.id = NEW.article_id), NEW.article_id) WHERE rowid = NEW.rowid; END;
    CREATE TRIGGER articles_root_update AFTER UPDATE OF duplicate_of ON articles WHEN OLD.duplicate_of IS NOT NEW.duplicate_of BEGIN UPDATE mentions SET root = coalesce(NEW.duplicate_of, NEW.id) WHERE article_id = NEW.id; END;
    CREATE TRIGGER mentions_version_insert AFTER INSERT ON mentions BEGIN UPDATE store_version SET rating_version = rating_version + 1; END;
    CREATE TRIGGER mentions_version_delete AFTER DELETE ON mentions BEGIN UPDATE store_version SET rating_version = rating_version + 1; END;
    CREATE TRIGGER mentions_version_update AFTER UPDATE ON mentions WHEN OLD.akim_id IS NOT NEW.akim_id OR OLD.name IS NOT NEW.name OR OLD.role IS NOT NEW.role OR OLD.position IS NOT NEW.position OR OLD.region IS NOT NEW.region OR OLD.level IS NOT NEW.level OR OLD.main_subject IS NOT NEW.main_subject OR OLD.sentiment_label IS NOT NEW.sentiment_label OR OLD.sentiment_score IS NOT NEW.sentiment_score OR OLD.source IS NOT NEW.source OR OLD.published_utc IS NOT NEW.published_utc OR OLD.language IS NOT NEW.language OR OLD.root IS NOT NEW.root OR OLD.article_id IS NOT NEW.article_id OR OLD.title IS NOT NEW.title OR OLD.url IS NOT NEW.url BEGIN UPDATE store_version SET rating_version = rating_version + 1; END;
    CREATE TRIGGER articles_version_insert AFTER INSERT ON articles BEGIN UPDATE store_version SET rating_version = rating_version + 1; END;
    CREATE TRIGGER articles_version_delete AFTER DELETE ON articles BEGIN UPDATE store_version SET rating_version = rating_version + 1; END;
    CREATE TRIGGER articles_version_update AFTER UPDATE ON articles WHEN OLD.title IS NOT NEW.title OR OLD.text IS NOT NEW.text OR OLD.published_utc IS NOT NEW.published_utc OR OLD.language IS NOT NEW.language OR OLD.source IS NOT NEW.source OR OLD.sentiment_label IS NOT NEW.sentiment_label OR OLD.sentiment_score IS NOT NEW.sentiment_score OR OLD.duplicate_of IS NOT NEW.duplicate_of BEGIN UPDATE store_version SET rating_version = rating_version + 1; END;
    """,
    # 13: the other akim offices an article gives the same person (models.OtherRole), JSON;
    #    mentions stored before it have none until reprocessed.
    """
    ALTER TABLE mentions ADD COLUMN other_roles TEXT NOT NULL DEFAULT '[]';
    """,
]
