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


def test_designation_passive_and_active(parse):
    ex = parse(
        "The PKK is designated a terrorist organisation by Turkey, the United States and the European Union. "
        "The United States designated Boko Haram a foreign terrorist organization in 2013."
    )
    got = facts(ex)
    for designator in ("turkey", "united_states", "european_union"):
        assert ("pkk", "designatedBy", designator) in got
    assert ("boko_haram", "designatedBy", "united_states") in got


def test_designation_epithet(parse):
    ex = parse("Police arrested members of the U.S.-designated terrorist group Hezbollah.")
    assert ("hezbollah", "designatedBy", "united_states") in facts(ex)


def test_ties_between_groups(parse):
    ex = parse(
        "JNIM's main jihadist rival is the Islamic State Sahel Province. "
        "Harakat al-Nujaba split from Asaib Ahl al-Haq in 2013. "
        "Al-Shabaab, al-Qaeda's affiliate in Somalia, said its fighters carried out the assault."
    )
    got = facts(ex)
    assert any(t[1] == "hostileTo" and {t[0], t[2]} == {"jnim", "is_sahel"} for t in got)
    assert ("harakat_al_nujaba", "splinterOf", "asaib_ahl_al_haq") in got
    assert ("al_shabaab", "affiliateOf", "al_qaeda") in got


def test_alliance_members_and_umbrella(parse):
    ex = parse(
        "The MNDAA, the Ta'ang National Liberation Army (TNLA) and the Arakan Army (AA), all members of "
        "the Three Brotherhood Alliance, launched a joint offensive against the military."
    )
    got = facts(ex)
    assert ("mndaa", "partOf", "three_brotherhood_alliance") in got
    assert any(t[1] == "alliedWith" and {t[0], t[2]} == {"mndaa", "arakan_army"} for t in got)


def test_head_of_state_and_official(parse):
    ex = parse(
        "Iraqi Prime Minister Mohammed Shia al-Sudani condemned the strike. "
        "Pentagon spokesman Major General Pat Ryder said the strike was necessary."
    )
    got = facts(ex)
    assert ("mohammed_shia_al_sudani", "leaderOf", "iraq") in got
    assert ("pat_ryder", "memberOf", "united_states") in got
    assert not any(t[0] == "pat_ryder" and t[1] == "leaderOf" for t in got)


def test_group_acts_in_places(parse):
    ex = parse(
        "The Houthis have attacked dozens of ships off the coast and seized towns across Yemen. "
        "Nigeria's Boko Haram said it carried out the attack."
    )
    got = facts(ex)
    assert ("houthis", "operatesIn", "yemen") in got
    assert ("boko_haram", "operatesIn", "nigeria") in got


def test_speaker_pronoun_and_threat(parse):
    ex = parse(
        "Israel says it killed Hezbollah leader Hassan Nasrallah in Beirut. "
        "Hezbollah could retaliate against Israel, analysts said."
    )
    got = facts(ex)
    assert ("israel", "killed", "hassan_nasrallah") in got
    assert not any(t[0] == "hezbollah" and t[2] == "israel" for t in got)


def test_acronym_defined_in_text_and_family_names(parse):
    ex = parse(
        "The Arakan Army (AA) seized the town of Paletwa. AA chief Twan Mrat Naing said the group would "
        "hold it. In a speech, the Houthis' leader, Abdul-Malik al-Houthi, praised the fighters."
    )
    got = facts(ex)
    assert any(t[1] == "leaderOf" and t[2] == "arakan_army" for t in got)
    assert ("abdul_malik_al_houthi", "leaderOf", "houthis") in got
    names = {m.text: m.actor for m in ex.mentions}
    assert names.get("Abdul-Malik al-Houthi") == "abdul_malik_al_houthi"


def test_alias_and_nickname_name_one_person(parse):
    ex = parse(
        'Julio Cesar Sanchez, alias "El Politico," a leader of the Urabenos, was arrested. '
        "Washington imposed sanctions on the paramilitary group's commander, Mohamed Hamdan Dagalo, "
        "widely known as Hemedti. The United States had already sanctioned Hemedti in January."
    )
    got = facts(ex)
    assert any(t[0] == "julio_cesar_sanchez" and t[1] == "leaderOf" for t in got)
    assert ("mohamed_hamdan_dagalo", "designatedBy", "united_states") in got
    assert not any(t[0] == "hemedti" for t in got)


def test_numbered_units_whose_leader_and_home_army(parse):
    ex = parse(
        "The commander of the FARC's 1st Front refused to disarm. The ELN said it was fighting the 33rd Front. "
        "Violence rose in the Gulf Cartel, whose leader Jorge Eduardo Costilla Sanchez was arrested."
    )
    got = facts(ex)
    assert ("farc_1st_front", "partOf", "farc") in got
    assert any(t[1] == "hostileTo" and {t[0], t[2]} == {"eln", "33rd_front"} for t in got)
    assert ("jorge_eduardo_costilla_sanchez", "leaderOf", "gulf_cartel") in got
    ex = parse(
        "Sudan's army fought the RSF in Omdurman. Sudan has asked for aid. Officials in Sudan said the "
        "army shelled RSF positions in El Fasher."
    )
    assert ("sudan", "struck", "rapid_support_forces") in facts(ex)


def test_plural_and_qualified_anaphors_are_not_resolved(parse):
    ex = parse(
        "Hamas fighters attacked an Israeli post. Hezbollah fired rockets the same day. "
        "The two groups' alliance with Iran has deepened."
    )
    assert not any(t[1] == "alliedWith" and "iran" in (t[0], t[2]) for t in facts(ex))


def test_prepositional_chain_and_negated_claim(parse):
    ex = parse(
        "A strike by Israeli jets on Hezbollah's positions near Tyre killed two fighters. "
        "No group has claimed the attack on the Kenyan base."
    )
    got = facts(ex)
    assert ("israel", "struck", "hezbollah") in got
    assert not any(t[1] in ("attacked", "struck") and t[2] == "kenya" for t in got)


def test_dependence_relative_passives_and_the_latter(parse):
    ex = parse(
        "PIJ depends on Iran more heavily than Hamas does. "
        "The faction was led by Adnan Abu Walid al-Sahrawi, who was killed by French forces in 2021. "
        "ISWAP broke away from Boko Haram in 2016, and is recognised by Islamic State as its official branch. "
        "The TTP is a separate movement from the Afghan Taliban but has pledged allegiance to the latter's "
        "supreme leader, Haibatullah Akhundzada."
    )
    got = facts(ex)
    assert ("palestinian_islamic_jihad", "backedBy", "iran") in got
    assert ("france", "killed", "adnan_abu_walid_al_sahrawi") in got
    assert ("iswap", "affiliateOf", "islamic_state") in got
    assert ("haibatullah_akhundzada", "leaderOf", "taliban") in got
    assert ("ttp", "affiliateOf", "taliban") in got
