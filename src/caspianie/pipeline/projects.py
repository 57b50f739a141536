"""``caspianie_projects``: infrastructure projects with canonical keys and kinds.

Reads the PROJECT spans of the entity layer (gazetteer ids or generic rule
ids), splits coordinations ("the ports of Aktau and Baku", "Tengiz and
Kashagan oil fields") into one project each, pulls abbreviations out of names
("Baku–Tbilisi–Ceyhan (BTC) pipeline" -> alias BTC), links later bare
abbreviations and "also known as" names, and writes the project layer, each
span carrying a ``ProjectInfo`` (key, kind, rule, name, aliases; see ``layers.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc, Span

from caspianie.pipeline.actorrules import KeyedMention
from caspianie.pipeline.docindex import DESCRIBED_PROJECT
from caspianie.pipeline.extensions import doc_text, register_extensions, token_starts, token_texts
from caspianie.pipeline.layers import ENTITIES, PROJECTS, ProjectInfo, layer_names, wire
from caspianie.knowledge.gazetteer import load_gazetteer
from caspianie.knowledge.patternfiles import lexicons
from caspianie.normalize import normalize_name, slugify
from caspianie.pipeline.typos import one_letter_apart

RULE_KINDS = dict(lexicons()["project_rule_kinds"])
PORT_WORDS = {"port", "seaport", "of", "at", "in", "the", "dry", "sea", "river", "commercial", "international", "ferry",
              "complex", "terminal"}
MIN_TYPO_LENGTH = 5  # a misspelled word of a known name is this long at least ("Tblisi" for "Tbilisi")
ROMAN_NUMERALS = {"I", "II", "III", "IV", "V", "VI"}
ALIAS_CUES = ("also known as", "better known as", "known as", "or the", "called")


@dataclass
class ProjectMention(KeyedMention):
    """A project mention before it becomes a span."""

    aliases: list[str] = field(default_factory=list)


class ProjectLinker:
    """Turn PROJECT spans into keyed project mentions."""

    def __init__(self, nlp: Language, name: str, layers: dict[str, str]) -> None:
        register_extensions()
        self.name = name
        self.layers = layer_names(layers)
        self.gazetteer = load_gazetteer()
        self.by_name: dict[str, str] = {}
        signatures: dict[tuple[str, ...], set[str]] = {}
        for key, entry in self.gazetteer.projects.items():
            for form in (entry.name, *entry.aliases):
                self.by_name.setdefault(normalize_name(form), key)
                signatures.setdefault(name_signature(form), set()).add(key)
        self.by_signature = {sig: next(iter(keys)) for sig, keys in signatures.items() if len(keys) == 1}
        self._near: dict[tuple[str, ...], Optional[str]] = {}
        self.country_names = {normalize_name(form) for entry in self.gazetteer.countries.values()
                              for form in (entry.name, *entry.aliases)}

    def __call__(self, doc: Doc) -> Doc:
        wire(doc, self.layers)
        mentions: list[ProjectMention] = []
        for span in ENTITIES.spans(doc):
            if span.label_ == "PROJECT":
                mentions.extend(self._from_span(doc, span))
        mentions = self._link_known_as(doc, mentions)
        mentions += self._abbreviation_links(doc, mentions)
        mentions += self._described(doc, mentions)
        spans = []
        for m in sorted(mentions, key=lambda m: (m.start, m.end)):
            known = self.gazetteer.projects.get(m.key)
            info = ProjectInfo(m.key, m.kind, m.rule, m.name, tuple(m.aliases), tuple(known.countries) if known else ())
            spans.append(PROJECTS.span(doc, m.start, m.end, m.kind, info))
        PROJECTS.write(doc, spans)
        return doc

    def _from_span(self, doc: Doc, span: Span) -> list[ProjectMention]:
        entry = self.gazetteer.projects.get(span.id_)
        if entry is not None and entry.historic and not _called_a_project(doc, span):
            return []  # "the ancient Great Silk Road": history, not a project
        if entry is not None:
            stage_end = _stage_end(doc, span.end)
            if stage_end is not None:  # "Shah Deniz Stage 2", "the SCP expansion": a project of its own
                name = f"{entry.name} {doc[span.end:stage_end].text}"
                return [ProjectMention(span.start, stage_end, slugify(name), entry.kind, "project-stage", name)]
            return [ProjectMention(span.start, span.end, span.id_, entry.kind, "gazetteer", entry.name)]
        if span.id_ in ("project-port-of-coordinated", "project-fields-coordinated"):
            heads = [i for i in _coordinated_heads(span) if not self._is_country_wide(span.id_, doc[i:i + 1])]
            return [self._single(doc, doc[i:i + 1], span.id_, span) for i in heads]
        if self._is_country_wide(span.id_, span):
            return []
        if span.id_ == "project-corridor-plain" and span.start > 0 and doc[span.start - 1].is_title:
            return []  # "the South Caucasus corridor": a region's corridor, not a named one
        single = self._single(doc, span, span.id_, span)
        return [single] if single.name.strip() else []  # "Gas Condensate Field": kind words, no name

    def _is_country_wide(self, rule: str, part: Span) -> bool:
        """"the ports of Iran and India", "an Iranian port", "other Azerbaijani fields": a
        country's ports or fields in general, not a project; a port word with no place before
        it ("Commercial Sea Port") names none either."""
        kind = RULE_KINDS.get(rule)
        if kind in ("oil_field", "gas_field"):
            place = _field_name(part.text)
            return bool(place) and self.gazetteer.country_for_adjective(place) is not None
        if kind != "port" or rule == "project-terminal":
            return False
        place = part.text if len(part) == 1 else _port_place(part)
        return (not place.strip() or normalize_name(place) in self.country_names
                or self.gazetteer.country_for_adjective(place) is not None)

    def _single(self, doc: Doc, part: Span, rule: str, whole: Span) -> ProjectMention:
        """One project from a generic span (or one member of a coordination)."""
        kind = RULE_KINDS.get(rule, "other")
        text, aliases = _strip_abbreviation(part)
        lowered = whole.text.lower()
        if kind == "port" and rule != "project-terminal":
            place = part.text if len(part) == 1 else _port_place(part)
            name = f"Port of {place}"
        elif kind == "oil_field":
            kind = "gas_field" if " gas" in lowered and " oil" not in lowered else "oil_field"
            name = _field_name(part.text) if len(part) > 1 else part.text
        else:
            name = text
        fieldish = kind.endswith("_field") and not rule.startswith("project-block")  # "Block D230" is no "-field"
        key = self._known_key(name) or (f"{slugify(name)}-field" if fieldish else slugify(name))
        entry = self.gazetteer.projects.get(key)
        if entry is not None:
            return ProjectMention(part.start, part.end, key, entry.kind, rule, entry.name, aliases)
        return ProjectMention(part.start, part.end, key, kind, rule, name, aliases)

    def _known_key(self, name: str) -> Optional[str]:
        """The gazetteer key of a name as written, else of a variant of it: another word order
        or direction ("Astara-Rasht railway"), a synonym ("railroad"), a filler word added
        ("project", "programme"), or a kind word added to a known short name ("TANAP gas
        pipeline") when the entry is of that kind."""
        norm = normalize_name(name)
        for candidate in (norm, f"{norm} field", f"port of {norm}"):
            if candidate in self.by_name:
                return self.by_name[candidate]
        signature = name_signature(name)
        if signature in self.by_signature:
            return self.by_signature[signature]
        near = self._misspelled(signature)
        if near is not None:  # "Baku-Tblisi-Ceyhan pipeline"
            return near
        kinds: dict[str, set[str]] = {}
        for word, kind in lexicons()["project_kind_words"]:
            kinds.setdefault(word, set()).add(kind)
        said = {kind for w in signature for kind in kinds.get(w, ())}
        core = tuple(w for w in signature if w not in kinds and w not in lexicons()["project_material_words"])
        key = self.by_signature.get(core) if said and core else None
        return key if key is not None and self.gazetteer.projects[key].kind in said else None

    def _misspelled(self, signature: tuple[str, ...]) -> Optional[str]:
        """The one known name whose words are these words, one long word misspelled by one letter."""
        if signature not in self._near:
            found = {key for known, key in self.by_signature.items() if _one_typo_apart(signature, known)}
            self._near[signature] = found.pop() if len(found) == 1 else None
        return self._near[signature]

    def _described(self, doc: Doc, mentions: list[ProjectMention]) -> list[ProjectMention]:
        """A known project told by its kind and the places it links: "the railway lines
        linking Iran, Kazakhstan and Turkmenistan", "a pipeline between Turkmenistan and
        Azerbaijan". Only a gazetteer project whose name is those places and that kind is
        taken (by ``name_signature``); an unknown one is no project."""
        kinds, links = lexicons()["project_described_kinds"], lexicons()["project_described_links"]
        texts = token_texts(doc)
        taken = {i for m in mentions for i in range(m.start, m.end)}
        found = []
        for i, word in enumerate(texts):
            lowered = word.lower()
            if lowered not in kinds or i in taken:
                continue
            verb = i + 1 + (i + 1 < len(texts) and texts[i + 1].lower() in lexicons()["project_described_nouns"])
            if verb >= len(texts) or texts[verb].lower() not in links:
                continue
            places, end = _listed_places(texts, verb + 1)
            key = self.by_signature.get(name_signature(" ".join([lowered, *places]))) if len(places) >= 2 else None
            if key is not None and not taken.intersection(range(i, end)):
                entry = self.gazetteer.projects[key]
                found.append(ProjectMention(i, end, key, entry.kind, DESCRIBED_PROJECT, entry.name))
        return found

    def _link_known_as(self, doc: Doc, mentions: list[ProjectMention]) -> list[ProjectMention]:
        """"X, also known as the Y": Y is an alias of X, with X's key."""
        ordered = sorted(mentions, key=lambda m: m.start)
        for prev, cur in zip(ordered, ordered[1:]):
            between = _text_between(doc, prev.end, cur.start).lower().strip(" ,()")
            between = between.removesuffix(" the").strip()
            if between in ALIAS_CUES and prev.key != cur.key:
                prev.aliases.append(doc[cur.start:cur.end].text)
                for m in mentions:
                    if m.key == cur.key and m is not prev:
                        m.key, m.kind, m.name = prev.key, prev.kind, prev.name
        return mentions

    def _abbreviation_links(self, doc: Doc, mentions: list[ProjectMention]) -> list[ProjectMention]:
        """"Name (ABBR)" or an alias pulled from a name: later bare ABBR tokens link to it."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        abbrevs: dict[str, ProjectMention] = {}
        for m in mentions:
            for alias in m.aliases:
                if alias.isupper():
                    abbrevs[alias] = m
            if m.end + 2 < len(doc) and doc[m.end].text == "(" and doc[m.end + 2].text == ")" and doc[m.end + 1].is_upper:
                abbrevs[doc[m.end + 1].text] = m
                m.aliases.append(doc[m.end + 1].text)
        out = []
        for i, text in enumerate(token_texts(doc) if abbrevs else ()):
            ref = abbrevs.get(text)
            if ref is not None and i not in taken:
                out.append(ProjectMention(i, i + 1, ref.key, ref.kind, "abbreviation", ref.name))
        return out


def _one_typo_apart(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same words but one, and that one (of ``MIN_TYPO_LENGTH`` letters or more) one letter off."""
    if len(a) != len(b) or a == b:
        return False
    left, right = sorted(set(a) - set(b)), sorted(set(b) - set(a))
    if len(left) != 1 or len(right) != 1 or min(len(left[0]), len(right[0])) < MIN_TYPO_LENGTH:
        return False
    return one_letter_apart(left[0], right[0])


def name_signature(name: str) -> tuple[str, ...]:
    """A project name's words without order, filler words or synonym differences:
    "North-South International Transport Corridor" and "International North-South
    Transport Corridor" share one (``patterns/lexicons.jsonl`` lists the words)."""
    synonyms = dict(lexicons()["project_word_synonyms"])
    filler = lexicons()["project_filler_words"]
    words = (synonyms.get(w, w) for w in normalize_name(name).split())
    return tuple(sorted({w for w in words if w not in filler}))


def _listed_places(texts: list[str], start: int) -> tuple[list[str], int]:
    """The capitalized names listed from token ``start`` ("Iran, Kazakhstan and
    Turkmenistan"), each of one or more words, and the token after the last name."""
    separators = lexicons()["place_list_separators"]
    places: list[str] = []
    i = start
    while i < len(texts) and texts[i][:1].isupper():
        j = i
        while j < len(texts) and texts[j][:1].isupper():
            j += 1
        places.append(" ".join(texts[i:j]))
        k = j
        while k < len(texts) and texts[k].lower() in separators:  # ", and": the serial comma
            k += 1
        if k == j or k >= len(texts) or not texts[k][:1].isupper():
            return places, j  # the list ends at its last name, not at a separator after it
        i = k
    return places, i


def _called_a_project(doc: Doc, span: Span) -> bool:
    """Whether the text calls a historic route a project: a project word in or after the
    name ("the Great Silk Road project") or a revival just before it ("the rebirth of the
    Silk Road")."""
    words = lexicons()["project_words"]
    near = {t.lower_ for t in doc[span.start:span.end + 2]} | {t.lower_ for t in doc[max(0, span.start - 3):span.start]}
    return bool(near & words)


def _text_between(doc: Doc, start: int, end: int) -> str:
    """``doc[start:end].text``, sliced from the document text instead of joined from tokens."""
    if end <= start:
        return ""
    texts, starts = token_texts(doc), token_starts(doc)
    return doc_text(doc)[starts[start] : starts[end - 1] + len(texts[end - 1])]


def _coordinated_heads(span: Span) -> list[int]:
    """Token indices of the capitalized members of "ports of A and B" / "A and B oil fields"."""
    skip = {"ports", "seaports", "of", "and", ",", "oil", "gas", "fields"}
    return [t.i for t in span if t.lower_ not in skip and t.text[:1].isupper()]


def _strip_abbreviation(span: Span) -> tuple[str, list[str]]:
    """Remove a parenthesized abbreviation from a name; return (name, [abbreviation])."""
    tokens = list(span)
    for i in range(len(tokens) - 2):
        if tokens[i].text == "(" and tokens[i + 2].text == ")" and tokens[i + 1].is_upper:
            before = span.doc[span.start:tokens[i].i].text
            after = span.doc[tokens[i + 2].i + 1:span.end].text
            return f"{before} {after}".strip(), [tokens[i + 1].text]
    return span.text, []


def _port_place(span: Span) -> str:
    """The place of "port of Kuryk" / "Baku port"."""
    words = [t.text for t in span if t.lower_ not in PORT_WORDS]
    return " ".join(words)


def _field_name(text: str) -> str:
    """"Tengiz oil field" -> "Tengiz"."""
    drop = lexicons()["field_kind_words"]
    return " ".join(w for w in text.split() if w.lower() not in drop)


@Language.factory("caspianie_projects", default_config={"layers": {}}, requires=[ENTITIES.attr],
                  assigns=[PROJECTS.attr, "span._.info"])
def make_project_linker(nlp: Language, name: str, layers: dict[str, str]) -> ProjectLinker:
    """Project mentions from the entity layer (see the module docstring)."""
    return ProjectLinker(nlp, name, layers)


def _stage_end(doc: Doc, end: int) -> Optional[int]:
    """The end of a stage or extension written right after a known project's name ("Stage 2",
    "Phase II", "expansion"), else None (``patterns/lexicons.jsonl``: ``project_stage_words``,
    ``project_extension_words``)."""
    if end < len(doc) and doc[end].lower_ in lexicons()["project_extension_words"]:
        return end + 1
    if end + 1 < len(doc) and doc[end].lower_ in lexicons()["project_stage_words"]:
        number = doc[end + 1].text
        if number.isdigit() or number.upper().strip(".") in ROMAN_NUMERALS:
            return end + 2
    return None
