from remisskoll.model import RespondentType, Response, Stance, Status
from remisskoll.words import Lang, proposition_key, stance_word


def _r(name: str, kind: RespondentType, file: str = "x.pdf") -> Response:
    return Response(file=file, respondent=name, status=Status.OK, pages=1, respondent_type=kind)


def test_stance_words_in_both_languages():
    assert stance_word(Stance.CONDITIONAL) == "Tillstyrker med förbehåll"
    assert stance_word(Stance.NOT_ADDRESSED, Lang.EN) == "Not addressed"


def test_proposition_order_is_type_then_swedish_name():
    rows = [
        _r("Örebro kommun", RespondentType.KOMMUN),
        _r("Svensk sjuksköterskeförening", RespondentType.ORGANISATION),
        _r("Region Östergötland", RespondentType.REGION),
        _r("Ale kommun", RespondentType.KOMMUN),
        _r("Åre kommun", RespondentType.KOMMUN),
        _r("Socialstyrelsen", RespondentType.MYNDIGHET),
        _r("Anna Andersson", RespondentType.ENSKILD),
    ]
    names = [r.respondent for r in sorted(rows, key=proposition_key)]
    assert names == [
        "Socialstyrelsen",
        "Region Östergötland",
        "Ale kommun",
        "Åre kommun",
        "Örebro kommun",
        "Svensk sjuksköterskeförening",
        "Anna Andersson",
    ]
