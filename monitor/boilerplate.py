"""Everything that marks a part of a page as not-the-article, in one place.

Outlet-specific selectors live in the outlet registry (monitor/data/outlets.toml);
these apply to every page, in Russian and Kazakh.
"""

from __future__ import annotations

import re

# Elements removed before trafilatura sees the page.
DROP_SELECTORS: tuple[str, ...] = (
    "script", "style", "noscript", "iframe", "form", "nav", "footer .subscribe",
    "#comments", ".comments", ".comment-list", ".comments-block", "[id^=comm]",
    ".read-also", ".readalso", ".read-more", ".related", ".related-news", ".related-articles",
    ".sidebar", "aside", ".last-news", ".latest-news", ".popular-news", ".most-read",
    ".share", ".social-share", ".subscribe", ".subscription", ".banner", ".adv", ".ads",
    ".tags", ".hashtags",
)

# A block whose text starts with one of these is a pointer to other articles.
READ_ALSO_RE = re.compile(
    r"^\s*(?:Читайте\s+также|Читать\s+также|Смотрите\s+также|См\.\s+также|Еще\s+по\s+теме|Ещё\s+по\s+теме"
    r"|По\s+теме|Оқи\s+отырыңыз|Сондай-ақ\s+оқыңыз|Тағы\s+оқыңыз|Read\s+also|See\s+also|Related)\b",
    re.IGNORECASE,
)
READ_ALSO_MAX_CHARS = 400  # a real paragraph that happens to start so is longer

# Lines dropped from the extracted text.
LINE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^\s*(?:Читайте|Читать|Смотрите)\s+(?:также|текст\s+полностью)",
        r"^\s*Подпис(?:ывайтесь|аться|ывайся)\b",
        r"^\s*Подпишитесь\b",
        r"\bGoogle\s+News\b",
        r"^\s*(?:Telegram|Телеграм)[-\s]?канал",
        r"^\s*и\s+узнавайте\s+новости\s+первыми",
        r"^\s*#[\w-]+(?:\s+#[\w-]+)*\s*$",
        r"^\s*\d[\d\s]*\s+(?:просмотр\w*|қаралым\w*|views?)\s*$",
        r"^\s*\d+\s*$",
        r"^\s*Оригинал\s+статьи",
        r"^\s*(?:Фото|Фото/видео|Видео|Сурет|Фотосурет)\s*:\s*.{0,80}$",
        r"^\s*(?:Оқи\s+отырыңыз|Сондай-ақ\s+оқыңыз|Жазылыңыз)\b",
        r"^\s*Если\s+вы\s+нашли\s+ошибку",
        r"^\s*Последние\s+новости\s*$",
        r"^\s*Комментари\w*\s*(?:\(\d+\))?\s*$",
        r"^\s*АВТОР\s*$",
    )
)
# After "Читайте также" the next short line is the linked headline.
HEADLINE_AFTER_MARKER_MAX = 200

# Schema.org types that declare a page to be one article.
ARTICLE_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNews", "AnalysisNewsArticle", "OpinionNewsArticle", "BlogPosting"}
)
# Schema.org types of collection pages: section fronts, tag and search results.
LISTING_TYPES = frozenset({"CollectionPage", "SearchResultsPage", "ItemList", "ProfilePage"})
# A page whose main block is mostly link text is a listing, not an article.
MAX_LINK_DENSITY = 0.5
