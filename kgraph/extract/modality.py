"""How a statement is made: asserted, claimed, denied, hypothetical or alleged.

The cues are read on the path from the trigger word up to the root of its sentence, so
"Tehran has denied any involvement in the attack" marks the attack as denied while
"the Pentagon said the strike killed X" stays asserted.
"""

from __future__ import annotations

from spacy.tokens import Token

from kgraph.lexicon import Lexicon
from kgraph.records import ALLEGED, ASSERTED, CLAIMED, DENIED, HYPOTHETICAL

MODALS = frozenset({"could", "would", "might", "may", "should", "must", "can", "will", "shall", "'d", "'ll"})
FUTURE_MARKS = frozenset({"if", "whether", "unless"})
CLAIM_PHRASES = frozenset({"responsibility", "credit"})
#: Dependency labels where the scope of a cue above ends: "X, which is funded by Iran, denied..."
CLAUSE_BOUNDARIES = frozenset({"relcl", "acl", "appos", "amod", "compound", "npadvmod"})


def path_to_root(token: Token) -> list[Token]:
    path = [token]
    while path[-1].head.i != path[-1].i and len(path) < 40:
        path.append(path[-1].head)
    return path


def modality_of(trigger: Token, lex: Lexicon) -> str:
    """The modality of the statement whose main word is ``trigger``."""
    path = path_to_root(trigger)
    claimed = False
    for depth, node in enumerate(path):
        lemma = (node.lemma_ or node.lower_).lower()
        kids = list(node.children)
        if lemma in lex.denial_cues:
            return DENIED
        if any(k.dep_ == "neg" for k in kids) and node.pos_ in ("VERB", "AUX", "NOUN", "ADJ"):
            return DENIED
        if any(k.dep_ == "det" and k.lower_ == "no" for k in kids) and depth <= 2:
            return DENIED
        if any(k.dep_ == "aux" and k.lower_ in MODALS and k.lower_ != "will" for k in kids):
            return HYPOTHETICAL
        if any(k.dep_ == "aux" and k.lower_ == "will" for k in kids) and node.tag_ != "VBN":
            return HYPOTHETICAL
        if any(k.dep_ == "mark" and k.lower_ in FUTURE_MARKS for k in kids):
            return HYPOTHETICAL
        if lemma in lex.hypothetical_cues and node.i != trigger.i:
            return HYPOTHETICAL
        if node.pos_ == "NOUN" and any(k.dep_ == "amod" and k.lower_ in lex.hypothetical_cues for k in kids):
            return HYPOTHETICAL  # "the potential arrival of X
        if lemma in lex.accusation_cues and node.i != trigger.i and _accuses(node, lemma):
            return ALLEGED
        if lemma == "claim" or (lemma in CLAIM_PHRASES and node.head.lemma_ in ("claim", "take")):
            claimed = True
        complement = node.dep_ == "relcl" and any(k.dep_ == "mark" and k.lower_ == "that" for k in kids)
        if node.dep_ in CLAUSE_BOUNDARIES and not complement:  # "posits that X split…" misread as relcl
            break  # a relative clause or an attribute is the writer's own statement
        if _adjunct(node):  # "In addition to feuding with Y, the group has accused…": said as fact
            break
        if node.dep_ == "prep" and node.lower_ == "of" and node.head.lemma_.lower() in PRESUPPOSING_NOUNS:
            break  # "could mean the end of the divide between X and Y": the divide is there now
    return CLAIMED if claimed else ASSERTED


#: Nouns whose "of" phrase exists whatever the verb above says ("the end of the war").
PRESUPPOSING_NOUNS = frozenset({"end"})

#: Prepositions that open a circumstance the writer states, whatever the main verb says.
ADJUNCT_PREPS = frozenset({"after", "since", "despite", "following", "amid", "during", "besides"})


def _adjunct(node: Token) -> bool:
    """Whether ``node`` opens a circumstantial phrase of the verb above it ("after X
    attacked Y", "in addition to feuding with Y", "on the anniversary of its war")."""
    if node.dep_ != "prep" or node.head.pos_ not in ("VERB", "AUX"):
        return False
    return (
        node.lower_ in ADJUNCT_PREPS
        or any(c.lemma_.lower() == "addition" for c in node.children)
        or any(c.dep_ == "pobj" and c.lemma_.lower() in TIME_NOUNS for c in node.children)
    )


#: Nouns of a time phrase, whose contents are given, not supposed: "could be partitioned
#: on the second anniversary of its war with the army".
TIME_NOUNS = frozenset({"anniversary", "eve", "day", "night", "morning", "week", "month", "year", "weekend"})


def _accuses(node: Token, lemma: str) -> bool:
    """ "holds X responsible" accuses; "hold onto the Sucre department" does not."""
    if lemma != "hold":
        return True
    return any(t.lower_ in ("responsible", "accountable", "liable", "culpable") for t in node.subtree)
