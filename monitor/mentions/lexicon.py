"""Role words and the contexts that make them about someone else.

Data-like module: everything that decides "is this an akim" in words lives here.
"""

from __future__ import annotations

# Russian forms of "аким" -> (grammatical case, plural)
RU_AKIM = {
    "аким": ("nomn", False), "акима": ("gent", False), "акиму": ("datv", False),
    "акимом": ("ablt", False), "акиме": ("loct", False), "акимы": ("nomn", True),
    "акимов": ("gent", True), "акимам": ("datv", True), "акимами": ("ablt", True),
    "акимах": ("loct", True),
}
# Words that mean "akim" on their own; a place may follow.
RU_AKIM_SYNONYMS = {
    "градоначальник": "nomn", "градоначальника": "gent", "градоначальнику": "datv",
    "градоначальником": "ablt", "градоначальнике": "loct",
}
# "глава" counts only when followed by one of these ("глава региона", not "глава государства").
RU_HEAD = {"глава": "nomn", "главы": "gent", "главе": "datv", "главой": "ablt", "главу": "accs"}
RU_HEAD_OF = ("региона", "области", "города", "района", "акимата", "мегаполиса")
# "замакима" is both nominative and genitive, so its case stays unknown.
RU_DEPUTY_ONE = {
    "замакима": None, "замакиму": "datv", "замакимом": "ablt", "замакиме": "loct",
    "вице-аким": "nomn", "вице-акима": "gent", "вице-акиму": "datv", "вице-акимом": "ablt",
}
RU_DEPUTY_HEAD = {
    "заместитель": "nomn", "заместителя": "gent", "заместителю": "datv",
    "заместителем": "ablt", "заместителе": "loct", "зам": "nomn", "замом": "ablt",
    "заместители": "nomn", "заместителей": "gent",
}
RU_FIRST = ("первый", "первого", "первому", "первым", "первом")
RU_FORMER = ("бывший", "бывшего", "бывшему", "бывшим", "бывшем", "экс", "прежний", "прежнего",
             "прошлом")  # "в прошлом аким Карагандинской области"
# Someone else who stands in front of "акима": руководитель аппарата акима, помощник акима...
RU_NOT_AKIM_BEFORE = (
    "аппарат", "помощник", "советник", "пресс-секретар", "пресс-служб", "сын", "дочь", "дочер",
    "жена", "жены", "жене", "женой", "супруг", "брат", "сестр", "водител", "охранник",
    "референт", "канцеляри", "приемн", "приёмн", "родственни", "племянни", "кандидат",
)
# "должность акима X", "выборы акима": an office, not its holder on the article's date.
RU_NO_RESOLVE_BEFORE = ("должност", "пост", "кресл", "выбор", "полномоч", "назначени", "сайт")
RU_PLACE_ADJECTIVES = {
    "столичный": "city:astana", "столичного": "city:astana", "столичному": "city:astana",
    "столичным": "city:astana", "алматинский": "city:almaty", "алматинского": "city:almaty",
    "алматинскому": "city:almaty", "шымкентский": "city:shymkent", "шымкентского": "city:shymkent",
}
RU_LEVEL_ADJECTIVES = {
    "областной": "region", "областного": "region", "областному": "region", "областным": "region",
    "городской": "city", "городского": "city", "городскому": "city", "городским": "city",
    "районный": "district", "районного": "district", "районному": "district",
    "сельский": "district", "сельского": "district", "сельскому": "district",
}

# Kazakh: any word starting with "әкім" except these (әкімдік = akimat, әкімшілік = administration).
KK_STEM = "әкім"
KK_NOT_ROLE = ("әкімдік", "әкімдіг", "әкімшіл", "әкімдер")  # әкімдігі: "its akimat"
KK_PLURAL = ("әкімдер",)
KK_DEPUTY_AFTER = "орынбасар"
KK_FIRST = "бірінші"
KK_FORMER = ("бұрынғы", "экс")
# Words after "әкімінің" that make the phrase about someone else.
KK_NOT_AKIM_AFTER = (
    "аппарат", "кеңесші", "көмекші", "баспасөз", "кандидат", "сайлау", "баласы", "ұлы",
    "қызы", "жұбайы", "әйелі", "інісі", "ағасы",
)
KK_NO_RESOLVE_AFTER = ("лауазым", "қызмет", "сайла", "кандидат", "орн")

EN_AKIM = {"akim": False, "akims": True, "mayor": False, "governor": False, "mayors": True, "governors": True}
EN_DEPUTY = ("deputy", "vice")
EN_FORMER = ("former", "ex")
EN_NOT_AKIM_BEFORE = ("adviser", "advisor", "assistant", "aide", "spokesman", "spokeswoman", "press", "son", "wife")

# Cheap pre-filter: a sentence without any of these and without a registry name is skipped.
TRIGGER_STEMS = ("аким", "әкім", "әкiм", "замак", "градонач", "глава региона", "главы региона",
                 "глава город", "главы город", "главе город", "главой город", "мегаполис",
                 "глава облас", "главы облас", "глава район", "главы район",
                 "akim", "mayor", "governor")

# Occupations right before a registry name make it a namesake ("Футболист Ерлан Кошанов",
# "Спортшы Дәурен Досаев"): an akim, sitting or former, is never introduced this way.
NAMESAKE_OCCUPATION_STEMS = (
    "футболист", "хоккеист", "боксер", "боксёр", "борец", "спортсмен", "тренер", "певец",
    "певиц", "актер", "актёр", "актрис", "режиссер", "режиссёр", "блогер", "студент", "школьни",
    "пенсионер", "учител", "врач", "бухгалтер", "водител", "фермер",
    "футболшы", "спортшы", "боксшы", "балуан", "жаттықтырушы", "әнші",
    "оқушы", "зейнеткер", "мұғалім", "дәрігер",
)
