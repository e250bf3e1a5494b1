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
RU_HEADS_OF_MANY = ("регионов", "областей", "районов", "городов")
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
# Other words that may open "... заместитель акима": "третий", "бессменный", "новый".
RU_DEPUTY_ADJECTIVES = ("второй", "второго", "третий", "третьего", "четвертый", "четвёртый",
                        "бессменный", "бессменного", "новый", "нового", "новому", "новым")
RU_FORMER = ("бывший", "бывшего", "бывшему", "бывшим", "бывшем", "экс", "прежний", "прежнего",
             "прошлом", "бытность", "прежнему", "прежним", "предыдущий", "предыдущего",
             "предыдущему", "предыдущим", "последнего")  # "последнего главы Семея": the last one before a change  # "в прошлом аким Карагандинской области"
# Someone else who stands in front of "акима": руководитель аппарата акима, помощник акима...
RU_NOT_AKIM_BEFORE = (
    "аппарат", "помощник", "советник", "пресс-секретар", "пресс-служб", "сын", "дочь", "дочер",
    "жена", "жены", "жене", "женой", "супруг", "брат", "сестр", "водител", "охранник",
    "референт", "канцеляри", "приемн", "приёмн", "родственни", "племянни", "кандидат",
)
# "должность акима X", "выборы акима": an office, not its holder on the article's date.
RU_NO_RESOLVE_BEFORE = ("должност", "пост", "кресл", "выбор", "полномоч", "назначени", "сайт",
                        # "с 2017 года был акимом Мангистауской области": someone's past, not today's holder
                        "был", "работал", "являл", "служил", "станет", "будет")
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

# Predicates between a name and its role: "X назначен акимом", "акимом стал X".
# Passive or intransitive only: in "Токаев назначил акимом X" the subject is not the akim.
RU_APPOINTED = {
    "назначен", "назначена", "назначены", "избран", "избрана", "утвержден", "утверждена",
    "утверждён", "утверждёна", "стал", "стала", "станет", "будет", "является", "назначается",
    "избирается", "становится", "болып", "победил", "победила",
}
# "X освобождён от должности акима", "X был акимом", "X, тогда ещё аким": the role is past.
RU_LEFT_OFFICE = {
    "освобожден", "освобождена", "освобождён", "освобождённый", "освобожденный", "снят",
    "снята", "отстранен", "отстранён", "отстранена", "уволен", "уволена", "покинул", "покинула",
    "был", "была", "работал", "работала", "занимал", "занимала", "занимавший",
    "занимавшая", "служил", "служила", "прежде", "бывший", "бывшего", "экс",
}
RU_NEW = {"новый", "новым", "нового", "новая", "новой", "действующий", "нынешний", "временно",
          "исполняющий", "исполняющим", "исполняющего", "уже"}
# Everything else that may stand between a name and its role in such a predicate.
RU_GAP_WORDS = RU_APPOINTED | RU_LEFT_OFFICE | RU_NEW | {
    "от", "с", "со", "на", "в", "пост", "поста", "посту", "должности", "должность",
    "занимаемой", "своей", "своего", "свой", "обязанности", "обязанностей", "ранее", "еще",
    "ещё", "также", "вновь", "снова", "годом", "году", "годах", "по", "собственному",
    "желанию", "и", "о", "теперь", "когда", "тогда", "он", "она",
}
# The words of the two lists above that are verbs: after one the name is its subject.
RU_PREDICATE_VERBS = (RU_APPOINTED | RU_LEFT_OFFICE) - {"тогда", "прежде", "бывший", "бывшего", "экс"}
# Kazakh: "X ... әкімі болып тағайындалды" (appointed as), "... қызметінен босатылды" (dismissed).
KK_AS = ("болып", "ретінде")
KK_APPOINTED = ("тағайындал", "сайлан", "бекітіл", "қайта")
KK_DISMISSED = ("босат", "кет")
KK_WAS = ("болған", "болды", "болып істеген", "болып жүрген")

# A sentence that looks back at someone's time in office: a registry name in it, with no
# role beside it, is a former akim ("Аксакалов почти 6 лет возглавлял акимат СКО",
# "в бытность акимом", "Абай облысын басқарған").
PAST_CUES = (
    "возглавлял", "руководил", "бытность", "будучи", "бывш", "прежн", "в прошлом",
    "ранее занимал", "занимавш", "покинул", "освобожд", "снят с", "снята с", "сняли с",
    "вместо", "сменил", "экс-", "тогда ещ",
    "бұрынғы", "басқарған", "басқарды", "босат", "болған кез", "кезінде",
)

# Titles of other offices. A name right after one ("вице-министра образования А",
# "Премьер-министр Олжас Бектенов", "облыстық мәслихат хатшысы Б") is not an akim in this
# text, even if the registry knows him as one at another time.
OTHER_OFFICE_STEMS = (
    "министр", "вице-министр", "премьер", "вице-премьер", "мажилисмен", "депутат", "сенатор",
    "председател", "руководител", "директор", "президент", "секретар", "советник", "посол",
    "ректор", "прокурор", "судь", "аудитор", "омбудсмен", "спикер", "замминистр", "глав минист",
    "начальник", "заведующ", "пресс-секретар", "уполномоченн", "вице-спикер",
    "төраға", "хатшы", "кеңесші", "директоры", "елші", "депутаты", "сенаторы",
    "бастығы", "меңгеруші", "министрі", "премьер-министрі", "вице-министрі",
    "minister", "premier", "chairman", "president", "secretary", "adviser", "ambassador",
)
OTHER_OFFICE_SPAN = 4  # "вице-министра сельского хозяйства РК" ... the name

# "его заместитель X": a deputy introduced through the akim the text is about.
RU_POSSESSIVE = {"его", "её", "ее", "своего", "своему", "своим", "свой", "своей", "своих"}
KK_POSSESSIVE = ("оның", "өзінің", "оларның")
RU_PLACE_ADJECTIVE_ENDINGS = ("ского", "цкого", "ской", "цкой", "скому", "цкому", "ском")
RU_DISMISSAL_STEMS = ("освобо", "снял", "снят", "сняли", "отстран", "уволи", "уволен", "покинул", "ушел", "ушёл")
# More words that may open a role phrase, for the sentence pre-filter only (they do not
# make an article "about akims"): "его заместитель X", "главе Илийского района X".
SCAN_STEMS = ("заместител", "орынбасар", "глав")
# What may stand between a plural role and the names it lists: "акимов Павлодара и
# Экибастуза А, Б и В", "облыстар әкімдері А және Б".
LIST_JOINERS = {"и", "а", "также", "города", "области", "районов", "районы", "городов", "областей",
                "және", "мен", "бен", "пен", "and"}
KK_GENITIVE = ("тың", "тің", "дың", "дің", "ның", "нің")
RU_SUCCEEDED = {"сменил", "сменила", "сменит", "заменил", "заменила", "сменивший", "сменившая"}
# Between a Kazakh role and the name after it: "әкім болған X" (who was akim: former),
# "орынбасары қызметінде болған X" (who served as deputy).
KK_WAS_AFTER = {"болған", "атқарған", "істеген"}
KK_GAP_AFTER = KK_WAS_AFTER | {"қызметінде", "қызметін", "болып", "лауазымында"}
