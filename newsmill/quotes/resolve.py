"""Speaker phrases resolved to names within one document.

"Lavrov" -> the full name the article gives ("Sergei Lavrov"); "he"/"she" -> the last person in a subject
position or speaking before the quote (skipping one whose pronouns say otherwise); "the minister", "the
Russian Foreign Minister" -> the person introduced with those role words; "it", "the ministry", "the
statement" -> the organisation; "a source" -> nobody by name.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from dataclasses import dataclass, field

from ..article import Entity
from ..describe.entities import capitalises_nouns, clean_name, is_known_place, name_runs
from .vocab import (DETERMINERS, DOCUMENT_HEADS, INDEFINITE, ORG_HEADS, PREPOSITIONS, PRONOUNS_FEMALE,
                    PRONOUNS_GROUP, PRONOUNS_PERSON, PRONOUNS_THING, ROLE_WORDS)

_GENDER = re.compile(r"\b(he|his|him|she|her|hers)\b", re.I)
_APPOSITION = re.compile(r"\s*,\s*((?:[\w'’-]+\s+){0,12}?[\w'’-]+)\s*[,.;]")
_BEFORE_WORDS = re.compile(r"((?:[\w'’-]+[ ,]+){1,4})$")
_GROUP = "GROUP"


@dataclass
class Person:
    name: str
    roles: set[str] = field(default_factory=set)
    male: int = 0
    female: int = 0


@dataclass(slots=True)
class Mention:
    paragraph: int
    at: int
    name: str
    label: str


def _place(mention: Mention) -> tuple[int, int]:
    return mention.paragraph, mention.at


def _demonym(name: str) -> bool:
    """"Russian", "Azerbaijani": one word naming a people, never a speaker by itself."""
    return " " not in name and name.endswith(("ian", "ean", "ani", "ese", "ish", "ic", "an", "i"))


def _role_word(word: str) -> bool:
    low = word.lower()
    return low in ROLE_WORDS or (word[:1].isupper() and _demonym(word))


class DocumentIndex:
    """Who is who in one article: aliases, roles, genders, and the salient mentions in reading order."""

    def __init__(self, paragraphs: list[str], entities: list[Entity], quoted: list[list[tuple[int, int]]]) -> None:
        self.labels: dict[str, str] = {}
        self.alias: dict[str, str] = {}
        self.people: dict[str, Person] = {}
        self.timeline: list[Mention] = []
        self.speakers: set[str] = set()
        self.nouny = capitalises_nouns(paragraphs)
        self._aliases(entities)
        for index, paragraph in enumerate(paragraphs):
            self._scan(index, paragraph, quoted[index])

    def _aliases(self, entities: list[Entity]) -> None:
        orgs = []
        for entity in entities:
            self.labels.setdefault(entity.text, entity.label)
            self.alias.setdefault(entity.text, entity.text)
            words = entity.text.split()
            if entity.label == "PERSON":
                self.people.setdefault(entity.text, Person(entity.text))
                if len(words) > 1:
                    self.alias.setdefault(words[-1], entity.text)
                    self.alias.setdefault(words[0], entity.text)
            elif entity.label == "ORG":
                orgs.append(entity.text)
        for org in sorted(orgs, key=len):  # "Minsk Group" -> "OSCE Minsk Group"
            for longer in orgs:
                if longer != org and longer.endswith(" " + org):
                    self.alias[org] = longer

    def canonical(self, name: str) -> str:
        found = self.alias.get(name)
        if found is None and " " in name:
            found = self.alias.get(name.rsplit(" ", 1)[1])
            if found is not None and not found.endswith(name.rsplit(" ", 1)[1]):
                found = None
        if found is not None and " " not in found and len(found) < len(name):  # "G.K. Butterfield" written
            return name
        return found or name

    def label(self, name: str) -> str:
        label = self.labels.get(name)
        if label == "ORG" or (label == "PLACE" and is_known_place(name)):
            return label
        return "PERSON"

    def _scan(self, index: int, paragraph: str, quoted: list[tuple[int, int]]) -> None:
        """People's facts from every mention; the timeline from mentions outside quotes."""
        for raw, start, end in name_runs(paragraph):
            words, titled = clean_name(raw.split())
            if not words:
                continue
            name = self.canonical(" ".join(words))
            label = self.labels.get(name)
            if label is None:
                continue
            if label == "PERSON":
                self._person_facts(self.people.setdefault(name, Person(name)), raw, words, paragraph, start, end)
            if self._subject(paragraph, start, end) and not (label == "PERSON" and _demonym(name)) \
                    and not any(a <= start < b for a, b in quoted):
                self.timeline.append(Mention(index, start, name, label))

    def _person_facts(self, person: Person, raw: str, words: list[str], paragraph: str, start: int,
                      end: int) -> None:
        """Role words around a mention ("Kremlin spokesman Dmitry Peskov", "Smith, the mayor,") and gender."""
        roles = [w.lower() for w in raw.split()[: len(raw.split()) - len(words)]]
        before = _BEFORE_WORDS.search(paragraph[max(0, start - 50): start])
        if before:  # the role words right before the name: "Kremlin spokesman Dmitry Peskov"
            for word in reversed([w for w in re.split(r"[ ,]+", before.group(1)) if w]):
                if not _role_word(word):
                    break
                roles.append(word.lower())
        after = _APPOSITION.match(paragraph, end)
        if after:
            roles += [w.lower() for w in after.group(1).split() if _role_word(w)]
        person.roles.update(roles)
        prefix = paragraph[max(0, start - 5): start]
        if prefix.endswith(("Mrs. ", "Ms. ", "Miss ")):
            person.female += 2
        elif prefix.endswith("Mr. "):
            person.male += 2
        stop = paragraph.find(". ", end)
        pronoun = _GENDER.search(paragraph, end, min(len(paragraph), end + 160, stop if stop >= 0 else 10**9))
        if pronoun:
            if pronoun.group(1).lower() in ("she", "her", "hers"):
                person.female += 1
            else:
                person.male += 1

    @staticmethod
    def _subject(paragraph: str, start: int, end: int) -> bool:
        """A mention a later "he" or "it" may point to: not after a preposition, not closing a sentence."""
        before = paragraph[max(0, start - 16): start].split()
        if before and before[-1].lower().strip(",") in PREPOSITIONS:
            return False
        rest = paragraph[end: end + 2]
        return not rest.startswith((".", ";")) and rest != ""

    def add_speaker(self, paragraph: int, at: int, name: str, label: str) -> None:
        insort(self.timeline, Mention(paragraph, at, name, label), key=_place)
        self.speakers.add(name)

    def known_person(self, name: str) -> bool:
        """Something beyond two capitals says this is a person: a role, a title, pronouns, or speech."""
        person = self.people.get(name)
        return person is not None and bool(person.roles or person.male or person.female or name in self.speakers)

    def resolve(self, words: list[str], paragraph: int, at: int) -> tuple[str | None, str]:
        """The speaker a phrase names and its label (PERSON, ORG, PLACE, GROUP), or None when anonymous."""
        lower = [w.lower() for w in words]
        if len(words) == 1 and (lower[0] in PRONOUNS_PERSON or lower[0] in PRONOUNS_GROUP
                                or lower[0] in PRONOUNS_THING or lower[0] == "sie"):
            return self._pronoun(lower[0], paragraph, at)
        last = max((i for i, w in enumerate(words) if w[0].isupper() and lower[i] not in DETERMINERS), default=-1)
        if last >= 0:
            first = last
            while first > 0 and (words[first - 1][0].isupper() or lower[first - 1] in ("of", "de", "von", "van")):
                first -= 1
            name_words, titled = clean_name(words[first: last + 1])
            tail = lower[last + 1:]
            if self.nouny and len(name_words) == 1 and name_words[0] not in self.alias:
                name_words = []  # German: one capitalised word the entities do not hold is a noun ("Oberst")
            if name_words:
                name = self.canonical(" ".join(name_words))
                label = self.label(name) if not titled else "PERSON"
                if tail and tail[-1] in DOCUMENT_HEADS:
                    return name, "ORG" if label != "PERSON" else label
                if tail and label != "PERSON" or (tail and tail[-1] in ORG_HEADS):
                    return f"{name} {' '.join(words[last + 1:])}", _GROUP
                return name, label
        return self._role(lower, paragraph, at)

    def _before(self, paragraph: int, at: int):
        """Mentions before a place, nearest first."""
        return reversed(self.timeline[: bisect_left(self.timeline, (paragraph, at), key=_place)])

    def _pronoun(self, pronoun: str, paragraph: int, at: int) -> tuple[str | None, str]:
        if pronoun in PRONOUNS_THING:
            wanted = ("ORG",)
        elif pronoun in PRONOUNS_GROUP:
            wanted = (_GROUP, "ORG")
        else:
            wanted = ("PERSON",)
        female = pronoun in PRONOUNS_FEMALE
        if pronoun in PRONOUNS_THING:  # "it said": the organisation that has been speaking, else the last one named
            for mention in self._before(paragraph, at):
                if mention.paragraph < paragraph - 4:
                    break
                if mention.label == "ORG" and mention.name in self.speakers:
                    return mention.name, "ORG"
        for known_only in (True, False):  # a person shown to be one first, else any name taken for a person
            for mention in self._before(paragraph, at):
                if mention.label not in wanted or (not known_only and mention.paragraph < paragraph - 2):
                    continue
                person = self.people.get(mention.name)
                if known_only and mention.label == "PERSON" and not self.known_person(mention.name):
                    continue
                if person is not None and pronoun in PRONOUNS_PERSON:
                    if female and person.male > person.female or not female and person.female > person.male:
                        continue
                    if female:  # "she said" is evidence too
                        person.female += 1
                    else:
                        person.male += 1
                return mention.name, mention.label
        return None, wanted[0]

    def _role(self, lower: list[str], paragraph: int, at: int) -> tuple[str | None, str]:
        if not lower or lower[0] in INDEFINITE:
            return None, "PERSON"
        words = [w for w in lower if w not in DETERMINERS]
        if not words:
            return None, "PERSON"
        head = words[-1]
        if head in DOCUMENT_HEADS or head in ORG_HEADS:
            for mention in self._before(paragraph, at):
                if mention.label == "ORG" and (head in DOCUMENT_HEADS or head in mention.name.lower()):
                    return mention.name, "ORG"
            return None, "ORG"
        best, best_score = None, 0
        order = {m.name: i for i, m in enumerate(self.timeline[: bisect_left(self.timeline, (paragraph, at), key=_place)])}
        for person in self.people.values():
            if head not in person.roles or person.name not in order:
                continue
            score = (len(set(words) & person.roles), order[person.name])
            if best is None or score > best_score:
                best, best_score = person.name, score
        return best, "PERSON"
