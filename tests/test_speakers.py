"""Who said it, one short text per newsroom habit: (text, speaker name, speaker mention as written)."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize("text, speaker, mention", [
    # unnamed speakers are named by their description, without determiner or count
    ('"We have no leverage," one official admitted.', "official", "one official"),
    ("Some U.S. Officials complained Japan has no intention of boosting demand.", "U.S. Officials",
     "Some U.S. Officials"),
    ("One member of the soybean delegation said the proposals will be studied.",
     "member of the soybean delegation", "One member"),
    # what does not restrict the noun is not part of its name
    ("The banks for their part insist that they are willing to talk.", "banks", "The banks"),
    ("Some officials including Agriculture Minister Michael Jopling have said the study could be useful.",
     "officials", "Some officials"),
    ("Talks were poised, bankers and sources close to the Philippine delegation said.", "bankers",
     "bankers and sources"),
    # a name after its affiliation, which the recogniser missed or took into the name
    ('"There will be politicking," Bronwyn Curtis of Landell Mills Commodities Studies said.', "Bronwyn Curtis",
     "Bronwyn Curtis"),
])
def test_unnamed_speakers_named(said, text, speaker, mention):
    assert said(text)[-1][2:] == (speaker, mention)


@pytest.mark.parametrize("text, expected", [
    # a question put to the subject is not the subject's statement
    ('Asked whether Comecon would accept the clause that any declaration stipulate West Berlin as part of '
     'the Community, he replied: "This question is not in the draft."',
     [("direct", "This question is not in the draft.", None, "he")]),
    ("Asked about criticism that he did not cut short his holiday, Tony Blair told reporters he had "
     "stayed in touch.", [("indirect", "he had stayed in touch", "Tony Blair", "Tony Blair")]),
])
def test_questions_are_not_statements(said, text, expected):
    assert said(text) == expected


@pytest.mark.parametrize("text, speaker, mention", [
    # a pronoun takes up an unnamed speaker, and a definite description the one described before
    ('"We appreciate their frustration," a senior government official said. The official said the yen had '
     'hit exporters hard. It will show, he said.', "senior government official", "he"),
    ("U.S. officials criticised the proposal because they said it fails to focus on market access.",
     "U.S. officials", "they"),
    # a speaker is not named inside what it said
    ('"It condemns Japan," one Japanese official said. That reference spoils a bill introduced by Senator '
     'Lloyd Bentsen, he said.', "Japanese official", "he"),
])
def test_speakers_taken_up_again(said, text, speaker, mention):
    assert said(text)[-1][2:] == (speaker, mention)


def test_a_lead_description_is_the_person_named_next(said):
    rows = said("U.S. To Push Farm Statement\n\nWASHINGTON, April 9 - The United States will push for a strong "
                "statement, the senior U.S. planner for the summit said.\n\n\"Agriculture is the number one "
                "problem,\" Allen Wallis, undersecretary of state, told Reuters.")
    assert [r[2] for r in rows] == ["Allen Wallis", "Allen Wallis"]


def test_a_report_holding_a_quoted_fragment_is_one_act_of_speech_in_two_statements(analyse):
    ex = analyse('Allen Wallis said the leaders should endorse a "comprehensive" negotiation on farm trade.')
    statements = sorted((n for n in ex.nodes if n.type == "statement"), key=lambda n: n.start)
    assert [(n.kind, n.text) for n in statements] == [
        ("indirect", 'the leaders should endorse a "comprehensive" negotiation on farm trade'),
        ("partial", "comprehensive"),
    ]
    assert statements[0].utterance is not None and statements[0].utterance == statements[1].utterance


def test_a_quote_that_is_the_whole_report_is_one_statement(said):
    assert said('Jane Smith said "the talks have failed."') == [
        ("direct", "the talks have failed.", "Jane Smith", "Jane Smith")]


def test_a_verb_coordinated_with_an_object_frames_nothing(said):
    assert said("He noted that under the new act, Britain could revoke or deny licences to Japanese banks.") == [
        ("indirect", "under the new act, Britain could revoke or deny licences to Japanese banks", None, "He")]


def test_coordinated_reporting_verbs_share_their_subject_whatever_their_tag(said):
    rows = said("James Baker and Paul Volcker have told House leaders they were optimistic, but acknowledged the "
                "crisis could take a turn for the worse, Congressional sources said.")
    assert ("indirect", "the crisis could take a turn for the worse", "James Baker", "James Baker and Paul Volcker") in rows


@pytest.mark.parametrize("text, speaker, mention", [
    # the object of a verb of causing speaks what its infinitive reports
    ("The senator got John Stumpf to admit that no executives had been held accountable.", "John Stumpf",
     "John Stumpf"),
    # after a dateline the story's own first noun phrase is the subject, whatever the parser made of it
    ("WASHINGTON -- President Barack Obama, dedicating the National Museum of African American History and "
     "Culture on Saturday, said it would tell an American story.", "Barack Obama", "President Barack Obama"),
    # a participle right after a name in an of-phrase is what the named one does
    ('The ad uses footage of Hillary Clinton asking, "Why am I not 50 points ahead?"', "Hillary Clinton",
     "Hillary Clinton"),
    # whoever calls something so in a free relative is the subject around it, named there
    ('Secretary General Ban Ki-moon condemned what he called a "brazen breach" of the resolutions.',
     "Ban Ki-moon", "Secretary General Ban Ki-moon"),
    # a title the parser made the subject speaks through the person it titles
    ("Reagan's National Security Adviser, Frank Carlucci added that the plan was sound.", "Frank Carlucci",
     "Reagan's National Security Adviser"),
    ("The plan will work, said Treasury Under Secretary John Taylor.", "John Taylor", "Treasury"),
    # the one spoken to before a colon is not the speaker; a memo is not its addressee's
    ('Mr Thorpe told Sir Edward: "We must act now."', "Thorpe", "Mr Thorpe"),
    ('"That would be wrong," reads a telephone memo for Mr Heath.', "telephone memo for Mr Heath",
     "a telephone memo"),
])
def test_who_speaks_in_the_frame(said, text, speaker, mention):
    assert said(text)[-1][2:] == (speaker, mention)


def test_a_clause_before_a_colon_announces_the_quote(said):
    rows = said('Canadian Trade Minister Patricia Carney also agreed: "We are meeting in a time of great tension."')
    assert rows == [("direct", "We are meeting in a time of great tension.", "Patricia Carney",
                     "Canadian Trade Minister Patricia Carney")]


@pytest.mark.parametrize("text, speaker", [
    # words by unnamed people are theirs, not the name inside their description
    ("Public statements in recent weeks by several members of the Reagan cabinet have stressed the farm issue.",
     "members of the Reagan cabinet"),
    # a plain noun for a person describes whoever the text is about; a title must be theirs
    ("Fed chairman Paul Volcker was especially concerned about the risks. The central banker said resolving "
     "the crisis would be a struggle.", "Paul Volcker"),
])
def test_descriptions_of_speakers(said, text, speaker):
    assert said(text)[-1][2] == speaker


@pytest.mark.parametrize("text, people", [
    # a possessive, a word of saying or an epithet is no part of a name
    ("Donald Trump’s aide spoke. Donald Trump said he would win.", ["Donald Trump"]),
    ("Crooked Hillary Clinton lied, he said. Hillary Clinton denied it.", ["Hillary Clinton"]),
    ("Derelict Obama failed, he said. Barack Obama disagreed.", ["Barack Obama"]),
    ("Clinton's campaign was helped by pro-Clinton groups, said Hillary Clinton.", ["Hillary Clinton"]),
    # a bare surname means, all through the story, the one named in full before it is first used alone
    ("Hillary Clinton spoke. Clinton said she would win. Bill Clinton agreed. Clinton said it was fine.",
     ["Bill Clinton", "Hillary Clinton"]),
    # a surname of several words, and a surname before a generational suffix, join the full name
    ('Aung San Suu Kyi visited the White House. "We are grateful," Suu Kyi said.', ["Aung San Suu Kyi"]),
    ('Among them is Chandler Van Voorhis, a founder of a company. "It works," Mr. Van Voorhis said.',
     ["Chandler Van Voorhis"]),
    ('Vice President Joseph R. Biden Jr. met the leader. "We are glad," Biden said.', ["Joseph R. Biden Jr."]),
])
def test_person_names(analyse, text, people):
    ex = analyse(text)
    assert sorted(n.name for n in ex.nodes if n.type == "person" and not n.anonymous) == people


def test_a_bare_surname_keeps_the_person_it_first_meant(said):
    rows = said("Donald Trump spoke. Trump said he would win. His daughter Ivanka Trump spoke. Ivanka Trump "
                "left. Trump said it was fine.")
    assert [r[2] for r in rows] == ["Donald Trump", "Donald Trump"]


def test_a_headline_over_two_lines_gives_no_person_and_no_statement(said):
    assert said("Derelict Obama and Clinton;\nTrump Says He Will Go On Offense\n\nBarack Obama spoke on Monday.") == []


def test_an_organisation_name_ends_before_an_unclosed_parenthesis(analyse):
    ex = analyse("Finance ministers of the Group of Seven (G-7) met in Paris on Sunday.")
    names = {n.name for n in ex.nodes if n.type == "organization"}
    assert not any("(" in name for name in names)
