#!/usr/bin/env python3
"""Writes deploy/kibana/saved_objects.ndjson: Kibana saved objects for akim-monitor.

The file is what Kibana's saved objects export produces and _import accepts:
one JSON object per line with type, id, attributes and references; saved
searches and visualizations name their data view through a reference
(`kibanaSavedObjectMeta.searchSourceJSON.index`), dashboards their panels
through `panel_<n>` references. Run again after changing a field name; the
test tests/engine/test_kibana.py checks every field used here against the
index templates.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "deploy" / "kibana" / "saved_objects.ndjson"
MENTIONS = "akim-monitor-mentions"
ARTICLES = "akim-monitor-articles"
INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index"
MENTION_COLUMNS = ["person.name", "person.position", "sentiment.label", "source", "title", "url"]
REGIONS = {
    "abai": "область Абай", "akmola": "Акмолинская область", "aktobe": "Актюбинская область",
    "almaty_region": "Алматинская область", "atyrau": "Атырауская область",
    "east_kazakhstan": "Восточно-Казахстанская область", "zhambyl": "Жамбылская область",
    "zhetysu": "область Жетісу", "west_kazakhstan": "Западно-Казахстанская область",
    "karaganda": "Карагандинская область", "kostanay": "Костанайская область",
    "kyzylorda": "Кызылординская область", "mangystau": "Мангистауская область",
    "pavlodar": "Павлодарская область", "north_kazakhstan": "Северо-Казахстанская область",
    "turkestan": "Туркестанская область", "ulytau": "область Улытау",
    "astana": "город Астана", "almaty": "город Алматы", "shymkent": "город Шымкент",
}


def data_view(view_id: str, name: str) -> dict:
    return {
        "type": "index-pattern", "id": view_id, "references": [],
        "attributes": {"title": view_id, "name": name, "timeFieldName": "published_at",
                       "fields": "[]", "fieldFormatMap": "{}", "runtimeFieldMap": "{}",
                       "fieldAttrs": "{}", "sourceFilters": "[]", "typeMeta": "{}"},
    }


def search_source(kql: str) -> dict:
    source = {"query": {"query": kql, "language": "kuery"}, "filter": [], "indexRefName": INDEX_REF}
    return {"searchSourceJSON": json.dumps(source, ensure_ascii=False)}


def saved_search(obj_id: str, title: str, kql: str, view: str = MENTIONS) -> dict:
    return {
        "type": "search", "id": obj_id,
        "references": [{"type": "index-pattern", "id": view, "name": INDEX_REF}],
        "attributes": {"title": title, "description": "", "columns": MENTION_COLUMNS,
                       "sort": [["published_at", "desc"]], "kibanaSavedObjectMeta": search_source(kql)},
    }


def searches() -> list[dict]:
    out = [
        saved_search("akim-monitor-all-mentions", "Все упоминания акимов", ""),
        saved_search("akim-monitor-negative-7d", "Негативные упоминания за 7 дней",
                     'sentiment.label : "negative" and published_at >= "now-7d"'),
        saved_search("akim-monitor-kazakh", "Упоминания на казахском языке", 'language : "kk"'),
        saved_search("akim-monitor-deputies", "Заместители акимов", 'person.role : "deputy_akim"'),
    ]
    for region, name in REGIONS.items():
        out.append(saved_search(f"akim-monitor-region-{region}", f"Упоминания: {name}",
                                f'person.region : "{region}"'))
    return out


def count_agg() -> dict:
    return {"id": "1", "enabled": True, "type": "count", "schema": "metric", "params": {}}


def terms_agg(agg_id: str, field: str, size: int, schema: str) -> dict:
    return {"id": agg_id, "enabled": True, "type": "terms", "schema": schema,
            "params": {"field": field, "size": size, "order": "desc", "orderBy": "1",
                       "otherBucket": False, "missingBucket": False}}


def visualization(obj_id: str, title: str, vis_type: str, params: dict, aggs: list[dict]) -> dict:
    vis_state = {"title": title, "type": vis_type, "params": params, "aggs": aggs}
    return {
        "type": "visualization", "id": obj_id,
        "references": [{"type": "index-pattern", "id": MENTIONS, "name": INDEX_REF}],
        "attributes": {"title": title, "description": "", "uiStateJSON": "{}", "version": 1,
                       "visState": json.dumps(vis_state, ensure_ascii=False),
                       "kibanaSavedObjectMeta": search_source("")},
    }


TABLE_PARAMS = {"perPage": 10, "showPartialRows": False, "showMetricsAtAllLevels": False,
                "showTotal": False, "totalFunc": "sum", "percentageCol": ""}
HISTOGRAM_PARAMS = {
    "type": "histogram", "addTooltip": True, "addLegend": True, "legendPosition": "right",
    "times": [], "addTimeMarker": False,
    "categoryAxes": [{"id": "CategoryAxis-1", "type": "category", "position": "bottom", "show": True,
                      "scale": {"type": "linear"}, "labels": {"show": True, "filter": True, "truncate": 100},
                      "title": {}}],
    "valueAxes": [{"id": "ValueAxis-1", "name": "LeftAxis-1", "type": "value", "position": "left", "show": True,
                   "scale": {"type": "linear", "mode": "normal"},
                   "labels": {"show": True, "rotate": 0, "filter": False, "truncate": 100},
                   "title": {"text": "Упоминания"}}],
    "seriesParams": [{"show": True, "type": "histogram", "mode": "stacked", "data": {"label": "Упоминания", "id": "1"},
                      "valueAxis": "ValueAxis-1", "drawLinesBetweenPoints": True, "showCircles": True}],
}


def visualizations() -> list[dict]:
    over_time = [count_agg(),
                 {"id": "2", "enabled": True, "type": "date_histogram", "schema": "segment",
                  "params": {"field": "published_at", "interval": "auto", "min_doc_count": 1,
                             "extended_bounds": {}}},
                 terms_agg("3", "sentiment.label", 3, "group")]
    return [
        visualization("akim-monitor-vis-over-time", "Упоминания по времени и тональности",
                      "histogram", HISTOGRAM_PARAMS, over_time),
        visualization("akim-monitor-vis-top-akims", "Чаще всего упоминаемые акимы", "table",
                      TABLE_PARAMS, [count_agg(), terms_agg("2", "person.name.keyword", 20, "bucket")]),
        visualization("akim-monitor-vis-top-outlets", "Издания", "table",
                      TABLE_PARAMS, [count_agg(), terms_agg("2", "source", 20, "bucket")]),
    ]


def dashboard(panels: list[tuple[str, str, dict]]) -> dict:
    panel_json, references = [], []
    for n, (obj_type, obj_id, grid) in enumerate(panels, start=1):
        panel_json.append({"version": "8.0.0", "type": obj_type, "panelIndex": str(n),
                           "gridData": {**grid, "i": str(n)}, "embeddableConfig": {},
                           "panelRefName": f"panel_{n}"})
        references.append({"type": obj_type, "id": obj_id, "name": f"{n}:panel_{n}"})
    return {
        "type": "dashboard", "id": "akim-monitor-dashboard", "references": references,
        "attributes": {
            "title": "Акимы в новостях", "description": "Упоминания акимов: динамика, акимы, издания, негатив",
            "panelsJSON": json.dumps(panel_json, ensure_ascii=False),
            "optionsJSON": json.dumps({"useMargins": True, "hidePanelTitles": False, "syncColors": False}),
            "timeRestore": True, "timeFrom": "now-30d", "timeTo": "now",
            "refreshInterval": {"pause": True, "value": 0}, "version": 1,
            "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(
                {"query": {"query": "", "language": "kuery"}, "filter": []})},
        },
    }


def all_objects() -> list[dict]:
    panels = [
        ("visualization", "akim-monitor-vis-over-time", {"x": 0, "y": 0, "w": 48, "h": 14}),
        ("visualization", "akim-monitor-vis-top-akims", {"x": 0, "y": 14, "w": 24, "h": 15}),
        ("visualization", "akim-monitor-vis-top-outlets", {"x": 24, "y": 14, "w": 24, "h": 15}),
        ("search", "akim-monitor-negative-7d", {"x": 0, "y": 29, "w": 48, "h": 18}),
    ]
    views = [data_view(MENTIONS, "Упоминания акимов"), data_view(ARTICLES, "Статьи")]
    return views + searches() + visualizations() + [dashboard(panels)]


def main() -> None:
    lines = [json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")) for obj in all_objects()]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(lines)} objects")


if __name__ == "__main__":
    main()
