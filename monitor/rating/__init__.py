"""Media rating of akims for a period: figures, files (XLSX, CSV, HTML) and charts.

compute.py counts over the SQLite store, engine.py over Elasticsearch/OpenSearch
with the same definitions; the file formats and charts only read a Rating.
"""

from monitor.rating.compute import Figures, Rating, RatingFilters, Row, compute_rating
from monitor.rating.period import Period, parse_period

__all__ = ["Figures", "Period", "Rating", "RatingFilters", "Row", "compute_rating", "parse_period"]
