"""`monitor sentiment`: train and check the tone models."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.sentiment.train import DEFAULT_DATA, DATA_DIR
from monitor.commands.params import FilePath


@click.group(name="sentiment", help="Тональность: обучение и проверка моделей.")
def group() -> None:
    pass


@group.command(name="train", help="Обучить модели тональности на ../shared/data и записать их в пакет.")
@click.option("--data-dir", type=FilePath(file_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="Папка с данными (rusentne2023/, sezimemolex/).")
@click.option("--out", type=FilePath(file_okay=False, path_type=Path), default=DATA_DIR,
              show_default=True, help="Куда записать файлы модели.")
def train(data_dir: Path, out: Path) -> None:
    from monitor.sentiment.train import train_all

    if not (data_dir / "rusentne2023" / "train_data.csv").exists():
        raise click.ClickException(f"нет обучающих данных: {data_dir / 'rusentne2023' / 'train_data.csv'}")
    out.mkdir(parents=True, exist_ok=True)
    train_all(data_dir, out, log=click.echo)


@group.command(name="train-encoder",
               help="Дообучить точную модель (model = \"accurate\"): нужен torch, ~10 мин на 2 ядрах; "
                    "с --cv: 5-кратная кросс-валидация, ~25 мин.")
@click.option("--data-dir", type=FilePath(file_okay=False, path_type=Path), default=DEFAULT_DATA,
              show_default=True, help="Папка с данными (rusentne2023/).")
@click.option("--cv", is_flag=True, help="Только кросс-валидация: записать вероятности вне фолда.")
def train_encoder(data_dir: Path, cv: bool) -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        raise click.ClickException("нужен torch: pip install 'akim-monitor[train]'") from None
    if not (data_dir / "rusentne2023" / "train_data.csv").exists():
        raise click.ClickException(f"нет обучающих данных: {data_dir / 'rusentne2023' / 'train_data.csv'}")
    from monitor.sentiment.encoder_train import main

    main(["--data-dir", str(data_dir), *(["--cv"] if cv else [])])


@group.command(name="score", help="Оценить тональность текста (для проверки).")
@click.argument("text")
@click.option("--language", default="ru", show_default=True, help="Язык: ru или kk.")
@click.option("--name", "names", multiple=True, help="Имя человека (можно несколько форм).")
@click.option("--model", type=click.Choice(["fast", "accurate"]), default=None,
              help="Модель: accurate (дообученный e5; по умолчанию, если установлена) или fast (линейная).")
def score(text: str, language: str, names: tuple[str, ...], model: str | None) -> None:
    from monitor.sentiment import SentimentScorer

    scorer = SentimentScorer.default(model=model)
    result = scorer.score_mention([text], list(names), language) if names else \
        scorer.score_article(text, language)
    click.echo(f"{result.label} {result.score:+.3f}")
