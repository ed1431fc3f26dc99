"""The words and marks quotes are found with, per language, as named data (one home for all of them).

Speech verbs are the inflected forms a reporter writes next to a quote ("said", "sagte", "a déclaré",
"dijo", "ha detto", "afirmou", "сказал"); the finder matches them token by token, lower-cased.
"""
from __future__ import annotations

# Opening mark -> the marks that may close it. "»…«" (German, Danish) and "«…»" both occur, so each guillemet
# opens with the other as its closer; German „…“ closes with “, Polish „…” with ”.
DOUBLE_OPENERS: dict[str, str] = {
    "“": "”\"", "„": "“”", "«": "»", "»": "«", "「": "」", "『": "』", '"': '"”',
}  # straight and curly marks get mixed in one quote ("“Immunity deals …," Chaffetz said)
# Single marks double as apostrophes, so they only count when a closer is found in the same paragraph.
SINGLE_OPENERS: dict[str, str] = {"‘": "’", "‚": "‘’", "‹": "›", "›": "‹", "'": "'"}
QUOTE_CHARS = frozenset("".join(DOUBLE_OPENERS) + "".join(DOUBLE_OPENERS.values())
                        + "".join(SINGLE_OPENERS) + "".join(SINGLE_OPENERS.values()) + "”")

SPEECH_VERBS: dict[str, frozenset[str]] = {
    "en": frozenset("""
        say says said saying tell tells told telling add adds added adding state states stated note notes noted
        stress stresses stressed ask asks asked warn warns warned explain explains explained declare declares
        declared write writes wrote insist insists insisted argue argues argued claim claims claimed continue
        continues continued recall recalls recalled reply replies replied respond responds responded acknowledge
        acknowledged acknowledges admit admits admitted announce announces announced observe observed remark remarked
        suggest suggests suggested tweet tweets tweeted post posted emphasize emphasized emphasizes emphasise
        emphasised reiterate reiterated reiterates assure assured urge urges urged describe described describes
        praise praised vow vowed vows caution cautioned concede conceded complain complained contend contended
        counter countered maintain maintained joke joked quip quipped shout shouted yell yelled scream screamed
        whisper whispered muse mused predict predicted promise promised confirm confirmed deny denied boast boasted
        lament lamented agree agreed testify testified report reports reported conclude concluded concludes
        recount recounted exclaim exclaimed demand demanded charge charged allege alleged accuse accused reveal
        revealed disclose disclosed announce pledge pledged mention mentioned indicate indicated point pointed
        call calls called thunder thundered sing sings sang write apologize apologized apologised retort retorted counsel advise advised inform informed brag bragged
        """.split()),
    "de": frozenset("""
        sagte sagt sagten sagen gesagt erklärte erklärt erklärten betonte betont betonten fügte fügt meinte
        meint sprach spricht schrieb schreibt warnte warnt fragte fragt antwortete antwortet berichtete berichtet
        kritisierte kritisiert forderte fordert versicherte versichert räumte unterstrich unterstreicht
        bekräftigte bekräftigt teilte zitiert kündigte ergänzte ergänzt erzählte erzählt
        """.split()),
    "fr": frozenset("""
        dit dis disait déclaré déclare déclarait affirmé affirme affirmait ajouté ajoute ajoutait expliqué explique
        expliquait souligné souligne estimé estime indiqué indique précisé précise assuré assure répondu répond
        lancé lance confié confie insisté insiste écrit écrivait raconté raconte martelé martèle prévenu dénoncé
        dénonce rappelé rappelle annoncé annonce selon
        """.split()),
    "es": frozenset("""
        dijo dice decía declaró declara afirmó afirma añadió añade agregó agrega explicó explica señaló señala
        aseguró asegura indicó indica subrayó subraya destacó destaca manifestó manifiesta sostuvo sostiene
        advirtió advierte insistió insiste respondió responde escribió escribe comentó comenta apuntó apunta
        expresó expresa según
        """.split()),
    "it": frozenset("""
        detto dice diceva disse dichiarato dichiara dichiarò affermato afferma affermò aggiunto aggiunge aggiunse
        spiegato spiega spiegò sottolineato sottolinea sottolineò ribadito ribadisce ribadì osservato osserva
        commentato commenta assicurato assicura risposto risponde rispose scritto scrive scrisse avvertito avverte
        secondo
        """.split()),
    "pt": frozenset("""
        disse diz dizia declarou declara afirmou afirma acrescentou acrescenta explicou explica sublinhou sublinha
        destacou destaca salientou salienta garantiu garante respondeu responde escreveu escreve comentou comenta
        frisou frisa indicou indica segundo
        """.split()),
    "ru": frozenset("""
        сказал сказала сказали говорит говорил говорила заявил заявила заявили отметил отметила отметили добавил
        добавила добавили подчеркнул подчеркнула пояснил пояснила сообщил сообщила сообщили написал написала
        ответил ответила считает уверен уверена признал признала предупредил предупредила
        """.split()),
}
ALL_SPEECH_VERBS: frozenset[str] = frozenset().union(*SPEECH_VERBS.values())
# Separable particles and multi-word verbs are left out above ("fügte … hinzu": "hinzu", "ein", "mit" are
# everyday words); only the inflected verb is matched.
# Words that can open a cue but say nothing alone: "went on", "pointed out", "said in a statement".
CUE_PARTICLES = frozenset("out on in a statement to reporters hinzu ein mit an".split())
# "according to X", "selon X", "según X", "laut X": the speaker follows.
ACCORDING = {("according", "to"), ("selon",), ("según",), ("segundo",), ("secondo",), ("laut",), ("zufolge",),
             ("по", "словам"), ("d'après",)}

# Auxiliaries and adverbs that may sit between a speaker and the verb ("Lavrov also said", "he has told").
BETWEEN = frozenset("""
also further later then again repeatedly recently previously once often has had have was were is would will
could should may might did does do later earlier first last since still once already simply just reportedly
hat habe hatte wird würde auch noch dann bereits a ha ha avait aussi también también ya ha aveva anche já
também тоже также уже ещё
""".split())

PRONOUNS_PERSON = frozenset("he she him er il elle él ella lui lei ele ela он она".split())
PRONOUNS_FEMALE = frozenset("she elle ella lei ela она".split())
PRONOUNS_GROUP = frozenset("they ils elles ellos ellas loro eles elas они".split())
PRONOUNS_THING = frozenset("it es".split())
PRONOUNS = PRONOUNS_PERSON | PRONOUNS_GROUP | PRONOUNS_THING | frozenset({"sie"})  # "sie": she or they

DETERMINERS = frozenset("""
the a an this that these those his her its their our my your
der die das den dem des ein eine einer eines einem einen
le la les l' un une du des
el la los las un una unos unas
il lo gli i uno una
o os as um uma
""".split())
INDEFINITE = frozenset("a an ein eine einer einem einen un une una uno unos unas um uma some several".split())

# Nouns naming a speaker's role or kind: part of a speaker phrase ("resident John Smith", "the mayor").
ROLE_WORDS = frozenset("""
minister ministers spokesman spokeswoman spokesperson president mayor official officials resident residents
governor senator secretary chairman chairwoman chair director chief head leader leaders ambassador candidate
nominee adviser advisor aide aides manager analyst analysts expert experts professor lawyer attorney officer
commander counterpart diplomat diplomats envoy negotiator general colonel captain sheriff judge prosecutor
detective witness witnesses source sources member members representative representatives co-chair co-chairs
cochairs founder owner executive ceo economist strategist pollster surrogate supporter supporters voter voters
congressman congresswoman lawmaker lawmakers legislator politician campaign team host anchor reporter journalist
meteorologist scientist researcher doctor nurse teacher student students activist activists organizer organizers
worker workers neighbor neighbour father mother son daughter wife husband brother sister friend friends
partner colleague colleagues coach player players fan fans nominee chancellor premier king queen prince
pope cardinal bishop priest rabbi imam deputy vice foreign defense defence interior justice state prime former
top senior chief visiting acting retired
sprecher sprecherin minister ministerin präsident präsidentin bürgermeister kanzler kanzlerin
porte-parole ministre président maire portavoz ministro presidente alcalde portavoce sindaco prefeito
министр президент представитель пресс-секретарь глава
""".split())
# Nouns naming an organisation or one of its products when it is the speaker ("the ministry", "the statement").
ORG_HEADS = frozenset("""
ministry government agency committee council office department company firm group statement report release
communique communiqué administration campaign embassy police army military court commission party union
organization organisation foundation institute university network newspaper paper outlet site website kremlin
white house team club federation authority authorities
""".split())
DOCUMENT_HEADS = frozenset("statement report release communique communiqué letter note filing post tweet".split())

# Words that stop a speaker phrase: a clause starts ("who", "which", "and").
STOP_WORDS = frozenset("""
and or but who which whom whose that because while when where after before during as if than not no
und oder aber wer welche weil et ou mais qui que y pero quien e mas и или но кто
""".split())

PREPOSITIONS = frozenset("""with to by for of from against about at on in like than between among toward towards
into onto over under behind beside besides including via through during after before since until
mit von für bei gegen im am beim zum zur auf aus nach über vom avec pour par contre dans sur chez à au aux
con para por contra en del al su da dal nel sul em no na nos nas pelo pela
в во на с со к о об у из по за для от до при""".split())
# Abbreviations a full stop does not end a sentence after ("Rev. Peter Wherry", "Sen. Warren").
ABBREVIATIONS = frozenset("""Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Sgt Capt Prof St Jr Sr Rev Hon Amb Pres Supt Del
Inc Corp Ltd Co No vs Sept Sep Oct Nov Dec Jan Feb Aug Ave Blvd Mt Ft Adm Cmdr Maj Brig Atty Dept Univ""".split())
