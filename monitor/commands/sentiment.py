"""`monitor sentiment`: train and check the tone models."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.sentiment.train import DEFAULT_DATA, DATA_DIR


@click.group(name="sentiment", help="Тональность: обучение и проверка моделей.")
def group() -> None:
    pass


@group.command(name="train", help="Обучить модели тональности на ../shared/data и записать их в пакет.")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="Папка с данными (rusentne2023/, sezimemolex/).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=DATA_DIR,
              show_default=True, help="Куда записать файлы модели.")
def train(data_dir: Path, out: Path) -> None:
    from monitor.sentiment.train import train_all

    if not (data_dir / "rusentne2023" / "train_data.csv").exists():
        raise click.ClickException(f"нет обучающих данных: {data_dir / 'rusentne2023' / 'train_data.csv'}")
    out.mkdir(parents=True, exist_ok=True)
    train_all(data_dir, out, log=click.echo)


@group.command(name="score", help="Оценить тональность текста (для проверки).")
@click.argument("text")
@click.option("--language", default="ru", show_default=True, help="Язык: ru или kk.")
@click.option("--name", "names", multiple=True, help="Имя человека (можно несколько форм).")
def score(text: str, language: str, names: tuple[str, ...]) -> None:
    from monitor.sentiment import SentimentScorer

    scorer = SentimentScorer.default()
    result = scorer.score_mention([text], list(names), language) if names else \
        scorer.score_article(text, language)
    click.echo(f"{result.label} {result.score:+.3f}")
