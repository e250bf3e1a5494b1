from datetime import date

import pytest
from click.testing import CliRunner

from monitor.akims import Registry, parse_bound, parse_day, validate_file
from monitor.commands.akims import group

HEADER = ("akim_id,role,office_id,level,region,position_ru,position_kk,name_ru,name_kk,name_en,"
          "patronymic_ru,aliases,start,end,uncertain\n")


@pytest.fixture(scope="module")
def registry():
    return Registry.load()


def write(tmp_path, *rows):
    path = tmp_path / "akims.csv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_bundled_registry_is_valid_and_covers_every_region(registry):
    tenures, problems = validate_file()
    assert problems == []
    regions = {t.office_id for t in tenures if t.level == "region"}
    for rid in ("abai", "akmola", "aktobe", "almaty_region", "atyrau", "east_kazakhstan", "zhambyl",
                "zhetysu", "west_kazakhstan", "karaganda", "kostanay", "kyzylorda", "mangystau",
                "pavlodar", "north_kazakhstan", "turkestan", "ulytau"):
        assert f"region:{rid}" in regions
    for office in ("city:astana", "city:almaty", "city:shymkent", "region:karaganda"):
        assert registry.holder(office, date(2024, 6, 1)) is not None, office


@pytest.mark.parametrize("office,day,expected", [
    ("city:almaty", "2024-03-15", "dossayev_yerbolat"),
    ("city:almaty", "2025-06-01", "satybaldy_darkhan"),
    ("city:almaty", "2020-01-01", "sagintayev_bakhytzhan"),
    ("city:astana", "2022-12-07", "kulginov_altai"),
    ("city:astana", "2023-01-01", "kassymbek_zhenis"),
    ("region:turkestan", "2025-01-07", "kusherov_nuralkhan"),
])
def test_holder_on_date(registry, office, day, expected):
    assert registry.holder(office, parse_day(day)).akim_id == expected


def test_holder_is_none_when_year_only_dates_cannot_tell(registry):
    # Murzalin left and Marzhikpayev came in 2019, month unknown.
    assert registry.holder("region:akmola", date(2019, 5, 1)) is None


def test_partial_dates_are_ranges():
    bound = parse_bound("2023-09")
    assert (bound.lo, bound.hi) == (date(2023, 9, 1), date(2023, 9, 30))
    assert parse_bound("?").known is False
    with pytest.raises(ValueError):
        parse_bound("2023/09/01")


def test_search_any_spelling(registry):
    assert {t.akim_id for t in registry.search("Қасымбек")} == {"kassymbek_zhenis"}
    assert {t.akim_id for t in registry.search("dossayev")} == {"dossayev_yerbolat", "dossayev_kairat"}


def test_validation_reports_overlap_bad_date_and_inconsistent_person(tmp_path):
    path = write(
        tmp_path,
        "a_one,akim,city:x,city,x,аким X,,Иван Первый,,,,,2020-01-01,2022-01-01,",
        "b_two,akim,city:x,city,x,аким X,,Петр Второй,,,,,2021-06-01,,",
        "c_three,akim,city:y,city,y,аким Y,,Сидор Третий,,,,,2021-13-01,,",
        "a_one,akim,city:z,city,z,аким Z,,Иван Другой,,,,,2010,2011,",
    )
    _tenures, problems = validate_file(path)
    text = "\n".join(problems)
    assert "overlap" in text and "2021-13-01" in text and "different names" in text


def test_handover_day_is_not_an_overlap(tmp_path):
    path = write(
        tmp_path,
        "a_one,akim,city:x,city,x,аким X,,Иван Первый,,,,,2020-01-01,2022-01-01,",
        "b_two,akim,city:x,city,x,аким X,,Петр Второй,,,,,2022-01-01,,",
    )
    assert validate_file(path)[1] == []


def test_cli_list_search_validate(tmp_path):
    runner = CliRunner()
    listed = runner.invoke(group, ["list", "--region", "almaty", "--on", "2024-03-15"])
    assert listed.exit_code == 0 and "Досаев" in listed.output and "Сатыбалды" not in listed.output
    found = runner.invoke(group, ["search", "Касымбек"])
    assert found.exit_code == 0 and "kassymbek_zhenis" in found.output
    assert runner.invoke(group, ["search", "Несуществующий"]).exit_code == 1
    assert runner.invoke(group, ["validate"]).exit_code == 0
    bad = write(tmp_path, "x_y,akim,city:x,city,x,аким X,,Иван Первый,,,,,2020-02-30,,")
    result = runner.invoke(group, ["validate", str(bad)])
    assert result.exit_code == 1 and "2020-02-30" in result.output
    assert runner.invoke(group, ["list", "--on", "2024-13"]).exit_code != 0


OFFICES_SINCE_2015 = (
    "region:akmola", "region:aktobe", "region:almaty_region", "region:atyrau", "region:east_kazakhstan",
    "region:zhambyl", "region:west_kazakhstan", "region:karaganda", "region:kostanay", "region:kyzylorda",
    "region:mangystau", "region:pavlodar", "region:north_kazakhstan", "region:south_kazakhstan",
    "city:astana", "city:almaty", "city:shymkent",
)


def test_bundled_registry_reaches_back_to_2015_with_sources(registry):
    for office in OFFICES_SINCE_2015:
        akims = [t for t in registry.tenures if t.office_id == office and t.role == "akim"]
        assert any(t.possibly_on(date(2015, 1, 1)) for t in akims), office
    assert registry.holder("region:kostanay", date(2015, 3, 1)).akim_id == "sadvakassov_nurlan"
    assert registry.holder("region:aktobe", date(2015, 3, 1)).akim_id == "mukhambetov_arkhimed"
    # Every fact names where it comes from; the two rows left without one are known gaps.
    assert {t.akim_id for t in registry.tenures if not t.sources} <= {"mukhamediev_serik", "nurmukhambetov_gauez"}
    assert all(url.startswith(("http://", "https://")) for t in registry.tenures for url in t.sources)


def test_bundled_registry_has_deputies_of_the_three_cities(registry):
    deputies = [t for t in registry.tenures if t.role == "deputy_akim"]
    assert {"city:astana", "city:almaty", "city:shymkent"} <= {t.office_id for t in deputies}
    # Several deputies hold an office at once, and some have no recorded start, so
    # holder() (one person or None) is not the question to ask of deputies.
    first = [
        t for t in registry.tenures
        if t.office_id == "city:shymkent" and t.role == "deputy_akim" and t.position_ru.startswith("первый")
        and t.possibly_on(date(2020, 1, 5))
    ]
    assert "aitenov_murat" in {t.akim_id for t in first}
    assert all(t.uncertain or (t.start.exact and t.end.exact) for t in deputies)


def test_source_column_is_optional_but_checked(tmp_path):
    old = write(tmp_path, "a_one,akim,city:x,city,x,аким X,,Иван Первый,,,,,2020-01-01,,")
    tenures, problems = validate_file(old)
    assert problems == [] and tenures[0].sources == ()
    path = tmp_path / "sourced.csv"
    path.write_text(HEADER.rstrip("\n") + ",source\n"
                    "a_one,akim,city:x,city,x,аким X,,Иван Первый,,,,,2020-01-01,,,https://a.kz/1 ; https://b.kz/2\n"
                    "b_two,akim,city:y,city,y,аким Y,,Петр Второй,,,,,2020-01-01,,,газета Время\n", encoding="utf-8")
    tenures, problems = validate_file(path)
    assert tenures[0].sources == ("https://a.kz/1", "https://b.kz/2")
    assert len(problems) == 1 and "line 3" in problems[0] and "газета" in problems[0]
