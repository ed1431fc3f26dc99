"""Named people, places and organisations from text: capitalised runs, labelled by rules, offline.

Labels come from cues a reader uses: a title before a name (President, Minister), organisation words
(Ministry, Center, Police), a small gazetteer of countries and well-known places, a place preposition
("in Lorca"), and a surname that repeats a full name found earlier in the same article.
"""
from __future__ import annotations

import re
from collections import Counter

from ..article import Entity
from .dates import MONTHS, WEEKDAYS

def _letter_class(test) -> str:
    """A regex character class of the letters (up to U+2FFF: Latin, Greek, Cyrillic, ...) passing test."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x3000):
        if test(chr(cp)):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


UPPER = _letter_class(str.isupper)  # "[A-Z]" for every script: Erdoğan, José, Straße, Петров
LOWER = _letter_class(lambda c: c.islower() or (c.isalpha() and not c.isupper() and not c.istitle()))
_U, _L = f"[{UPPER}]", f"[{LOWER}]"
_WORD = rf"{_U}{_L}+(?:[-'’]{_U}?{_L}+)*|{_U}{{2,6}}(?!{_L})"
# The first word of a name is _WORD preceded by a word boundary, spelled so the pattern opens with a
# character class: the regex engine then skips ahead to the next capital instead of trying the whole
# pattern at every position (twice as fast on article text, same matches). "(?<!\w[A-Z])" is the boundary.
_FIRST = rf"{_U}(?<!\w{_U})(?:{_L}+(?:[-'’]{_U}?{_L}+)*|{_U}{{1,5}}(?!{_L}))"
NAME_RUN = re.compile(rf"{_FIRST}(?:\s+(?:(?:of|de|da|del|von|van|al|bin|the)\s+)?(?:{_WORD}|(?:{_U}\.)+(?=\s+{_U}{_L})))*")
_NAME = NAME_RUN

_LEADING = frozenset("""
The A An In On At But And Or So He She It They We I You This That These Those There Here Then Now Well When Where
While Why What Who How However According After Before Also As If For Of To By With Without Meanwhile Sadly No Yes
His Her Its Their Our My Your Our Some Many Most Each Every All Both Such Since Until Though Although Because
Last Next Earlier Later Today Yesterday Tomorrow Still Even Just Only Once Over Under Into From Despite During Among
Instead Indeed Overall Asked Speaking Police Officials Authorities Residents Witnesses Sources Reports Report
Der Die Das Den Dem Des Ein Eine Einen Einem Einer Es Er Sie Wir Ich Ihr Und Aber Doch Auch Nach Bei Mit Für Auf
Im Am Zum Zur Vom Wenn Als Wie Was Wer Dass Damit Denn Diese Dieser Dieses Jetzt Heute Gestern Nun Noch Schon
Nicht Kein Keine Man Mehr Laut Seit Vor Um Aus Über Unter Gegen Ob Weil Hier Dort Dabei Darauf Deshalb Trotzdem
Le La Les Un Une Des Du Il Elle Ils Elles Nous Vous On Ce Cette Ces Mais Et Ou Pour Dans Sur Avec Selon Depuis
Après Avant Lors Quand Si Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche
El Los Las Una Unos Unas Él Ella Ellos Nosotros Pero Y En Con Para Por Según Desde Este Esta Estos Estas Ese Esa
También Cuando Como Lo Gli Uno Lui Lei Noi Ma E Per Secondo Questo Questa Anche Quando
O Os As Um Uma Ele Ela Eles Mas Em Com Também Isso Isto Não
Мы Я Он Она Они Это Этот Эта Но И В На По Как Что Вы Ты
""".split())
_TIME = frozenset(name.title() for name in (*MONTHS, *WEEKDAYS)) | {"Christmas", "Easter"}
_TITLES = frozenset("""
President Minister Prime Secretary Senator Sen Governor Gov Mayor Judge Justice Actress Actor Singer Rapper Star
Coach Chief General Gen Colonel Col Captain Capt Sergeant Sgt Lieutenant Lt Officer Detective Prosecutor Attorney
Pope King Queen Prince Princess Sheikh Rep Representative Chairman Chairwoman Director Commissioner Ambassador
Spokesman Spokeswoman Spokesperson Mr Mrs Ms Miss Dr Professor Prof Sir Lord Lady Dame Archbishop Bishop Rev
Reverend Father Sister Brother Deputy Vice Foreign Defence Defense Interior Finance Health Justice Head Leader
Premier Chancellor Emir Ayatollah Cardinal Manager Owner Founder Producer Director Author Writer Playwright Del
Bundeskanzler Bundeskanzlerin Kanzler Kanzlerin Ministerin Präsident Präsidentin Bürgermeister Bürgermeisterin
Außenminister Außenministerin Bundespräsident Ministre Président Présidente Maire Presidente Ministro Ministra
Alcalde Alcaldesa Sindaco Prefeito Prefeita Министр Президент Глава Премьер
""".split())
_ORG_WORDS = re.compile(
    r"\b(Ministry|Group|Agency|Committee|Council|Union|Party|Office|Organization|Organisation|Bank|Court|Army|"
    r"Forces|Government|Commission|Center|Centre|Hospital|University|College|School|Institute|Department|Police|"
    r"Corporation|Corp|Inc|Ltd|Company|Association|Foundation|Federation|Times|News|Post|Journal|Network|Airlines|"
    r"Airways|Club|Senate|Congress|Parliament|Assembly|Service|Services|Board|Authority|Guard|Navy|Church|Museum|"
    r"Studios|Records|Press|Television|TV|Radio|Magazine|League|Association|Society|Fund|Trust|Exchange|Motors|"
    r"Ministerium|Partei|Bundestag|Bundesregierung|Ministère|Ministerio|Ministero|Ministério|Gobierno|Governo)\b")
_PLACE_WORDS = re.compile(
    r"\b(City|County|Beach|Island|Islands|Valley|Province|Region|District|Street|Avenue|Road|Bay|Lake|River|"
    r"Mountain|Mountains|Peninsula|Coast|Strait|Sea|Ocean|Gulf|Square|Airport|Harbor|Harbour|Village|Town|Highway|"
    r"Canyon|Desert|Hills|Heights|Springs|Falls|Straße|Strasse|Platz|Gasse|Allee|Weg|Rue|Calle|Via|Piazza|Rua)\b")
# The same word lists as sets: a name holds only letters, spaces and - ' ’, so "\bWord\b" occurs in it
# exactly when Word is one of its pieces split at those marks; a set test per piece beats a regex search.
_ORG_SET = frozenset(_ORG_WORDS.pattern[3:-3].split("|"))
_PLACE_SET = frozenset(_PLACE_WORDS.pattern[3:-3].split("|"))
_PIECES = str.maketrans("-'’", "   ")
_PLACE_BEFORE = re.compile(r"\b(in|at|from|near|across|outside|inside|to|into|toward|towards)\s+(?:the\s+)?$")

_SPEECH_AFTER = re.compile(r"\s*(?:,[^,]{0,40},\s*)?(said|says|told|stated|added|asked|noted|stressed|explained)\b")
_SPEECH_BEFORE = re.compile(r"\b(said|says|told|according to)\s+$")
_SPEECH_STARTS = ",stane"
_DEMONYM_ENDS = ("ian", "ean", "ani", "ese", "ish", "ic")  # Armenian, Korean, Pakistani, Chinese, British

# Countries, their common short forms, US states and a few dozen much-reported cities and regions.
_GAZETTEER = frozenset(line.strip() for line in """
Afghanistan|Albania|Algeria|Andorra|Angola|Argentina|Armenia|Australia|Austria|Azerbaijan|Bahamas|Bahrain
Bangladesh|Barbados|Belarus|Belgium|Belize|Benin|Bhutan|Bolivia|Bosnia|Botswana|Brazil|Brunei|Bulgaria|Burundi
Cambodia|Cameroon|Canada|Chad|Chile|China|Colombia|Congo|Croatia|Cuba|Cyprus|Czech Republic|Denmark|Djibouti
Dominican Republic|Ecuador|Egypt|El Salvador|Eritrea|Estonia|Ethiopia|Fiji|Finland|France|Gabon|Gambia|Georgia
Germany|Ghana|Greece|Guatemala|Guinea|Guyana|Haiti|Honduras|Hungary|Iceland|India|Indonesia|Iran|Iraq|Ireland
Israel|Italy|Jamaica|Japan|Jordan|Kazakhstan|Kenya|Kosovo|Kuwait|Kyrgyzstan|Laos|Latvia|Lebanon|Lesotho|Liberia
Libya|Liechtenstein|Lithuania|Luxembourg|Madagascar|Malawi|Malaysia|Maldives|Mali|Malta|Mauritania|Mauritius
Mexico|Moldova|Monaco|Mongolia|Montenegro|Morocco|Mozambique|Myanmar|Burma|Namibia|Nepal|Netherlands|Holland
New Zealand|Nicaragua|Niger|Nigeria|North Korea|South Korea|Korea|Norway|Oman|Pakistan|Palestine|Panama|Paraguay
Peru|Philippines|Poland|Portugal|Qatar|Romania|Russia|Rwanda|Saudi Arabia|Senegal|Serbia|Sierra Leone|Singapore
Slovakia|Slovenia|Somalia|South Africa|South Sudan|Spain|Sri Lanka|Sudan|Suriname|Sweden|Switzerland|Syria|Taiwan
Tajikistan|Tanzania|Thailand|Togo|Tonga|Tunisia|Turkey|Turkmenistan|Uganda|Ukraine|United Arab Emirates|UAE
United Kingdom|UK|Britain|Great Britain|England|Scotland|Wales|United States|US|USA|America|Uruguay|Uzbekistan
Venezuela|Vietnam|Yemen|Zambia|Zimbabwe|Europe|Asia|Africa|Latin America|Middle East|Caucasus|South Caucasus
Balkans|Scandinavia|Siberia|Crimea|Chechnya|Kashmir|Gaza|West Bank|Tibet|Kurdistan|Darfur|Nagorno-Karabakh
Karabakh|Nagorno Karabakh|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida
Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota
Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina
North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah
Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Los Angeles|San Francisco|Chicago|Boston|Philadelphia
Houston|Dallas|Miami|Atlanta|Seattle|Detroit|Denver|Phoenix|Las Vegas|San Diego|Hollywood|Manhattan|Brooklyn
Baltimore|Cleveland|Pittsburgh|New Orleans|London|Paris|Berlin|Madrid|Rome|Moscow|Beijing|Shanghai|Tokyo|Delhi
New Delhi|Mumbai|Kolkata|Karachi|Islamabad|Kabul|Baghdad|Tehran|Damascus|Beirut|Jerusalem|Tel Aviv|Cairo|Istanbul
Ankara|Athens|Vienna|Warsaw|Prague|Budapest|Brussels|Amsterdam|Geneva|Zurich|Stockholm|Oslo|Copenhagen|Helsinki
Dublin|Lisbon|Kiev|Kyiv|Minsk|Tbilisi|Yerevan|Baku|Riyadh|Dubai|Doha|Nairobi|Lagos|Johannesburg|Cape Town
Sydney|Melbourne|Toronto|Montreal|Vancouver|Ottawa|Mexico City|Havana|Bogota|Lima|Santiago|Buenos Aires
Sao Paulo|Rio de Janeiro|Caracas|Manila|Jakarta|Bangkok|Hanoi|Seoul|Pyongyang|Hong Kong|Singapore|Taipei
""".replace("\n", "|").split("|") if line.strip())


_POSSESSIVE_ENDS = ("'s", "’s")


def _with_possessives(words: frozenset[str]) -> frozenset[str]:
    """The words and their possessives: one set lookup asks "is w, less any trailing 's, in words"."""
    return words | {w + end for w in words for end in _POSSESSIVE_ENDS}


_TITLES_ANY = _with_possessives(_TITLES)
_SKIPPED_ANY = _with_possessives(_LEADING | _TIME)


def _clean(words: list[str]) -> tuple[list[str], bool]:
    """Drop leading function words and titles; True when a person's title was among them."""
    titled = False
    # A title before the last word, unless the run names an organisation: the person follows the title.
    if len(words) > 1 and not _TITLES_ANY.isdisjoint(words[:-1]) and \
            _ORG_SET.isdisjoint(" ".join(words).translate(_PIECES).split()):
        for i in range(len(words) - 2, -1, -1):
            if words[i] in _TITLES_ANY:  # "Russian Foreign Minister Sergei Lavrov"
                return _clean(words[i + 1:])[0], True
    organisation = not _ORG_SET.isdisjoint(" ".join(words).translate(_PIECES).split())
    while words:
        head = words[0]
        if head in _TITLES_ANY and not organisation:  # "the Interior Ministry" keeps "Interior"
            titled = True
        elif head not in _SKIPPED_ANY:
            break
        words = words[1:]
    while words and words[-1] in _TIME:
        words = words[:-1]
    if words and words[-1].endswith(_POSSESSIVE_ENDS):
        words = words[:-1] + [words[-1][:-2]]
    return words, titled


def _fixed_label(name: str, words: list[str], titled: bool) -> tuple[str | None, str, str]:
    """The label decided by the name alone (or None when context decides), then the label after a place
    preposition and the fallback label.

    Judged apart from the context so that a name seen many times in one article is judged once; the context checks
    (speech cue after or before, place preposition before) run per mention, in the same order as before.
    """
    if name in _GAZETTEER or (name.isupper() and name.title() in _GAZETTEER):
        return "PLACE", "", ""
    if len(words) == 1 and words[0].isupper():
        word = words[0].title()
        if word in _TIME or word in _LEADING or words[0] in ("AM", "PM") or len(words[0]) > 5:
            return "OTHER", "", ""
        return "ORG", "", ""
    pieces = name.translate(_PIECES).split() if len(words) > 1 or not name.isalpha() else words
    if not _ORG_SET.isdisjoint(pieces):
        return "ORG", "", ""
    if not _PLACE_SET.isdisjoint(pieces):
        return "PLACE", "", ""
    if titled:
        return "PERSON", "", ""
    if 2 <= len(words) <= 4 and all(w[0].isupper() and not w.isupper() for w in words):
        fallback = "PERSON"
    else:
        fallback = "OTHER"
    return None, ("OTHER" if len(words) == 1 and name.endswith(_DEMONYM_ENDS) else "PLACE"), fallback


# Per mention, a run whose label hangs on context is PERSON after a speech cue ("X said", "told X"),
# else the place label after a place preposition ("in X"), else its fallback. Cheap necessary
# conditions guard each regex: _SPEECH_AFTER needs a comma or a cue word's first letter right after any
# spaces; both "before" patterns need trailing space after a word ending like a cue word (or "the").
# Most mentions fail these, so most never reach a regex.
_BEFORE_ENDS = ("said", "says", "told", "to", "in", "at", "from", "near", "across", "outside", "inside", "into",
                "toward", "towards", "the")


def _judge(raw: str) -> list:
    """[mentions, name, fixed label or None, place label, fallback label, context votes] for a raw run."""
    words = raw.split()
    if len(words) == 1:  # most runs: _clean keeps the word unless it is a title or skipped, less any 's
        word = words[0]
        if word in _TITLES_ANY or word in _SKIPPED_ANY:
            return [0, "", "", "", "", None]
        name = word[:-2] if word.endswith(_POSSESSIVE_ENDS) else word
        return [0, name, *_fixed_label(name, [name], False), {}]
    words, titled = _clean(words)
    if not words or _TIME.issuperset(words):
        return [0, "", "", "", "", None]  # not an entity: counted, then dropped
    name = " ".join(words)
    return [0, name, *_fixed_label(name, words, titled), {}]


_NOUN_CAPITALISING = re.compile(r"\b(?:der|die|das|und|nicht|ist|mit|sich|dem|den|auch|wird|eine)\b")
_POSSESSIVE_SPLIT = re.compile(r"(?<=['’]s)\s+")


def capitalises_nouns(paragraphs: list[str]) -> bool:
    """German-like text, where a capital starts every noun: counted by its commonest small words."""
    return len(_NOUN_CAPITALISING.findall(" ".join(paragraphs[:3])[:3000])) >= 6


def _german_noun(word: str) -> bool:
    """A capitalised German common noun before a name: "Vereinsvorsitzende", "Holocaust-Überlebende"."""
    return "-" in word or word.endswith(("ende", "ung", "heit", "keit", "schaft", "ismus", "tion", "erin", "ler"))


def _headline_cased(line: str) -> bool:
    """A title-cased headline ("Karabakh Truce Implemenation"): its capitals say nothing about names."""
    words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words) and line[-1:] not in ".!?"


def _runs(paragraph: str):
    """Capitalised runs with their spans, split after a possessive ("Spain's José" -> "Spain's", "José")."""
    for match in _NAME.finditer(paragraph):
        raw = match.group(0)
        if "s " not in raw or not _POSSESSIVE_SPLIT.search(raw):
            yield raw, match.start(), match.end()
            continue
        offset = match.start()
        for piece in _POSSESSIVE_SPLIT.split(raw):
            start = paragraph.index(piece, offset)
            offset = start + len(piece)
            yield piece, start, offset


def find_entities(paragraphs: list[str], limit: int = 50) -> list[Entity]:
    # Per call, not module-level: each distinct raw run is cleaned and judged once per article, and its
    # mentions are tallied on it; only runs whose label hangs on context look at the words around them.
    seen: dict[str, list] = {}
    speech_after, speech_before, place_before = _SPEECH_AFTER.match, _SPEECH_BEFORE.search, _PLACE_BEFORE.search
    headline = bool(paragraphs) and _headline_cased(paragraphs[0])
    body_runs: set[str] = set()
    # In a language that capitalises its nouns (German), a lone capitalised word is a noun unless shown otherwise.
    nouny = capitalises_nouns(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        for raw, start, end in _runs(paragraph):
            if index:
                body_runs.add(raw)
            entry = seen.get(raw)
            if entry is None:
                entry = seen[raw] = _judge(raw)
            entry[0] += 1
            if entry[2] is None:  # the context rules above, inline: this runs for most mentions
                if start and paragraph[start - 1].isspace() and \
                        (before := paragraph[max(0, start - 20): start]).rstrip().endswith(_BEFORE_ENDS):
                    cue = "PERSON" if speech_before(before) else entry[3] if place_before(before) else ""
                else:
                    cue = ""
                if entry[4] == "PERSON" and cue in ("", "PERSON"):  # a speech cue after would not change it
                    label = "PERSON"
                else:
                    after = paragraph[end: end + 20]
                    if after.lstrip()[:1] in _SPEECH_STARTS and speech_after(after):
                        label = "PERSON"
                    else:
                        label = cue or entry[4]
                context = entry[5]
                context[label] = context.get(label, 0) + 1
    # Runs in first-seen order give names in first-mention order, as counting mention by mention would.
    counts: Counter[str] = Counter()
    votes: dict[str, dict[str, int]] = {}
    for mentions, name, fixed, _, _, context in seen.values():
        if not name:
            continue
        counts[name] = counts.get(name, 0) + mentions  # plain dict calls: no __missing__ per new name
        vote = votes.get(name)
        if vote is None:
            votes[name] = context if fixed is None else {fixed: mentions}  # each run is read once
        else:
            for label, n in context.items() if fixed is None else ((fixed, mentions),):
                vote[label] = vote.get(label, 0) + n
    labels = {name: _vote(v) for name, v in votes.items()}
    _link_surnames(counts, labels)
    if headline:  # a title-cased headline's capitals say nothing: a person must be named in the body too
        named_in_body = {seen[raw][1] for raw in body_runs}
        for name in counts:
            if labels[name] == "PERSON" and name not in named_in_body:
                labels[name] = "OTHER"
    if nouny:  # a lone word stays only when something beyond its capital says it is a name
        for name in [n for n in counts if " " not in n and labels[n] in ("OTHER", "PERSON") and not n.isupper()]:
            del counts[name]
        for name in [n for n in counts if n.count(" ") >= 2 and _german_noun(n.split(" ", 1)[0])]:
            rest = name.split(" ", 1)[1]  # "Holocaust-Überlebende Inge Auerbacher" -> "Inge Auerbacher"
            counts[rest] = counts.get(rest, 0) + counts.pop(name)
            labels.setdefault(rest, labels[name])
    return [Entity(name, labels[name], count) for name, count in counts.most_common(limit)]


def _vote(votes: dict[str, int]) -> str:
    """The most frequent specific label; OTHER only when nothing else was seen."""
    if len(votes) == 1:  # the usual case: one label, whatever it is, wins
        return next(iter(votes))
    specific = [(n, label) for label, n in votes.items() if label != "OTHER"]
    return max(specific)[1] if specific else "OTHER"


def _link_surnames(counts: Counter[str], labels: dict[str, str]) -> None:
    """A lone word repeating the last word of a person's full name is that person ("Lavrov")."""
    full = {}
    for name, label in labels.items():
        if label == "PERSON" and " " in name:  # names are words joined by single spaces
            full.setdefault(name.rsplit(" ", 1)[1], name)
    if not full:
        return
    for name in list(counts):
        if " " in name or labels.get(name) not in ("OTHER", "PERSON") or name not in full:
            continue
        counts[full[name]] += counts.pop(name)
        labels.pop(name, None)
    for name in list(counts):
        if " " not in name and name in full and labels[name] == "OTHER":
            labels[name] = "PERSON"


def clean_name(words: list[str]) -> tuple[list[str], bool]:
    """A capitalised run's name words, less leading function words and titles; True when titled."""
    return _clean(words)


def is_known_place(name: str) -> bool:
    """A country, US state or much-reported city or region (the gazetteer above)."""
    return name in _GAZETTEER


def name_runs(paragraph: str):
    """(run, start, end) for each capitalised run of the paragraph, split after possessives."""
    return _runs(paragraph)
