"""Cost of the registry-changes step (monitor.appointments) per article.

    python benchmarks/registry_changes.py [--articles 2000]

Articles of about 4 KB of neutral prose; one in ten carries an appointment or a
dismissal sentence (written for this benchmark), as a news feed about officials might.
Prints articles per second on one core for the step alone, which runs after the
mention step in the crawl and in `monitor reprocess`.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from monitor.akims import Registry
from monitor.appointments import ChangeFinder
from monitor.models import Article

FILLER = (
    "В городе продолжается ремонт дорог и инженерных сетей. Подрядчики обещают завершить работы "
    "до конца сезона. Жители отмечают, что движение в центре затруднено. Синоптики прогнозируют "
    "осадки и усиление ветра. Цены на овощи на рынках выросли по сравнению с прошлым месяцем. "
)
NEWS = [
    "Указом Главы государства Иванов Пётр Сергеевич назначен акимом Карагандинской области.",
    "Серик Тлеубаев назначен заместителем акима города Шымкента.",
    "Аким района Асхат Бекенов освобождён от занимаемой должности.",
    "Данияр Қасымов Қарағанды облысы әкімінің орынбасары болып тағайындалды.",
]


def articles(n: int) -> list[Article]:
    day = datetime(2026, 3, 2, 6, tzinfo=UTC)
    body = FILLER * 12
    out = []
    for i in range(n):
        text = body + (NEWS[i % len(NEWS)] if i % 10 == 0 else "")
        out.append(Article(url=f"https://example.kz/{i}", source="x", title=f"Новости {i}", text=text,
                           published_at=day, crawled_at=day, language="ru"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()
    started = time.perf_counter()
    finder = ChangeFinder(Registry.load())
    loaded = time.perf_counter() - started
    batch = articles(args.articles)
    finder.find(batch[0])  # models of the name step loaded once, outside the timing
    started = time.perf_counter()
    proposals = sum(len(finder.find(a)) for a in batch)
    elapsed = time.perf_counter() - started
    size = sum(len(a.text.encode("utf-8")) for a in batch) / len(batch) / 1024
    print(f"registry loaded and indexed in {loaded:.2f}s")
    print(f"{len(batch)} articles (mean {size:.1f} KB), {proposals} proposals")
    print(f"throughput: {len(batch) / elapsed:.0f} articles/s on one core")


if __name__ == "__main__":
    main()
