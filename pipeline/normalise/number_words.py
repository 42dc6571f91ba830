"""The word lists of number recognition (module constants: the only place each lives)."""

from __future__ import annotations

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Magnitude abbreviations, standalone ("$5 m", "$2 bn") or glued to digits ("2bn", "4k").
# "m" is a million only next to a currency (otherwise it is metres).
MAGNITUDE_ABBREV = {
    "k": 1e3, "bn": 1e9, "b": 1e9, "bln": 1e9, "mn": 1e6, "mln": 1e6,
    "m": 1e6, "tn": 1e12, "trn": 1e12,
}
# Plural scale words used vaguely: "dozens" -> at least two dozen, and so on.
VAGUE_PLURALS = {
    "dozens": 12, "scores": 20, "hundreds": 1e2, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9, "trillions": 1e12,
}
# Vague words and the lower bound each implies ("several" = more than two;
# "a few" = at least two; "a couple" is 2, approximately; "a handful" fixes no bound).
VAGUE_LOWER = {"several": 3.0, "few": 2.0}
FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
    "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10,
}

# Approximators and bounds written before the number: words -> (approximate, bound).
PREFIXES: dict[tuple[str, ...], tuple[bool, str | None]] = {
    ("around",): (True, None), ("about",): (True, None), ("roughly",): (True, None),
    ("approximately",): (True, None), ("approx.",): (True, None), ("some",): (True, None),
    ("nearly",): (True, None), ("almost",): (True, None), ("close", "to"): (True, None),
    ("circa",): (True, None), ("estimated",): (True, None), ("an", "estimated"): (True, None),
    ("just", "about"): (True, None), ("more", "or", "less"): (True, None),
    ("more", "than"): (False, "low"), ("over",): (False, "low"), ("at", "least"): (False, "low"),
    ("above",): (False, "low"), ("in", "excess", "of"): (False, "low"),
    ("upwards", "of"): (False, "low"), ("upward", "of"): (False, "low"),
    ("north", "of"): (False, "low"), ("no", "fewer", "than"): (False, "low"),
    ("no", "less", "than"): (False, "low"), ("not", "less", "than"): (False, "low"),
    ("a", "minimum", "of"): (False, "low"), ("as", "few", "as"): (False, "low"),
    ("as", "little", "as"): (False, "low"), ("well", "over"): (False, "low"),
    ("just", "over"): (True, "low"), ("just", "under"): (True, "high"),
    ("fewer", "than"): (False, "high"), ("less", "than"): (False, "high"),
    ("under",): (False, "high"), ("up", "to"): (False, "high"), ("at", "most"): (False, "high"),
    ("no", "more", "than"): (False, "high"), ("not", "more", "than"): (False, "high"),
    ("below",): (False, "high"), ("as", "many", "as"): (False, "high"),
    ("as", "much", "as"): (False, "high"), ("as", "high", "as"): (False, "high"),
    ("a", "maximum", "of"): (False, "high"),
}
MAX_PREFIX_WORDS = max(len(k) for k in PREFIXES)
# Any other comparative + "than" is a bound too ("younger than 18" -> high 18).
LOW_COMPARATIVES = {"more", "greater", "higher", "larger", "bigger", "older", "longer",
                    "taller", "heavier", "wider", "further", "farther", "better"}
# "$200 or less", "65 or older": the number is a bound
POSTFIX_BOUNDS = {"more": "low", "greater": "low", "higher": "low", "above": "low", "over": "low",
                  "older": "low", "longer": "low", "less": "high", "fewer": "high", "lower": "high",
                  "below": "high", "under": "high", "younger": "high"}
AND_BOUNDS = {"older": "low", "up": "low", "over": "low", "above": "low", "younger": "high",
              "under": "high", "below": "high"}
HIGH_COMPARATIVES = {"less", "fewer", "lower", "smaller", "younger", "shorter",
                     "lighter", "cheaper", "narrower"}

CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP",
    "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "c$": "CAD", "ca$": "CAD", "a$": "AUD",
    "au$": "AUD", "hk$": "HKD", "nz$": "NZD", "₽": "RUB", "₴": "UAH", "₹": "INR",
    "rs": "INR", "rs.": "INR", "chf": "CHF", "cny": "CNY", "rmb": "CNY", "rub": "RUB",
    "uah": "UAH", "inr": "INR", "cad": "CAD", "aud": "AUD",
}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "yen": "JPY",
    "yuan": "CNY", "renminbi": "CNY", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB",
    "roubles": "RUB", "hryvnia": "UAH", "hryvnias": "UAH", "hryvnas": "UAH",
    "rupee": "INR", "rupees": "INR", "pesos": "MXN", "peso": "MXN",
    "francs": "CHF", "franc": "CHF", "shekels": "ILS", "shekel": "ILS", "won": "KRW",
    "usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "cny": "CNY", "rub": "RUB",
    "uah": "UAH", "chf": "CHF", "cad": "CAD", "aud": "AUD", "inr": "INR",
}
# Subunits: value is divided by 100 ("24 cents" -> 0.24 USD).
CURRENCY_SUBUNITS = {"cent": "USD", "cents": "USD", "pence": "GBP", "kopecks": "RUB"}

YEAR_PREPOSITIONS = {"in", "since", "until", "by", "of", "from", "during", "before", "after",
                     "circa", "around", "till", "through", "to", "and", "year"}
CLOCK_WORDS = {"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "o'clock", "gmt", "utc", "et",
               "est", "edt", "pt", "pst", "pdt", "ct", "cst", "cdt", "bst", "cet", "msk", "hrs"}
# Entity labels whose numbers are parts of names ("Fox 5", "Air Force One",
# "The 40-Year-Old Virgin"), not quantities.
NAME_LABELS = {"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "LAW", "FAC", "EVENT",
               "GPE", "LOC", "NORP", "LANGUAGE"}
# Nouns that take a number as an identifier after them ("page 6", "No. 2").
ID_NOUNS = {"no.", "no", "number", "#", "page", "pages", "article", "section", "chapter",
            "room", "flight", "route", "highway", "interstate", "district", "precinct",
            "level", "phase", "stage", "episode", "season", "game", "round", "item",
            "proposition", "prop.", "amendment", "title", "line", "gate", "terminal",
            "platform", "channel", "version", "model", "grade", "class", "category",
            "exhibit", "figure", "table", "paragraph", "clause", "step", "week", "day"}
# Verbs of change: "rose from 5 to 10" names two values, not a range.
CHANGE_VERBS = {"rise", "fall", "drop", "grow", "increase", "decrease", "decline",
                "climb", "jump", "go", "cut", "reduce", "raise", "lower", "slip", "slide",
                "plunge", "soar", "surge", "shrink", "swell", "expand", "dip", "tumble",
                "balloon", "move", "shift", "change", "improve", "narrow", "widen"}
# Adjectives and participles used as plural nouns after a number ("the 53 wounded").
NOMINAL_ADJECTIVES = {"wounded", "injured", "dead", "killed", "missing", "detained", "arrested",
                      "accused", "displaced", "homeless", "unemployed", "uninsured", "undecided",
                      "hospitalized", "hostages", "survivors", "elderly", "sick", "poor", "rich"}
# Leading words dropped from `counted` ("60,000 of their soldiers" -> "soldiers").
COUNTED_STRIP = {"other", "such", "additional", "more", "of", "those", "these", "the",
                 "a", "an", "some", "all", "their", "his", "her", "its", "our", "your",
                 "my", "whose"}
# "one" is a pronoun or an idiom far more often than a count in these.
ONE_IDIOMS = {("one", "another"), ("one", "day"), ("one", "way"), ("one", "by"),
              ("one", "time"), ("one", "point"), ("one", "thing"), ("no", "one"),
              ("one", "or", "another"), ("one", "hand")}
