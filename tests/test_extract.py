"""Extraction with the real model: each pattern, its modality, and its evidence."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def facts(ex) -> set[tuple[str, str, str]]:
    return {r.triple for r in ex.relations if r.is_fact}


def all_with_modality(ex) -> set[tuple[str, str, str, str]]:
    return {(*r.triple, r.evidence.modality) for r in ex.relations}


def test_epithet_backing(parse):
    ex = parse("A U.S. drone strike in Iraq killed the head of the Iran-backed militia Kataib Hezbollah.")
    assert ("kataib_hezbollah", "backedBy", "iran") in facts(ex)
    rel = next(r for r in ex.relations if r.predicate == "backedBy")
    ev = rel.evidence
    assert ev.trigger == "Iran-backed" and ev.extractor == "epithets" and ev.version
    assert ev.sentence == ex.document.text[ev.start : ev.end]
    assert 0 < ev.confidence <= 1


def test_passive_backing(parse):
    ex = parse("Kataib Hezbollah, which is armed and funded by Iran, denied the report.")
    assert ("kataib_hezbollah", "backedBy", "iran") in facts(ex)


def test_claimed_attack(parse):
    ex = parse("Kataib Hezbollah has claimed responsibility for numerous attacks on U.S. forces in Iraq.")
    assert ("kataib_hezbollah", "attacked", "united_states", "claimed") in all_with_modality(ex)


def test_strike_on_a_member_is_an_attack_on_the_group(parse):
    ex = parse(
        "The U.S. military conducted a strike in Iraq on Wednesday, killing a Kataib Hezbollah commander."
    )
    assert ("united_states", "attacked", "kataib_hezbollah") in facts(ex) or (
        "united_states",
        "struck",
        "kataib_hezbollah",
    ) in facts(ex)


def test_killed_named_person(parse):
    ex = parse("Israeli troops killed Hamas leader Yahya Sinwar in Rafah on Wednesday.")
    got = facts(ex)
    assert ("israel", "killed", "yahya_sinwar") in got
    assert ("yahya_sinwar", "leaderOf", "hamas") in got


def test_passive_kill(parse):
    ex = parse("Hamas leader Yahya Sinwar was killed by Israeli troops in Rafah.")
    assert ("israel", "killed", "yahya_sinwar") in facts(ex)


def test_denial_is_kept_but_not_a_fact(parse):
    ex = parse("Iran has denied arming the Houthis.")
    assert not facts(ex)
    assert ("houthis", "backedBy", "iran", "denied") in all_with_modality(ex)


def test_threat_is_hypothetical(parse):
    ex = parse("The Houthis threatened to attack U.S. warships in the Red Sea.")
    assert not facts(ex)


def test_accusation_is_alleged(parse):
    ex = parse("Washington holds Kataib Hezbollah responsible for a string of attacks on American troops.")
    assert ("kataib_hezbollah", "attacked", "united_states") not in facts(ex)


def test_roles(parse):
    ex = parse(
        "SDF commander Mazloum Abdi rejected the claim. Hezbollah's leader Hassan Nasrallah spoke on Friday. "
        "Houthi spokesman Yahya Saree said the group fired missiles."
    )
    got = facts(ex)
    assert ("mazloum_abdi", "leaderOf", "syrian_democratic_forces") in got
    assert ("hassan_nasrallah", "leaderOf", "hezbollah") in got
    assert ("yahya_saree", "memberOf", "houthis") in got


def mention_keys(nlp, text: str) -> list[str]:
    from kgraph.extract.mentions import MentionIndex
    from kgraph.gazetteer import load_gazetteer
    from kgraph.lexicon import load_lexicon

    return [s.key for s in MentionIndex(nlp(text), load_gazetteer(), load_lexicon()).spans]


def test_homonyms_stay_apart(nlp):
    keys = mention_keys(
        nlp, "Hezbollah fired rockets. Kataib Hezbollah is backed by Tehran. Harakat Hezbollah al-Nujaba too."
    )
    assert keys[0] == "hezbollah" and keys[1] == "kataib_hezbollah" and keys[2] == "iran"
    assert keys[3] not in ("hezbollah", "kataib_hezbollah") and "nujaba" in keys[3]


def test_agencies_and_platforms_are_not_actors(nlp):
    keys = mention_keys(
        nlp, "AFP and Reuters reported on Telegram that Getty Images photographers saw Hezbollah."
    )
    assert keys == ["hezbollah"]


def test_state_forces_are_the_state(nlp):
    keys = mention_keys(nlp, "American warplanes, Iraqi security forces and the Pentagon.")
    assert keys == ["united_states", "iraq", "united_states"]
