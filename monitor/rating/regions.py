"""Russian names of the registry's region ids, for headings and sheet names."""

from __future__ import annotations

REGIONS_RU = {
    "abai": "область Абай", "akmola": "Акмолинская область", "aktobe": "Актюбинская область",
    "almaty": "г. Алматы", "almaty_region": "Алматинская область", "astana": "г. Астана",
    "atyrau": "Атырауская область", "east_kazakhstan": "Восточно-Казахстанская область",
    "karaganda": "Карагандинская область", "kostanay": "Костанайская область",
    "kyzylorda": "Кызылординская область", "mangystau": "Мангистауская область",
    "north_kazakhstan": "Северо-Казахстанская область", "pavlodar": "Павлодарская область",
    "shymkent": "г. Шымкент", "turkestan": "Туркестанская область", "ulytau": "область Улытау",
    "west_kazakhstan": "Западно-Казахстанская область", "zhambyl": "Жамбылская область",
    "zhetysu": "область Жетысу", "south_kazakhstan": "Южно-Казахстанская область",
}
UNKNOWN = "регион не определён"


def region_name(region: str | None) -> str:
    """The Russian name of a registry id; places outside the registry are already names."""
    if not region:
        return UNKNOWN
    return REGIONS_RU.get(region, region)
